/**
 * Asks a provider which models it offers. Each vendor's list endpoint differs in path, auth header and shape;
 * OpenRouter's also carries context lengths and prices, which we keep. Failures are thrown as the AI SDK's
 * APICallError so one function (describeProviderError) explains every provider failure. Lists are fetched
 * through the guarded fetch, as the base URL is the person's.
 */
import "server-only";
import { APICallError } from "ai";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import type { TFetch, TFetchLimits } from "@/server/net/guarded-fetch";
import { userUrlFetch } from "@/server/net/user-url-fetch";
import { baseUrlOf, type TProviderAccess } from "./language-model";
import type { TModelDefaults } from "./known-models";

export type TListedModel = { modelId: string; label: string; defaults: Partial<TModelDefaults> };

const LIST_FETCH_LIMITS: Partial<TFetchLimits> = { headersTimeoutMs: 15_000, totalTimeoutMs: 15_000, maxResponseBytes: 8 * 1024 * 1024 };
const MAX_MODELS = 2_000;

const ZOpenAiList = z.object({ data: z.array(z.object({ id: z.string().min(1).max(200) }).loose()) });
const ZAnthropicList = z.object({ data: z.array(z.object({ id: z.string().min(1).max(200), display_name: z.string().optional() })) });
const ZGoogleList = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      displayName: z.string().optional(),
      inputTokenLimit: z.number().optional(),
      outputTokenLimit: z.number().optional(),
      supportedGenerationMethods: z.array(z.string()).optional(),
      thinking: z.boolean().optional(),
    }),
  ),
});
const ZOpenRouterList = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1).max(200),
      name: z.string().optional(),
      context_length: z.number().nullish(),
      pricing: z.object({ prompt: z.string().optional(), completion: z.string().optional(), input_cache_read: z.string().optional() }).optional(),
      top_provider: z.object({ max_completion_tokens: z.number().nullish() }).optional(),
      architecture: z.object({ input_modalities: z.array(z.string()).optional() }).optional(),
      supported_parameters: z.array(z.string()).optional(),
    }),
  ),
});

async function getJson(fetch: TFetch, url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (!response.ok) {
    throw new APICallError({ message: `HTTP ${response.status}`, url, requestBodyValues: null, statusCode: response.status, responseBody: body, isRetryable: false });
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new APICallError({ message: "The model list is not JSON.", url, requestBodyValues: null, statusCode: response.status, responseBody: body.slice(0, 200), isRetryable: false });
  }
}

/** OpenRouter prices are dollars per token as strings: "0.0000025" → 2_500_000 micro-dollars per million. */
function perMillionFromPerToken(value: string | undefined): number | null {
  if (value === undefined) return null;
  const perToken = Number(value);
  return Number.isFinite(perToken) && perToken >= 0 ? Math.round(perToken * 1e12) : null;
}

export async function listProviderModels(db: TDatabase, access: TProviderAccess): Promise<TListedModel[]> {
  const base = baseUrlOf(access);
  const fetch = userUrlFetch(db, LIST_FETCH_LIMITS);
  const bearer: Record<string, string> = access.apiKey ? { authorization: `Bearer ${access.apiKey}` } : {};
  let models: TListedModel[];
  switch (access.kind) {
    case "anthropic": {
      const list = ZAnthropicList.parse(await getJson(fetch, `${base}/models?limit=1000`, { "x-api-key": access.apiKey ?? "", "anthropic-version": "2023-06-01" }));
      models = list.data.map((model) => ({ modelId: model.id, label: model.display_name ?? model.id, defaults: {} }));
      break;
    }
    case "google": {
      const list = ZGoogleList.parse(await getJson(fetch, `${base}/models?pageSize=1000`, { "x-goog-api-key": access.apiKey ?? "" }));
      models = list.models
        .filter((model) => model.supportedGenerationMethods?.includes("generateContent") ?? true)
        .map((model) => ({
          modelId: model.name.replace(/^models\//, ""),
          label: model.displayName ?? model.name,
          defaults: {
            ...(model.inputTokenLimit ? { contextWindow: model.inputTokenLimit } : {}),
            ...(model.outputTokenLimit ? { maxOutputTokens: model.outputTokenLimit } : {}),
            ...(model.thinking !== undefined ? { reasoning: model.thinking } : {}),
          },
        }));
      break;
    }
    case "openrouter": {
      const list = ZOpenRouterList.parse(await getJson(fetch, `${base}/models`, bearer));
      models = list.data.map((model) => ({
        modelId: model.id,
        label: model.name ?? model.id,
        defaults: {
          ...(model.context_length ? { contextWindow: model.context_length } : {}),
          ...(model.top_provider?.max_completion_tokens ? { maxOutputTokens: model.top_provider.max_completion_tokens } : {}),
          vision: model.architecture?.input_modalities?.includes("image") ?? false,
          reasoning: model.supported_parameters?.includes("reasoning") ?? false,
          tools: model.supported_parameters?.includes("tools") ?? false,
          inputPricePerMillion: perMillionFromPerToken(model.pricing?.prompt),
          outputPricePerMillion: perMillionFromPerToken(model.pricing?.completion),
          cachedInputPricePerMillion: perMillionFromPerToken(model.pricing?.input_cache_read),
        },
      }));
      break;
    }
    case "openai":
    case "xai":
    case "openai_compatible": {
      const list = ZOpenAiList.parse(await getJson(fetch, `${base}/models`, bearer));
      models = list.data.map((model) => ({ modelId: model.id, label: model.id, defaults: {} }));
      break;
    }
  }
  return models.slice(0, MAX_MODELS).sort((a, b) => a.modelId.localeCompare(b.modelId));
}
