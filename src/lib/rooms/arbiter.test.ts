import { describe, expect, it } from "vitest";
import { NOT_SENT_REASON, RECONNECT_GRACE_MS, RoomArbiter, SEAT_MESSAGE_RULES, TURN_TIMEOUT_MS, TYPING_TIMEOUT_MS, type TArbiterEffect } from "./arbiter";
import { HOST_MESSAGE_TYPES, type TRoomSettings } from "./protocol";
import type { TTurnPolicy } from "./turn-policy";

const settings = (turnPolicy: TTurnPolicy = "round_robin", maxAiRepliesPerMessage = 3): TRoomSettings => ({ title: "Tea", turnPolicy, maxAiRepliesPerMessage });
const seat = (participantId: string, displayName: string, characterName: string) => ({ participantId, displayName, characterName, characterThumbnail: null, isHost: participantId === "rpt_host", talkativeness: 0.5 });

function roomOf(policy?: TTurnPolicy, cap?: number) {
  let turns = 0;
  const arbiter = new RoomArbiter(settings(policy, cap), { random: () => 0.99, newTurnId: () => `turn-${++turns}` });
  arbiter.admit(seat("rpt_host", "Hana", "Iris"), null, 0);
  arbiter.admit(seat("rpt_b", "Ben", "Bram"), null, 0);
  arbiter.admit(seat("rpt_c", "Cat", "Cleo"), null, 0);
  return arbiter;
}

const ofType = (effects: TArbiterEffect[], type: string) => effects.filter((effect) => effect.message.type === type);
const grantOf = (effects: TArbiterEffect[]) => {
  const grant = ofType(effects, "turn-grant")[0]?.message;
  return grant?.type === "turn-grant" ? grant : null;
};
const chat = (text: string) => ({ v: 1 as const, type: "chat" as const, text });
const final = (turnId: string, text: string) => ({ v: 1 as const, type: "ai-final" as const, turnId, status: "complete" as const, text });

/** Answers every grant in order and returns who spoke. */
function answerAll(arbiter: RoomArbiter, first: TArbiterEffect[], now: number): string[] {
  const speakers: string[] = [];
  let grant = grantOf(first);
  while (grant) {
    speakers.push(grant.participantId);
    grant = grantOf(arbiter.receive(grant.participantId, final(grant.turnId, `reply ${speakers.length}`), now));
  }
  return speakers;
}

