import { describe, expect, it } from "vitest";
import type { TRoomTranscriptMessage } from "./protocol";
import { INITIAL_ROOM_VIEW, lastSeqOf, reduceRoomView, type TRoomViewAction } from "./room-view-state";

const line = (seq: number, text: string): TRoomTranscriptMessage => ({ seq, kind: "human", participantId: "rpt_a", speakerName: "A", text, at: seq });
const run = (...actions: TRoomViewAction[]) => actions.reduce(reduceRoomView, INITIAL_ROOM_VIEW);

describe("room view state", () => {
  it("keeps the transcript in sequence order without duplicates when history and live messages overlap", () => {
    const state = run({ type: "message", message: line(3, "three") }, { type: "history", messages: [line(1, "one"), line(2, "two"), line(3, "three")] });
    expect(state.transcript.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(lastSeqOf(state)).toBe(3);
  });

  it("appends live messages in order and ignores a repeated one", () => {
    const state = run({ type: "message", message: line(1, "one") }, { type: "message", message: line(2, "two") }, { type: "message", message: line(2, "two again") }, { type: "message", message: line(4, "four") }, { type: "message", message: line(3, "three") });
    expect(state.transcript.map((message) => message.text)).toEqual(["one", "two", "three", "four"]);
  });

  it("shows a granted turn's text as it streams, and clears it when the turn ends", () => {
    const streaming = run({ type: "turn-grant", turnId: "turn-1", participantId: "rpt_b" }, { type: "relay-ai-stream", turnId: "turn-1", participantId: "rpt_b", delta: "Hel" }, { type: "local-stream", turnId: "turn-1", delta: "lo" });
    expect(streaming.turn).toEqual({ turnId: "turn-1", participantId: "rpt_b", text: "Hello" });
    expect(reduceRoomView(streaming, { type: "relay-ai-stream", turnId: "turn-0", participantId: "rpt_c", delta: "stale" }).turn?.text).toBe("Hello");
    const ended = reduceRoomView(streaming, { type: "turn-end", turnId: "turn-1", participantId: "rpt_b", error: "Bram left the room." });
    expect(ended).toMatchObject({ turn: null, turnError: "Bram left the room." });
  });

  it("tracks who is typing", () => {
    const state = run({ type: "relay-typing", participantId: "rpt_a", typing: true }, { type: "relay-typing", participantId: "rpt_b", typing: true }, { type: "relay-typing", participantId: "rpt_a", typing: false });
    expect(state.typing).toEqual(["rpt_b"]);
  });

  it("a person's message ends their typing, while others keep typing", () => {
    const state = run({ type: "relay-typing", participantId: "rpt_a", typing: true }, { type: "relay-typing", participantId: "rpt_b", typing: true }, { type: "message", message: line(1, "done") });
    expect(state.typing).toEqual(["rpt_b"]);
  });

  it("ends the room on close or kick and ignores anything after", () => {
    const closed = run({ type: "room-closed", reason: "The host closed the room." }, { type: "message", message: line(1, "late") });
    expect(closed.ended).toEqual({ kind: "closed", reason: "The host closed the room." });
    expect(closed.transcript).toEqual([]);
  });

  it("says why this page's message was not sent, until its next one arrives", () => {
    const welcome = { type: "welcome" as const, you: "rpt_a", room: { title: "Tea", turnPolicy: "manual" as const, maxAiRepliesPerMessage: 3 }, participants: [] };
    const refused = run(welcome, { type: "not-sent", reason: "Too fast." });
    expect(refused.notSent).toBe("Too fast.");
    expect(reduceRoomView(refused, { type: "message", message: { ...line(1, "someone else"), participantId: "rpt_b" } }).notSent).toBe("Too fast.");
    expect(reduceRoomView(refused, { type: "message", message: line(1, "mine") }).notSent).toBeNull();
  });
});
