/**
 * What the browser asks of the two reply routes, declared once: the routes validate their bodies with these
 * schemas and the pages build their requests from the same types.
 */
import { z } from "zod";
import { ZMessageContent } from "@/lib/chat/message-length";
import { ZCharacterId, ZChatId, ZPersonaId, ZRoomId } from "@/lib/ids";
import { TRANSCRIPT_LIMIT } from "@/lib/rooms/arbiter";
import { ZRoomTranscriptLine } from "@/lib/rooms/protocol";

export const CHAT_REPLY_URL = "/api/chats/reply";
export const ROOM_REPLY_URL = "/api/rooms/reply";

/** A reply in a saved chat: to a message sent now, a new swipe of the last reply, or more of it. */
export const ZChatReplyRequest = z.discriminatedUnion("action", [
  z.object({ action: z.literal("send"), chatId: ZChatId, content: ZMessageContent.refine((text) => text.trim() !== "", "Write a message first.") }),
  z.object({ action: z.literal("regenerate"), chatId: ZChatId }),
  z.object({ action: z.literal("continue"), chatId: ZChatId }),
]);
export type TChatReplyRequest = z.infer<typeof ZChatReplyRequest>;

/** A reply in an incognito chat, which the browser alone holds: the whole conversation comes with each request. */
export const ZIncognitoReplyRequest = z.object({
  characterId: ZCharacterId,
  personaId: ZPersonaId.nullable(),
  history: z.array(z.object({ role: z.enum(["user", "assistant"]), content: ZMessageContent })).max(1_000, "An incognito chat can hold at most 1,000 messages."),
  /** Extend the last (assistant) message instead of writing a new one. */
  continueLast: z.boolean().default(false),
});
export type TIncognitoReplyRequest = z.infer<typeof ZIncognitoReplyRequest>;

export const ZChatReplyBody = z.union([z.object({ incognito: ZIncognitoReplyRequest }), ZChatReplyRequest]);
export type TChatReplyBody = z.input<typeof ZChatReplyBody>;

/** The caller's character's turn in a room, from the transcript their browser holds. */
export const ZRoomReplyRequest = z.object({
  roomId: ZRoomId,
  history: z.array(ZRoomTranscriptLine).max(TRANSCRIPT_LIMIT, `A room turn takes at most ${TRANSCRIPT_LIMIT.toLocaleString("en-US")} messages of history.`),
  /** Who else is in the room, as "Person (with Character)", so the character can address them. */
  present: z.array(z.string().max(200)).max(8).default([]),
});
export type TRoomReplyRequest = z.infer<typeof ZRoomReplyRequest>;

/** A request to one of the reply routes, as the browser sends it. */
export type TReplyRequest = { url: typeof CHAT_REPLY_URL; body: TChatReplyBody } | { url: typeof ROOM_REPLY_URL; body: z.input<typeof ZRoomReplyRequest> };