describe("room arbiter", () => {
  it("stamps every transcript message with the next sequence number and relays it to everyone", () => {
    const arbiter = roomOf("manual");
    const first = ofType(arbiter.receive("rpt_b", chat("hello"), 1), "message");
    const second = ofType(arbiter.receive("rpt_c", chat("hi"), 2), "message");
    // Ben's and Cat's arrivals took 1 and 2.
    expect(first).toEqual([{ to: null, message: { type: "message", message: { seq: 3, kind: "human", participantId: "rpt_b", speakerName: "Ben", text: "hello", at: 1 } } }]);
    expect(second[0]?.message).toMatchObject({ message: { seq: 4, speakerName: "Cat" } });
  });

  it("round-robin: one reply per character, in order, then silence", () => {
    const arbiter = roomOf("round_robin", 3);
    expect(answerAll(arbiter, arbiter.receive("rpt_b", chat("hello"), 1), 2)).toEqual(["rpt_host", "rpt_b", "rpt_c"]);
    // The next message starts after the last speaker.
    expect(answerAll(arbiter, arbiter.receive("rpt_b", chat("again"), 3), 4)).toEqual(["rpt_host", "rpt_b", "rpt_c"]);
  });

  it("caps the AI replies per human message", () => {
    const arbiter = roomOf("round_robin", 2);
    expect(answerAll(arbiter, arbiter.receive("rpt_b", chat("hello"), 1), 2)).toEqual(["rpt_host", "rpt_b"]);
  });

  it("natural: a character named in a reply is given the word, but never answers itself", () => {
    const arbiter = roomOf("natural", 3);
    const speakers = answerAll(arbiter, arbiter.receive("rpt_b", chat("Iris, what do you say?"), 1), 2);
    expect(speakers[0]).toBe("rpt_host");
    expect(new Set(speakers).size).toBe(speakers.length);
  });

  it("pauses AI turns while anyone is typing and resumes when they stop", () => {
    const arbiter = roomOf("round_robin");
    arbiter.receive("rpt_c", { v: 1, type: "typing", typing: true }, 1);
    expect(grantOf(arbiter.receive("rpt_b", chat("hello"), 2))).toBeNull();
    const resumed = arbiter.receive("rpt_c", { v: 1, type: "typing", typing: false }, 3);
    expect(grantOf(resumed)?.participantId).toBe("rpt_host");
  });

  it("a person's message ends their typing without a separate relay, and lets the turns go on", () => {
    const arbiter = roomOf("round_robin");
    arbiter.receive("rpt_b", { v: 1, type: "typing", typing: true }, 1);
    const effects = arbiter.receive("rpt_b", chat("hello"), 2);
    expect(effects.some((effect) => effect.message.type === "relay-typing")).toBe(false);
    expect(grantOf(effects)?.participantId).toBe("rpt_host");
  });

  it("typing lapses on its own, so a vanished typist cannot stall the room", () => {
    const arbiter = roomOf("round_robin");
    arbiter.receive("rpt_c", { v: 1, type: "typing", typing: true }, 1);
    expect(grantOf(arbiter.receive("rpt_b", chat("hello"), 2))).toBeNull();
    expect(grantOf(arbiter.tick(1 + TYPING_TIMEOUT_MS))?.participantId).toBe("rpt_host");
  });

  it("relays a reply's stream only from the participant granted the turn", () => {
    const arbiter = roomOf("round_robin");
    const grant = grantOf(arbiter.receive("rpt_b", chat("hello"), 1))!;
    expect(arbiter.receive("rpt_c", { v: 1, type: "ai-stream", turnId: grant.turnId, delta: "impostor" }, 2)).toEqual([]);
    expect(arbiter.droppedMessages).toBe(1);
    expect(arbiter.receive("rpt_host", { v: 1, type: "ai-stream", turnId: grant.turnId, delta: "The " }, 2)).toEqual([
      { to: null, except: "rpt_host", message: { type: "relay-ai-stream", turnId: grant.turnId, participantId: "rpt_host", delta: "The " } },
    ]);
  });

  it("gives up a turn that goes quiet and moves on", () => {
    const arbiter = roomOf("round_robin");
    const grant = grantOf(arbiter.receive("rpt_b", chat("hello"), 1))!;
    const effects = arbiter.tick(2 + TURN_TIMEOUT_MS);
    expect(ofType(effects, "turn-end")[0]?.message).toMatchObject({ turnId: grant.turnId, error: "Iris took too long to answer." });
    expect(grantOf(effects)?.participantId).toBe("rpt_b");
  });

  it("skips muted characters; manual turns only come from the host", () => {
    const arbiter = roomOf("manual");
    arbiter.setMuted("rpt_b", true, 0);
    expect(grantOf(arbiter.receive("rpt_c", chat("hello"), 1))).toBeNull();
    expect(arbiter.letSpeak("rpt_b", 2)).toEqual([]);
    expect(grantOf(arbiter.letSpeak("rpt_c", 2))?.participantId).toBe("rpt_c");
  });

  it("keeps a dropped participant's seat briefly, then removes them", () => {
    const arbiter = roomOf();
    arbiter.disconnect("rpt_c", 0);
    expect(arbiter.participants.find((participant) => participant.participantId === "rpt_c")?.connected).toBe(false);
    arbiter.tick(RECONNECT_GRACE_MS + 1);
    expect(arbiter.participants.map((participant) => participant.participantId)).toEqual(["rpt_host", "rpt_b"]);
  });

  it("sends a rejoining participant the history they missed", () => {
    const arbiter = roomOf("manual");
    arbiter.receive("rpt_b", chat("one"), 1);
    arbiter.receive("rpt_b", chat("two"), 2);
    const effects = arbiter.admit(seat("rpt_c", "Cat", "Cleo"), 3, 3);
    const history = ofType(effects, "history")[0]?.message;
    expect(history).toMatchObject({ messages: [{ seq: 4, text: "two" }] });
    // Cat kept the seat, so coming back is not announced as a new arrival.
    expect(ofType(effects, "message")).toEqual([]);
  });

  it("kicks: the participant is told, then removed for everyone", () => {
    const arbiter = roomOf();
    const effects = arbiter.kick("rpt_c", "Removed by the host.", 0);
    expect(effects[0]).toEqual({ to: "rpt_c", message: { type: "kick", reason: "Removed by the host." } });
    expect(arbiter.participants).toHaveLength(2);
  });

  it("writes arrivals, departures and removals into the transcript as events, for everyone", () => {
    const arbiter = roomOf("manual");
    const events = (effects: TArbiterEffect[]) => ofType(effects, "message").map(({ to, message }) => (message.type === "message" ? { to, event: message.message.event, participantId: message.message.participantId, text: message.message.text } : null));
    expect(events(arbiter.admit(seat("rpt_d", "Dan", "Dex"), null, 5))).toEqual([{ to: null, event: "joined", participantId: "rpt_d", text: "Dan joined with Dex." }]);
    expect(events(arbiter.receive("rpt_d", { v: 1, type: "leave" }, 6))).toEqual([{ to: null, event: "left", participantId: "rpt_d", text: "Dan left." }]);
    expect(events(arbiter.kick("rpt_c", "bye", 7))).toEqual([{ to: null, event: "removed", participantId: "rpt_c", text: "The host removed Cat." }]);
    arbiter.disconnect("rpt_b", 8);
    expect(events(arbiter.tick(8 + RECONNECT_GRACE_MS + 1))).toEqual([{ to: null, event: "left", participantId: "rpt_b", text: "Ben left." }]);
    // The host opening the room is not news; the others' comings and goings are, in order.
    expect(events(arbiter.admit(seat("rpt_e", "Eve", "Esme"), null, 9)).map((entry) => entry?.text)).toEqual(["Eve joined with Esme."]);
  });

  it("an event line between a character's reply and the next turn does not let the character answer itself", () => {
    const arbiter = roomOf("manual");
    arbiter.receive("rpt_b", chat("hello"), 1);
    const grant = grantOf(arbiter.letSpeak("rpt_c", 2))!;
    arbiter.receive("rpt_c", final(grant.turnId, "Cleo here"), 3);
    arbiter.admit(seat("rpt_d", "Dan", "Dex"), null, 4);
    expect(arbiter.letSpeak("rpt_c", 5)).toEqual([]);
  });

  it("only ever emits messages the protocol lets a host send", () => {
    const arbiter = roomOf("round_robin");
    const effects = [...arbiter.receive("rpt_b", chat("hello"), 1), ...arbiter.kick("rpt_c", "bye", 2), ...arbiter.close("The host closed the room.")];
    for (const effect of effects) expect(HOST_MESSAGE_TYPES.has(effect.message.type)).toBe(true);
  });

  it("drops a seat's messages past its rate, tells the person, and lets the others talk on", () => {
    const arbiter = roomOf("manual");
    const stamped: number[] = [];
    let refusals: TArbiterEffect[] = [];
    for (let message = 0; message < SEAT_MESSAGE_RULES.chat.burst + 5; message++) {
      const effects = arbiter.receive("rpt_b", chat(`spam ${message}`), 1_000);
      stamped.push(ofType(effects, "message").length);
      refusals = [...refusals, ...ofType(effects, "not-sent")];
    }
    expect(stamped.filter(Boolean)).toHaveLength(SEAT_MESSAGE_RULES.chat.burst);
    expect(refusals).toHaveLength(5);
    expect(refusals[0]).toEqual({ to: "rpt_b", message: { type: "not-sent", reason: NOT_SENT_REASON } });
    expect(arbiter.droppedMessages).toBe(5);
    // Someone else is not held back, and the flooder may speak again once the rate allows.
    expect(ofType(arbiter.receive("rpt_c", chat("hi all"), 1_000), "message")).toHaveLength(1);
    expect(ofType(arbiter.receive("rpt_b", chat("sorry"), 2_000), "message")).toHaveLength(1);
  });

  it("drops typing and stream floods silently", () => {
    const arbiter = roomOf("manual");
    const typing = { v: 1 as const, type: "typing" as const, typing: true };
    for (let message = 0; message < SEAT_MESSAGE_RULES.typing.burst + 3; message++) arbiter.receive("rpt_c", typing, 5_000);
    expect(arbiter.droppedMessages).toBe(3);
    const grant = grantOf(arbiter.letSpeak("rpt_b", 5_000));
    if (!grant) throw new Error("no turn");
    const delta = { v: 1 as const, type: "ai-stream" as const, turnId: grant.turnId, delta: "x" };
    let relayed = 0;
    for (let message = 0; message < SEAT_MESSAGE_RULES["ai-stream"].burst + 10; message++) relayed += ofType(arbiter.receive("rpt_b", delta, 5_000), "relay-ai-stream").length;
    expect(relayed).toBe(SEAT_MESSAGE_RULES["ai-stream"].burst);
    expect(ofType(arbiter.receive("rpt_b", delta, 5_000), "not-sent")).toEqual([]);
  });
});
