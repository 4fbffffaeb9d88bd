/**
 * One call to a model, streamed or not, with what every caller needs around it: provider-shaped messages,
 * reasoning switches, latency, token usage (estimated when the provider reports none, e.g. after a Stop),
 * cost, and a usage event recorded for it.
 */
import "server-only";
import { generateText, streamText, type LanguageModelUsage, type ModelMessage, type TextStreamPart, type ToolSet } from "ai";
import type { TProviderKind, TScenario } from "@/lib/llm/provider-kinds";
import type { TPromptMessage } from "@/server/chat/prompt/build-prompt";
import type { TDatabase } from "@/server/db/client";
import { languageModelFor, reasoningOptions } from "@/server/llm/language-model";
import { costOf, type TCost } from "@/server/llm/pricing";
import { countTokens } from "@/server/llm/token-count";
import type { TScenarioModel } from "@/server/models/generation-settings";
import { recordUsage } from "@/server/usage/usage-events";

export type TCallUsage = TCost & { inputTokens: number; cachedInputTokens: number; outputTokens: number; reasoningTokens: number; latencyMs: number };

/**
 * Anthropic and Gemini accept system text only before the conversation, and want it to open with the user:
 * later system notes become bracketed user notes there. OpenAI-style APIs take them as they are.
 */
export function toModelMessages(messages: TPromptMessage[], kind: TProviderKind): ModelMessage[] {
  const strict = kind === "anthropic" || kind === "google";
  const result: ModelMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role === "system" && strict && index > 0) result.push({ role: "user", content: `[System note: ${message.content}]` });
    else result.push({ role: message.role, content: message.content });
  });
  if (strict && result.find((message) => message.role !== "system")?.role === "assistant") {
    const firstTurn = result.findIndex((message) => message.role !== "system");
    result.splice(firstTurn, 0, { role: "user", content: "[The conversation begins.]" });
  }
  return result;
}

function usageOf(usage: LanguageModelUsage | undefined, promptText: string, outputText: string): Omit<TCallUsage, keyof TCost | "latencyMs"> {
  return {
    inputTokens: usage?.inputTokens ?? countTokens(promptText),
    cachedInputTokens: usage?.inputTokenDetails.cacheReadTokens ?? 0,
    outputTokens: usage?.outputTokens ?? countTokens(outputText),
    reasoningTokens: usage?.outputTokenDetails.reasoningTokens ?? 0,
  };
}

export type TCallContext = { db: TDatabase; userId: string; scenario: TScenario; chatId: string | null; target: TScenarioModel };

async function finishCall(context: TCallContext, usage: LanguageModelUsage | undefined, messages: TPromptMessage[], output: string, startedAt: number): Promise<TCallUsage> {
  const tokens = usageOf(usage, messages.map((message) => message.content).join("\n"), output);
  const cost = costOf(tokens, context.target.model);
  const latencyMs = Math.round(performance.now() - startedAt);
  await recordUsage(context.db, {
    userId: context.userId,
    providerKind: context.target.provider.kind,
    providerLabel: context.target.provider.label,
    modelId: context.target.model.modelId,
    scenario: context.scenario,
    chatId: context.chatId,
    ...tokens,
    latencyMs,
    ...cost,
  });
  return { ...tokens, ...cost, latencyMs };
}

function callSettings(context: TCallContext, messages: TPromptMessage[]) {
  const { target } = context;
  return {
    model: languageModelFor(target.provider, target.model.modelId),
    messages: toModelMessages(messages, target.provider.kind),
    temperature: target.temperature,
    maxOutputTokens: target.maxOutputTokens,
    providerOptions: reasoningOptions(target.provider.kind, target.reasoning, target.maxOutputTokens),
    // Our own prompt assembly puts the card's system text there; nothing a user types becomes a system message.
    allowSystemInMessages: true,
    // One attempt: a person is waiting, and a retried rate limit only makes them wait longer for the same error.
    maxRetries: 0,
  };
}

export async function callModel(context: TCallContext, messages: TPromptMessage[], signal?: AbortSignal): Promise<{ text: string; usage: TCallUsage }> {
  const startedAt = performance.now();
  const result = await generateText({ ...callSettings(context, messages), abortSignal: signal });
  return { text: result.text, usage: await finishCall(context, result.totalUsage, messages, result.text, startedAt) };
}

export type TStreamPiece = { type: "text" | "reasoning"; text: string };
export type TStreamOutcome = { text: string; reasoning: string; usage: TCallUsage; status: "complete" | "stopped" | "error"; error: unknown };

/**
 * Streams a reply piece by piece. The request leaves at once (streamText sends it when called, and keeps what
 * arrives until it is read), so a caller can finish its own work while the provider starts. Always returns an
 * outcome, even when stopped or failed, so the caller can keep what was written so far. A Stop aborts
 * `signal`, which the SDK passes to the HTTP request upstream.
 */
export function streamModel(context: TCallContext, messages: TPromptMessage[], signal: AbortSignal): AsyncGenerator<TStreamPiece, TStreamOutcome> {
  const startedAt = performance.now();
  try {
    const { fullStream } = streamText({ ...callSettings(context, messages), abortSignal: signal });
    return readStream(context, messages, signal, { startedAt, parts: fullStream, startFailure: null });
  } catch (error) {
    return readStream(context, messages, signal, { startedAt, parts: null, startFailure: error });
  }
}

type TStartedStream = { startedAt: number; parts: AsyncIterable<TextStreamPart<ToolSet>> | null; startFailure: unknown };

async function* readStream(context: TCallContext, messages: TPromptMessage[], signal: AbortSignal, started: TStartedStream): AsyncGenerator<TStreamPiece, TStreamOutcome> {
  const { startedAt, parts } = started;
  let text = "";
  let reasoning = "";
  let usage: LanguageModelUsage | undefined;
  let failure: unknown = started.startFailure;
  try {
    for await (const part of parts ?? []) {
      if (part.type === "text-delta") {
        text += part.text;
        yield { type: "text", text: part.text };
      } else if (part.type === "reasoning-delta") {
        reasoning += part.text;
        yield { type: "reasoning", text: part.text };
      } else if (part.type === "finish") {
        usage = part.totalUsage;
      } else if (part.type === "error") {
        failure = part.error;
        break;
      }
    }
  } catch (error) {
    failure = error;
  }
  const status = signal.aborted ? "stopped" : failure ? "error" : "complete";
  if (status === "error" && !usage && text === "") {
    // Refused before writing anything (bad key, rate limit): nothing was generated, so nothing is billed.
    const nothing = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicros: 0, costCode: "priced" as const };
    return { text, reasoning, usage: { ...nothing, latencyMs: Math.round(performance.now() - startedAt) }, status, error: failure };
  }
  return { text, reasoning, usage: await finishCall(context, usage, messages, text, startedAt), status, error: status === "error" ? failure : null };
}
