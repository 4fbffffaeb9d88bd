/**
 * Builds an AI SDK language model for a user's provider. The key arrives decrypted from the caller and lives
 * only in the client object for the length of one request. Every provider kind sends its requests through the
 * guarded fetch: the base URL is the person's to choose, the network it reaches is not.
 */
import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, SharedV3ProviderOptions } from "@ai-sdk/provider";
import { PROVIDER_KIND_INFO, type TProviderKind } from "@/lib/llm/provider-kinds";
import type { TDatabase } from "@/server/db/client";
import type { TFetchLimits } from "@/server/net/guarded-fetch";
import { userUrlFetch } from "@/server/net/user-url-fetch";

export type TProviderAccess = { kind: TProviderKind; baseUrl: string | null; apiKey: string | null };

/** The AI SDK's provider options: JSON per provider name. */
type TProviderOptions = SharedV3ProviderOptions;

export function baseUrlOf(access: Pick<TProviderAccess, "kind" | "baseUrl">): string {
  const url = access.baseUrl ?? PROVIDER_KIND_INFO[access.kind].defaultBaseUrl;
  if (!url) throw new Error(`A ${access.kind} provider needs a base URL.`);
  return url.replace(/\/+$/, "");
}

/** Unstreamed, a long reply sends its headers only once it is written; streamed, it may run for minutes. */
const GENERATION_FETCH_LIMITS: Partial<TFetchLimits> = { headersTimeoutMs: 5 * 60_000, totalTimeoutMs: 15 * 60_000, maxResponseBytes: 64 * 1024 * 1024 };

export function languageModelFor(db: TDatabase, access: TProviderAccess, modelId: string): LanguageModelV3 {
  const baseURL = baseUrlOf(access);
  const apiKey = access.apiKey ?? undefined;
  const fetch = userUrlFetch(db, GENERATION_FETCH_LIMITS);
  switch (access.kind) {
    case "openai":
      // Chat Completions rather than Responses: it is what every OpenAI-compatible proxy also speaks.
      return createOpenAI({ apiKey, baseURL, fetch }).chat(modelId);
    case "anthropic":
      return createAnthropic({ apiKey, baseURL, fetch })(modelId);
    case "google":
      return createGoogleGenerativeAI({ apiKey, baseURL, fetch })(modelId);
    case "openrouter":
    case "xai":
    case "openai_compatible":
      return createOpenAICompatible({ name: access.kind, apiKey, baseURL, includeUsage: true, fetch }).chatModel(modelId);
  }
}

/** Provider-specific switches for thinking, when the scenario asks for it and the model can. */
export function reasoningOptions(kind: TProviderKind, enabled: boolean, maxOutputTokens: number): TProviderOptions | undefined {
  if (!enabled) return undefined;
  const budgetTokens = Math.max(1024, Math.floor(maxOutputTokens / 2));
  switch (kind) {
    case "openai":
      return { openai: { reasoningEffort: "medium" } };
    case "anthropic":
      return { anthropic: { thinking: { type: "enabled", budgetTokens } } };
    case "google":
      return { google: { thinkingConfig: { includeThoughts: true, thinkingBudget: budgetTokens } } };
    case "openrouter":
      return { openrouter: { reasoning: { enabled: true } } };
    case "xai":
      return { xai: { reasoningEffort: "high" } };
    case "openai_compatible":
      return { openai_compatible: { reasoningEffort: "medium" } };
  }
}
