/**
 * The reply stream between the server and the chat page: one JSON object per line (NDJSON). Shared so both
 * ends agree on the shapes.
 */
import type { TCostCode } from "@/lib/llm/provider-kinds";

export type TMessageView = {
  id: string;
  sequence: number;
  swipe: number;
  selected: boolean;
  role: "user" | "assistant";
  content: string;
  reasoning: string | null;
  translatedContent: string | null;
  translatedLanguage: string | null;
  showTranslation: boolean;
  status: "complete" | "stopped" | "error";
  error: string | null;
  providerLabel: string | null;
  modelId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costMicros: number | null;
  costCode: TCostCode | null;
  latencyMs: number | null;
  createdAt: Date | string;
  editedAt: Date | string | null;
};

export type TChatStreamEvent =
  /** The user's message is saved before anything is asked of the provider, so it survives any failure. */
  | { type: "user-message"; message: TMessageView }
  | { type: "start"; sequence: number; providerLabel: string; modelId: string }
  | { type: "reasoning"; text: string }
  | { type: "text"; text: string }
  /** The finished reply; `message` is null for incognito chats, which are never stored. */
  | { type: "done"; status: "complete" | "stopped"; message: TMessageView | null; content: string; reasoning: string; costMicros: number; costCode: TCostCode }
  | { type: "error"; kind: string; error: string; message: TMessageView | null }
  | { type: "title"; title: string };

export const CHAT_STREAM_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";
