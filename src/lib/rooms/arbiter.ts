/**
 * The host's arbiter: the one place a room's order is decided. It takes what participants send (already
 * validated), stamps transcript messages with increasing sequence numbers, and decides whose character speaks
 * next. It does no I/O: every call returns the messages to send, and the host page delivers them (to its own
 * view too, so the host sees exactly what everyone else sees).
 */
import { historyBatches, type THostMessage, type TParticipantMessage, type TRoomMessageBody, type TRoomParticipant, type TRoomSettings, type TRoomEvent, type TRoomTranscriptMessage } from "./protocol";
import { newTokenBucket, takeToken, type TBucketRule, type TTokenBucket } from "@/lib/rate/token-bucket";
import { mentionedCandidates, planTurns, type TTurnCandidate } from "./turn-policy";

/** A turn with no reply activity for this long is given up, so one stuck browser cannot stall the room. */
export const TURN_TIMEOUT_MS = 60_000;
/** Typing indicators lapse without a refresh (a closed laptop never sends "stopped typing"). */
export const TYPING_TIMEOUT_MS = 6_000;
/** A participant whose channel dropped keeps their seat this long, so a reload rejoins seamlessly. */
export const RECONNECT_GRACE_MS = 10_000;
/** The host keeps this many transcript messages for late joiners and reloads. */
export const TRANSCRIPT_LIMIT = 1_000;
/**
 * How fast one seat may send each kind of message. A person types a few lines a minute and the composer announces
 * typing every few seconds; a character's reply arrives in as many deltas as the model streams tokens. Beyond these
 * a seat is flooding the room: the excess is dropped and counted, and a person is told their message was not sent.
 */
export const SEAT_MESSAGE_RULES = {
  chat: { burst: 6, perSecond: 1 },
  typing: { burst: 10, perSecond: 2 },
  "ai-stream": { burst: 500, perSecond: 200 },
} as const satisfies Record<string, TBucketRule>;
export const NOT_SENT_REASON = "You are sending messages faster than the room takes them; that one was not sent. Wait a moment.";

export type TSeat = TRoomParticipant & { talkativeness: number };

export type TArbiterEffect = {
  /** A participant ID, or null for everyone. */
  to: string | null;
  /** With `to: null`: everyone but this participant. */
  except?: string;
  message: TRoomMessageBody<THostMessage>;
};

type TActiveTurn = { turnId: string; participantId: string; lastActivityAt: number };

export type TArbiterOptions = { random?: () => number; newTurnId?: () => string };

export class RoomArbiter {
  private settings: TRoomSettings;
  private readonly seats = new Map<string, TSeat>();
  private readonly disconnectedAt = new Map<string, number>();
  private readonly typingUntil = new Map<string, number>();
  /** Per seat and kind of message, so one flooding seat cannot drown the room. */
  private readonly sendBuckets = new Map<string, TTokenBucket>();
  private readonly transcript: TRoomTranscriptMessage[] = [];
  private nextSeq = 1;
  private queue: string[] = [];
  private activeTurn: TActiveTurn | null = null;
  private repliesSinceHumanMessage = 0;
  private lastCharacterSpeakerId: string | null = null;
  private readonly random: () => number;
  private readonly newTurnId: () => string;
  /** Invalid or out-of-place messages dropped at the edge, for the host's view. */
  droppedMessages = 0;

  constructor(settings: TRoomSettings, options: TArbiterOptions = {}) {
    this.settings = settings;
    this.random = options.random ?? Math.random;
    this.newTurnId = options.newTurnId ?? (() => `turn-${globalThis.crypto.randomUUID()}`);
  }

  get participants(): TRoomParticipant[] {
    return [...this.seats.values()].map(({ talkativeness: _talkativeness, ...participant }) => participant);
  }

  get currentTurn(): Readonly<TActiveTurn> | null {
    return this.activeTurn;
  }

