/**
 * One call to a model, streamed or not, with what every caller needs around it: provider-shaped messages,
 * reasoning switches, latency, token usage (estimated when the provider reports none, e.g. after a Stop),
 * cost, and a usage event recorded for it.
 *
 * The provider's model is called directly (`doStream` / `doGenerate`) rather than through `streamText`: our
 * prompt is plain text we assembled ourselves, and the SDK's wrapper validates every message of it with zod
 * before the request can leave, about 6 ms for a 2,000-turn chat, all of it on the way to the first token.
 */
import "server-only";
import type { LanguageModelV3CallOptions, LanguageModelV3Content, LanguageModelV3Prompt, LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";
import type { TProviderKind, TScenario } from "@/lib/llm/provider-kinds";
import type { TPromptMessage } from "@/server/replies/prompt/build-prompt";
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
export function toModelPrompt(messages: TPromptMessage[], kind: TProviderKind): LanguageModelV3Prompt {
  const strict = kind === "anthropic" || kind === "google";
  const prompt: LanguageModelV3Prompt = [];
  messages.forEach((message, index) => {
    if (message.role === "system" && !(strict && index > 0)) prompt.push({ role: "system", content: message.content });
    else if (message.role === "system") prompt.push({ role: "user", content: [{ type: "text", text: `[System note: ${message.content}]` }] });
    else prompt.push({ role: message.role, content: [{ type: "text", text: message.content }] });
  });
  const firstTurn = prompt.findIndex((message) => message.role !== "system");
  if (strict && prompt[firstTurn]?.role === "assistant") prompt.splice(firstTurn, 0, { role: "user", content: [{ type: "text", text: "[The conversation begins.]" }] });
  return prompt;
}

function usageOf(usage: LanguageModelV3Usage | undefined, promptText: string, outputText: string): Omit<TCallUsage, keyof TCost | "latencyMs"> {
  return {
    inputTokens: usage?.inputTokens.total ?? countTokens(promptText),
    cachedInputTokens: usage?.inputTokens.cacheRead ?? 0,
    outputTokens: usage?.outputTokens.total ?? countTokens(outputText),
    reasoningTokens: usage?.outputTokens.reasoning ?? 0,
  };
}

export type TCallContext = { db: TDatabase; userId: string; scenario: TScenario; chatId: string | null; target: TScenarioModel };

async function finishCall(context: TCallContext, usage: LanguageModelV3Usage | undefined, messages: TPromptMessage[], output: string, startedAt: number): Promise<TCallUsage> {
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

function callOptions({ target }: TCallContext, messages: TPromptMessage[], signal: AbortSignal | undefined): LanguageModelV3CallOptions {
  // Called once and never retried: a person is waiting, and a retried rate limit only makes them wait longer for the same error.
  return {
    prompt: toModelPrompt(messages, target.provider.kind),
    temperature: target.temperature,
    maxOutputTokens: target.maxOutputTokens,
    providerOptions: reasoningOptions(target.provider.kind, target.reasoning, target.maxOutputTokens),
    abortSignal: signal,
  };
}

function textOf(content: LanguageModelV3Content[]): string {
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

export async function callModel(context: TCallContext, messages: TPromptMessage[], signal?: AbortSignal): Promise<{ text: string; usage: TCallUsage }> {
  const startedAt = performance.now();
  const model = languageModelFor(context.db, context.target.provider, context.target.model.modelId);
  const result = await model.doGenerate(callOptions(context, messages, signal));
  const text = textOf(result.content);
  return { text, usage: await finishCall(context, result.usage, messages, text, startedAt) };
}

export type TStreamPiece = { type: "text" | "reasoning"; text: string };
export type TStreamOutcome = { text: string; reasoning: string; usage: TCallUsage; status: "complete" | "stopped" | "error"; error: unknown };

type TOpenedStream = { parts: ReadableStream<LanguageModelV3StreamPart>; failure: null } | { parts: null; failure: unknown };

/**
 * Streams a reply piece by piece. The request leaves at once (before the first piece is asked for), so a
 * caller can finish its own work while the provider starts. Always returns an outcome, even when stopped or
 * failed, so the caller can keep what was written so far. A Stop aborts `signal`, and with it the HTTP request.
 */
export function streamModel(context: TCallContext, messages: TPromptMessage[], signal: AbortSignal): AsyncGenerator<TStreamPiece, TStreamOutcome> {
  const startedAt = performance.now();
  let opening: Promise<TOpenedStream>;
  try {
    const model = languageModelFor(context.db, context.target.provider, context.target.model.modelId);
    // Settled into a value at once, so a call the caller drops unread (its message could not be saved) is no unhandled rejection.
    opening = Promise.resolve(model.doStream(callOptions(context, messages, signal))).then(
      ({ stream }) => ({ parts: stream, failure: null }),
      (failure: unknown) => ({ parts: null, failure }),
    );
  } catch (failure) {
    opening = Promise.resolve({ parts: null, failure });
  }
  return readStream(context, messages, signal, startedAt, opening);
}

async function* readStream(context: TCallContext, messages: TPromptMessage[], signal: AbortSignal, startedAt: number, opening: Promise<TOpenedStream>): AsyncGenerator<TStreamPiece, TStreamOutcome> {
  let text = "";
  let reasoning = "";
  let usage: LanguageModelV3Usage | undefined;
  const opened = await opening;
  let failure = opened.failure;
  const reader = opened.parts?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value: part } = await reader.read();
      if (done) break;
      if (part.type === "text-delta") {
        text += part.delta;
        yield { type: "text", text: part.delta };
      } else if (part.type === "reasoning-delta") {
        reasoning += part.delta;
        yield { type: "reasoning", text: part.delta };
      } else if (part.type === "finish") {
        usage = part.usage;
      } else if (part.type === "error") {
        failure = part.error;
        break;
      }
    }
  } catch (error) {
    failure = error;
  } finally {
    // Stopped early (an error part, or the caller returned): let go of the response body.
    reader?.cancel().catch(() => undefined);
  }
  const status = signal.aborted ? "stopped" : failure ? "error" : "complete";
  if (status === "error" && !usage && text === "") {
    // Refused before writing anything (bad key, rate limit): nothing was generated, so nothing is billed.
    const nothing = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicros: 0, costCode: "priced" as const };
    return { text, reasoning, usage: { ...nothing, latencyMs: Math.round(performance.now() - startedAt) }, status, error: failure };
  }
  return { text, reasoning, usage: await finishCall(context, usage, messages, text, startedAt), status, error: status === "error" ? failure : null };
}
