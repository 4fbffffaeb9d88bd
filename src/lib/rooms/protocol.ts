/**
 * The room protocol on the WebRTC data channels, version 1. Rooms are a star: every participant has one
 * channel, to the host, and the host is the arbiter. Participants send what they want to happen; the host
 * decides, stamps each transcript message with the next sequence number, and relays it to everyone.
 *
 *   participant                                    host
 *   join {participantId, ticket, afterSeq}   →     (ticket checked with the server, then:)
 *                                            ←     welcome {you, room, participants}, history {messages} …
 *   chat {text} / typing {typing}            →     ←  message {seq, …} / typing {participantId} (to all;
 *                                                     a person's message also ends their typing)
 *                                            ←     turn-grant {turnId, participantId} (to all)
 *   ai-stream {turnId, delta} (the granted)  →     ←  ai-stream {turnId, participantId, delta} (to the others)
 *   ai-final {turnId, status, text}          →     ←  message {seq, kind: "character"} + turn-end (to all)
 *   leave                                    →     ←  presence {participants} (to all)
 *                                            ←     message {seq, kind: "notice", event} (joined / left / removed)
 *                                            ←     mute {participantId, muted} / kick {reason} / room-closed {reason}
 *                                            ←     not-sent {reason} (to one sender, past its seat's message rate)
 *
 * Every message is JSON, validated on arrival against the union below; anything else is dropped and counted.
 */
import { z } from "zod";
import { defineProtocol, type TDecoded, type TWithoutVersion } from "@/lib/p2p/versioned-protocol";
import { TURN_POLICIES } from "./turn-policy";
import { ZParticipantId } from "@/lib/ids";

export const ROOM_PROTOCOL_VERSION = 1;
/** A character thumbnail is a small data: URL; eight of them fit one presence frame. */
export const THUMBNAIL_MAX_CHARS = 16_000;
export const ROOM_TEXT_MAX = 4_000;
export const ROOM_REPLY_MAX = 20_000;
/** Data channel messages stay well under Chromium's 256 KiB SCTP limit; history is sent in batches of this size. */
export const ROOM_FRAME_MAX_BYTES = 200_000;
export const ROOM_HISTORY_BATCH_BYTES = 64_000;
const room = defineProtocol({ name: "room", version: ROOM_PROTOCOL_VERSION });

const turnId = z.string().regex(/^[\w-]{6,64}$/);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ZRoomParticipant = z.object({
  participantId: ZParticipantId,
  displayName: z.string().max(80),
  characterName: z.string().max(80),
  characterThumbnail: z.string().max(THUMBNAIL_MAX_CHARS).nullable(),
  isHost: z.boolean(),
  connected: z.boolean(),
  muted: z.boolean(),
});
export type TRoomParticipant = z.infer<typeof ZRoomParticipant>;

/** Who came and went, as the host saw it: shown as event lines in the transcript, never given to a character. */
export const ROOM_EVENTS = ["joined", "left", "removed"] as const;
export type TRoomEvent = (typeof ROOM_EVENTS)[number];

export const ZRoomTranscriptMessage = z.object({
  seq,
  /** "human": a person wrote it; "character": their character did; "notice": the host announces something. */
  kind: z.enum(["human", "character", "notice"]),
  /** On a notice about someone coming or going (participantId is theirs). */
  event: z.enum(ROOM_EVENTS).optional(),
  participantId: ZParticipantId.nullable(),
  speakerName: z.string().max(80),
  text: z.string().max(ROOM_REPLY_MAX),
  at: z.number().int().min(0),
});
export type TRoomTranscriptMessage = z.infer<typeof ZRoomTranscriptMessage>;

/** A transcript message as it leaves the room for the server (a character's turn, "Save to my chats"): who said what. */
export const ZRoomTranscriptLine = ZRoomTranscriptMessage.pick({ kind: true, participantId: true, speakerName: true, text: true });
export type TRoomTranscriptLine = z.infer<typeof ZRoomTranscriptLine>;

export const ZRoomSettings = z.object({
  title: z.string().max(120),
  turnPolicy: z.enum(TURN_POLICIES),
  maxAiRepliesPerMessage: z.number().int().min(0).max(8),
});
export type TRoomSettings = z.infer<typeof ZRoomSettings>;