  /** Someone whose ticket the server accepted joins (or rejoins after a reload). */
  admit(seat: Omit<TSeat, "connected" | "muted">, afterSeq: number | null, now: number): TArbiterEffect[] {
    const existing = this.seats.get(seat.participantId);
    this.seats.set(seat.participantId, { ...seat, connected: true, muted: existing?.muted ?? false });
    this.disconnectedAt.delete(seat.participantId);
    // A reload within the grace keeps the seat, so it is no news; the host opening the room is none either.
    const joined = existing || seat.isHost ? [] : [this.event(seat, "joined", `${seat.displayName} joined with ${seat.characterName}.`, now)];
    const missed = this.transcript.filter((message) => afterSeq === null || message.seq > afterSeq);
    return [
      { to: seat.participantId, message: { type: "welcome", you: seat.participantId, room: this.settings, participants: this.participants } },
      ...historyBatches(missed).map((messages): TArbiterEffect => ({ to: seat.participantId, message: { type: "history", messages } })),
      ...joined,
      ...this.presence(),
      ...this.pump(now),
    ];
  }

  /** The channel dropped: the seat is kept for a short while in case the page is coming back. */
  disconnect(participantId: string, now: number): TArbiterEffect[] {
    const seat = this.seats.get(participantId);
    if (!seat) return [];
    seat.connected = false;
    this.disconnectedAt.set(participantId, now);
    return [...this.stopTyping(participantId), ...this.abandonTurnOf(participantId, "left the room"), ...this.presence(), ...this.pump(now)];
  }

  /** Gone for good: they left, were kicked, or did not come back in time. */
  remove(participantId: string, now: number, how: "left" | "removed" = "left"): TArbiterEffect[] {
    const seat = this.seats.get(participantId);
    if (!seat) return [];
    this.seats.delete(participantId);
    this.disconnectedAt.delete(participantId);
    for (const type of Object.keys(SEAT_MESSAGE_RULES)) this.sendBuckets.delete(`${participantId}:${type}`);
    this.queue = this.queue.filter((id) => id !== participantId);
    const gone = this.event(seat, how, how === "removed" ? `The host removed ${seat.displayName}.` : `${seat.displayName} left.`, now);
    return [...this.stopTyping(participantId), ...this.abandonTurnOf(participantId, "left the room", seat), gone, ...this.presence(), ...this.pump(now)];
  }

  /** Something a participant (or the host, for itself) sent. */
  receive(from: string, message: TParticipantMessage, now: number): TArbiterEffect[] {
    const seat = this.seats.get(from);
    if (!seat?.connected) return this.drop();
    if (!this.withinSendRate(from, message.type, now)) {
      return message.type === "chat" ? [{ to: from, message: { type: "not-sent", reason: NOT_SENT_REASON } }, ...this.drop()] : this.drop();
    }
    switch (message.type) {
      case "chat":
        return this.humanMessage(seat, message.text, now);
      case "typing":
        return message.typing ? this.startTyping(from, now) : [...this.stopTyping(from), ...this.pump(now)];
      case "ai-stream":
        if (!this.isActiveTurn(from, message.turnId)) return this.drop();
        this.activeTurn!.lastActivityAt = now;
        return [{ to: null, except: from, message: { type: "relay-ai-stream", turnId: message.turnId, participantId: from, delta: message.delta } }];
      case "ai-final":
        if (!this.isActiveTurn(from, message.turnId)) return this.drop();
        return this.finishTurn(seat, message.turnId, message.status === "failed" ? null : message.text.trim(), now);
      case "leave":
        return this.remove(from, now);
      case "join":
        // Joining is handled with the server's answer (admit), never as a message inside the room.
        return this.drop();
    }
  }

  /** Manual policy (or the host's override in any policy): let this character speak now. */
  letSpeak(participantId: string, now: number): TArbiterEffect[] {
    const seat = this.seats.get(participantId);
    if (this.activeTurn || !seat || !seat.connected || seat.muted || this.answersItself(participantId)) return [];
    return this.grant(participantId, now);
  }

