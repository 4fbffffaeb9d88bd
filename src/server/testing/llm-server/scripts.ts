/** What the test LLM server answers: scripted replies queued by tests, or an echo when the queue is empty. */
import { z } from "zod";

export const ZScriptedReply = z.object({
  /** The reply text; streamed in `chunks` pieces (or split on spaces). */
  text: z.string().default(""),
  chunks: z.array(z.string()).optional(),
  reasoning: z.string().optional(),
  /** Delay before the first byte, and between streamed chunks. */
  delayMs: z.number().int().min(0).max(60_000).default(0),
  chunkDelayMs: z.number().int().min(0).max(10_000).default(0),
  /** Answer with an OpenAI-style error instead. */
  error: z.object({ status: z.number().int().min(400).max(599), message: z.string(), type: z.string().default("invalid_request_error"), code: z.string().optional() }).optional(),
  usage: z.object({ promptTokens: z.number().int().min(0), completionTokens: z.number().int().min(0) }).optional(),
});

export type TScriptedReply = z.infer<typeof ZScriptedReply>;

export type TChatMessage = { role: string; content: unknown };

export type TRecordedRequest = {
  path: string;
  model: string;
  messages: TChatMessage[];
  stream: boolean;
  authorization: string | null;
  receivedAt: number;
  /** Milliseconds from the request's arrival to the first piece of reply text written: this server's own latency. */
  timeToFirstTextMs: number | null;
  /** Set when the client hung up before the reply finished (a Stop in the UI). */
  aborted: boolean;
};

export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part: unknown) => (typeof part === "object" && part !== null && "text" in part ? String((part).text) : "")).join("");
  }
  return "";
}

export function echoReply(messages: TChatMessage[]): TScriptedReply {
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  return ZScriptedReply.parse({ text: `Echo: ${textOf(lastUser?.content)}` });
}

/** A rough token count (≈4 characters a token), enough for usage figures in tests. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function chunksOf(reply: TScriptedReply): string[] {
  if (reply.chunks) return reply.chunks;
  return reply.text.split(/(?<= )/);
}