/** Sent by participants to the host. */
const participantMessages = [
  room.message("join", { participantId: ZParticipantId, ticket: z.string().max(300), afterSeq: seq.nullable() }),
  room.message("chat", { text: z.string().trim().min(1).max(ROOM_TEXT_MAX) }),
  room.message("typing", { typing: z.boolean() }),
  room.message("ai-stream", { turnId, delta: z.string().max(ROOM_TEXT_MAX) }),
  // A failure's details stay with the character's owner; the room only learns that the turn produced nothing.
  room.message("ai-final", { turnId, status: z.enum(["complete", "stopped", "failed"]), text: z.string().max(ROOM_REPLY_MAX) }),
  room.message("leave", {}),
] as const;

/** Sent by the host to participants. */
const hostMessages = [
  room.message("welcome", { you: ZParticipantId, room: ZRoomSettings, participants: z.array(ZRoomParticipant).max(8) }),
  room.message("history", { messages: z.array(ZRoomTranscriptMessage).max(1_000) }),
  room.message("presence", { participants: z.array(ZRoomParticipant).max(8) }),
  room.message("settings", { room: ZRoomSettings }),
  room.message("message", { message: ZRoomTranscriptMessage }),
  room.message("relay-typing", { participantId: ZParticipantId, typing: z.boolean() }),
  room.message("turn-grant", { turnId, participantId: ZParticipantId }),
  room.message("relay-ai-stream", { turnId, participantId: ZParticipantId, delta: z.string().max(ROOM_TEXT_MAX) }),
  room.message("turn-end", { turnId, participantId: ZParticipantId, error: z.string().max(500).nullable() }),
  room.message("mute", { participantId: ZParticipantId, muted: z.boolean() }),
  room.message("kick", { reason: z.string().max(300) }),
  room.message("room-closed", { reason: z.string().max(300) }),
  room.message("refused", { reason: z.string().max(300) }),
  // To one participant whose message the host did not take (sent too fast); the room stays open.
  room.message("not-sent", { reason: z.string().max(300) }),
] as const;

export const ZRoomMessage = z.discriminatedUnion("type", [...participantMessages, ...hostMessages]);
export type TRoomMessage = z.infer<typeof ZRoomMessage>;

export const PARTICIPANT_MESSAGE_TYPES = new Set<string>(participantMessages.map((schema) => schema.shape.type.value));
export const HOST_MESSAGE_TYPES = new Set<string>(hostMessages.map((schema) => schema.shape.type.value));

type TParticipantType = (typeof participantMessages)[number]["shape"]["type"]["value"];
export type TParticipantMessage = Extract<TRoomMessage, { type: TParticipantType }>;
export type THostMessage = Exclude<TRoomMessage, { type: TParticipantType }>;

/** What a message is without its version, for building one. */
export type TRoomMessageBody<T extends TRoomMessage> = TWithoutVersion<T>;

const roomCodec = room.jsonCodec(ZRoomMessage, { maxFrameChars: ROOM_FRAME_MAX_BYTES });

/** A valid message of this version is still refused when its sender's side may not send that type. */
function decode(data: unknown, allowed: Set<string>, from: string): TDecoded<TRoomMessage> {
  const decoded = roomCodec.decode(data);
  if (decoded.ok && !allowed.has(decoded.message.type)) return { ok: false, reason: `A ${from} may not send "${decoded.message.type}".` };
  return decoded;
}

/** The host's edge: only what a participant may send gets through. */
export function decodeFromParticipant(data: unknown): TDecoded<TParticipantMessage> {
  return decode(data, PARTICIPANT_MESSAGE_TYPES, "participant") as TDecoded<TParticipantMessage>;
}

/** A participant's edge: only what the host may send gets through. */
export function decodeFromHost(data: unknown): TDecoded<THostMessage> {
  return decode(data, HOST_MESSAGE_TYPES, "host") as TDecoded<THostMessage>;
}

export const encodeRoomMessage = roomCodec.encode;

/** Splits a transcript into `history` messages small enough for one data channel frame each. */
export function historyBatches(messages: TRoomTranscriptMessage[]): TRoomTranscriptMessage[][] {
  const batches: TRoomTranscriptMessage[][] = [];
  let batch: TRoomTranscriptMessage[] = [];
  let bytes = 0;
  for (const entry of messages) {
    const size = JSON.stringify(entry).length;
    if (batch.length > 0 && (bytes + size > ROOM_HISTORY_BATCH_BYTES || batch.length >= 1_000)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