  setMuted(participantId: string, muted: boolean, now: number): TArbiterEffect[] {
    const seat = this.seats.get(participantId);
    if (!seat) return [];
    seat.muted = muted;
    if (muted) this.queue = this.queue.filter((id) => id !== participantId);
    return [{ to: null, message: { type: "mute", participantId, muted } }, ...this.presence(), ...(muted ? [] : this.pump(now))];
  }

  kick(participantId: string, reason: string, now: number): TArbiterEffect[] {
    if (!this.seats.has(participantId)) return [];
    return [{ to: participantId, message: { type: "kick", reason } }, ...this.remove(participantId, now, "removed")];
  }

  close(reason: string): TArbiterEffect[] {
    this.queue = [];
    this.activeTurn = null;
    return [{ to: null, message: { type: "room-closed", reason } }];
  }

  updateSettings(settings: TRoomSettings, now: number): TArbiterEffect[] {
    this.settings = settings;
    return [{ to: null, message: { type: "settings", room: settings } }, ...this.pump(now)];
  }

  /** Time passes: typing lapses, a stuck turn is given up, a dropped participant who did not return is removed. */
  tick(now: number): TArbiterEffect[] {
    const effects: TArbiterEffect[] = [];
    for (const [participantId, until] of this.typingUntil) if (until <= now) effects.push(...this.stopTyping(participantId));
    if (this.activeTurn && now - this.activeTurn.lastActivityAt > TURN_TIMEOUT_MS) {
      effects.push(...this.abandonTurnOf(this.activeTurn.participantId, "took too long to answer"));
    }
    for (const [participantId, since] of this.disconnectedAt) if (now - since > RECONNECT_GRACE_MS) effects.push(...this.remove(participantId, now));
    return effects.length > 0 ? [...effects, ...this.pump(now)] : effects;
  }

  isTyping(participantId: string, now: number): boolean {
    return (this.typingUntil.get(participantId) ?? 0) > now;
  }

  private withinSendRate(participantId: string, type: TParticipantMessage["type"], now: number): boolean {
    if (!(type in SEAT_MESSAGE_RULES)) return true;
    const rule = SEAT_MESSAGE_RULES[type as keyof typeof SEAT_MESSAGE_RULES];
    const key = `${participantId}:${type}`;
    const bucket = this.sendBuckets.get(key) ?? newTokenBucket(rule, now);
    this.sendBuckets.set(key, bucket);
    return takeToken(bucket, rule, now);
  }

  private drop(): TArbiterEffect[] {
    this.droppedMessages++;
    return [];
  }

  private isActiveTurn(participantId: string, turnId: string): boolean {
    return this.activeTurn?.participantId === participantId && this.activeTurn.turnId === turnId;
  }

  private stamp(entry: Omit<TRoomTranscriptMessage, "seq">): TArbiterEffect {
    const message = { ...entry, seq: this.nextSeq++ };
    this.transcript.push(message);
    if (this.transcript.length > TRANSCRIPT_LIMIT) this.transcript.shift();
    return { to: null, message: { type: "message", message } };
  }

  private event(seat: TSeat | Omit<TSeat, "connected" | "muted">, event: TRoomEvent, text: string, now: number): TArbiterEffect {
    return this.stamp({ kind: "notice", event, participantId: seat.participantId, speakerName: "Room", text, at: now });
  }

  private humanMessage(seat: TSeat, text: string, now: number): TArbiterEffect[] {
    const stamped = this.stamp({ kind: "human", participantId: seat.participantId, speakerName: seat.displayName, text, at: now });
    // Sending ends the author's typing: every view clears it on seeing their message, so no relay is needed.
    this.typingUntil.delete(seat.participantId);
    this.repliesSinceHumanMessage = 0;
    this.queue = planTurns(this.settings.turnPolicy, {
      candidates: this.candidates(),
      text,
      characterAuthorId: null,
      lastCharacterSpeakerId: this.lastCharacterSpeakerId,
      random: this.random,
    });
    return [stamped, ...this.pump(now)];
  }

