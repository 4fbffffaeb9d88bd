/**
 * The reply stream between the server and the page (/api/chats/reply and /api/rooms/reply): one JSON object
 * per line (NDJSON). The schemas are the contract: the server writes these shapes and the browser decodes every
 * line with them (read-reply-stream), so a malformed event is reported rather than trusted.
 */
import { z } from "zod";
import { COST_CODES } from "@/lib/llm/provider-kinds";

const ZTimestamp = z.coerce.date();

export const ZMessageView = z.object({
  id: z.string(),
  sequence: z.number().int(),
  swipe: z.number().int(),
  selected: z.boolean(),
  role: z.enum(["user", "assistant"]),
  /** Who said a user-side line the person did not write (a saved room transcript's other speakers). */
  speakerName: z.string().nullable(),
  content: z.string(),
  reasoning: z.string().nullable(),
  translatedContent: z.string().nullable(),
  translatedLanguage: z.string().nullable(),
  showTranslation: z.boolean(),
  status: z.enum(["complete", "stopped", "error"]),
  error: z.string().nullable(),
  providerLabel: z.string().nullable(),
  modelId: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  costMicros: z.number().nullable(),
  costCode: z.enum(COST_CODES).nullable(),
  latencyMs: z.number().nullable(),
  createdAt: ZTimestamp,
  editedAt: ZTimestamp.nullable(),
});
export type TMessageView = z.infer<typeof ZMessageView>;

export const ZChatStreamEvent = z.discriminatedUnion("type", [
  /** The user's message is saved before anything of the reply is shown, so it survives any failure. */
  z.object({ type: z.literal("user-message"), message: ZMessageView }),
  z.object({ type: z.literal("start"), sequence: z.number().int(), providerLabel: z.string(), modelId: z.string() }),
  z.object({ type: z.literal("reasoning"), text: z.string() }),
  z.object({ type: z.literal("text"), text: z.string() }),
  /** The finished reply; `message` is null for replies no chat keeps (incognito chats, room turns). */
  z.object({
    type: z.literal("done"),
    status: z.enum(["complete", "stopped"]),
    message: ZMessageView.nullable(),
    content: z.string(),
    reasoning: z.string(),
    costMicros: z.number(),
    costCode: z.enum(COST_CODES),
  }),
  z.object({ type: z.literal("error"), kind: z.string(), error: z.string(), message: ZMessageView.nullable() }),
  z.object({ type: z.literal("title"), title: z.string() }),
]);
export type TChatStreamEvent = z.infer<typeof ZChatStreamEvent>;

export const CHAT_STREAM_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";