  private finishTurn(seat: TSeat, turnId: string, text: string | null, now: number): TArbiterEffect[] {
    this.activeTurn = null;
    const effects: TArbiterEffect[] = [];
    if (text) {
      effects.push(this.stamp({ kind: "character", participantId: seat.participantId, speakerName: seat.characterName, text, at: now }));
      this.repliesSinceHumanMessage++;
      this.lastCharacterSpeakerId = seat.participantId;
      if (this.settings.turnPolicy === "natural") {
        // A character can hand the word to another by naming it.
        const named = mentionedCandidates({ candidates: this.candidates(), text, characterAuthorId: seat.participantId }).map((candidate) => candidate.participantId);
        this.queue.push(...named.filter((id) => !this.queue.includes(id)));
      }
    }
    effects.push({ to: null, message: { type: "turn-end", turnId, participantId: seat.participantId, error: text ? null : `${seat.characterName} could not answer this time.` } });
    return [...effects, ...this.pump(now)];
  }

  private abandonTurnOf(participantId: string, why: string, seat = this.seats.get(participantId)): TArbiterEffect[] {
    if (this.activeTurn?.participantId !== participantId) return [];
    const { turnId } = this.activeTurn;
    this.activeTurn = null;
    const name = seat?.characterName ?? "The character";
    return [{ to: null, message: { type: "turn-end", turnId, participantId, error: `${name} ${why}.` } }];
  }

  private startTyping(participantId: string, now: number): TArbiterEffect[] {
    const wasTyping = this.isTyping(participantId, now);
    this.typingUntil.set(participantId, now + TYPING_TIMEOUT_MS);
    return wasTyping ? [] : [{ to: null, except: participantId, message: { type: "relay-typing", participantId, typing: true } }];
  }

  private stopTyping(participantId: string): TArbiterEffect[] {
    if (!this.typingUntil.delete(participantId)) return [];
    return [{ to: null, except: participantId, message: { type: "relay-typing", participantId, typing: false } }];
  }

  private candidates(): TTurnCandidate[] {
    return [...this.seats.values()].map((seat) => ({
      participantId: seat.participantId,
      characterName: seat.characterName,
      talkativeness: seat.talkativeness,
      eligible: seat.connected && !seat.muted,
    }));
  }

  /** True when this character wrote the last message: it must not answer itself. */
  private answersItself(participantId: string): boolean {
    // Someone coming or going in between does not make it another's turn to answer.
    const last = this.transcript.findLast((message) => message.kind !== "notice");
    return last?.kind === "character" && last.participantId === participantId;
  }

  private anyoneTyping(now: number): boolean {
    for (const until of this.typingUntil.values()) if (until > now) return true;
    return false;
  }

  /** Starts the next planned turn if nothing stands in the way. */
  private pump(now: number): TArbiterEffect[] {
    if (this.activeTurn || this.anyoneTyping(now)) return [];
    while (this.queue.length > 0 && this.repliesSinceHumanMessage < this.settings.maxAiRepliesPerMessage) {
      const next = this.queue.shift()!;
      const seat = this.seats.get(next);
      if (!seat || !seat.connected || seat.muted || this.answersItself(next)) continue;
      return this.grant(next, now);
    }
    this.queue = [];
    return [];
  }

  private grant(participantId: string, now: number): TArbiterEffect[] {
    const turnId = this.newTurnId();
    this.activeTurn = { turnId, participantId, lastActivityAt: now };
    return [{ to: null, message: { type: "turn-grant", turnId, participantId } }];
  }

  private presence(): TArbiterEffect[] {
    return [{ to: null, message: { type: "presence", participants: this.participants } }];
  }
}
