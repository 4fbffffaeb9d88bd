/**
 * Defaults for well-known models: limits, capabilities and list prices (USD per million tokens, as published by
 * each vendor in 2025). They seed a user's model rows; the user can override any of them. Unknown models get
 * conservative limits and no pricing.
 */
import type { TProviderKind } from "@/lib/llm/provider-kinds";
import type { TModelPrices } from "./pricing";

export type TModelDefaults = TModelPrices & {
  contextWindow: number;
  maxOutputTokens: number;
  vision: boolean;
  reasoning: boolean;
  tools: boolean;
};

type TKnownRow = [prefix: string, context: number, maxOut: number, caps: string, input: number, cachedInput: number | null, output: number];

// caps: v = vision, r = reasoning, t = tools.
const KNOWN: TKnownRow[] = [
  ["gpt-5-nano", 400_000, 128_000, "vrt", 0.05, 0.005, 0.4],
  ["gpt-5-mini", 400_000, 128_000, "vrt", 0.25, 0.025, 2],
  ["gpt-5", 400_000, 128_000, "vrt", 1.25, 0.125, 10],
  ["gpt-4.1-nano", 1_047_576, 32_768, "vt", 0.1, 0.025, 0.4],
  ["gpt-4.1-mini", 1_047_576, 32_768, "vt", 0.4, 0.1, 1.6],
  ["gpt-4.1", 1_047_576, 32_768, "vt", 2, 0.5, 8],
  ["gpt-4o-mini", 128_000, 16_384, "vt", 0.15, 0.075, 0.6],
  ["gpt-4o", 128_000, 16_384, "vt", 2.5, 1.25, 10],
  ["o4-mini", 200_000, 100_000, "vrt", 1.1, 0.275, 4.4],
  ["o3-mini", 200_000, 100_000, "rt", 1.1, 0.55, 4.4],
  ["o3", 200_000, 100_000, "vrt", 2, 0.5, 8],
  ["claude-opus-4", 200_000, 32_000, "vrt", 15, 1.5, 75],
  ["claude-sonnet-4", 200_000, 64_000, "vrt", 3, 0.3, 15],
  ["claude-3-7-sonnet", 200_000, 64_000, "vrt", 3, 0.3, 15],
  ["claude-haiku-4", 200_000, 64_000, "vrt", 1, 0.1, 5],
  ["claude-3-5-haiku", 200_000, 8_192, "vt", 0.8, 0.08, 4],
  ["gemini-2.5-pro", 1_048_576, 65_536, "vrt", 1.25, 0.31, 10],
  ["gemini-2.5-flash-lite", 1_048_576, 65_536, "vrt", 0.1, 0.025, 0.4],
  ["gemini-2.5-flash", 1_048_576, 65_536, "vrt", 0.3, 0.075, 2.5],
  ["gemini-2.0-flash", 1_048_576, 8_192, "vt", 0.1, 0.025, 0.4],
  ["grok-4-fast", 2_000_000, 30_000, "vrt", 0.2, 0.05, 0.5],
  ["grok-4", 256_000, 64_000, "vrt", 3, 0.75, 15],
  ["grok-3-mini", 131_072, 16_384, "rt", 0.3, 0.075, 0.5],
  ["grok-3", 131_072, 16_384, "t", 3, 0.75, 15],
];

const perMillion = (dollars: number | null) => (dollars === null ? null : Math.round(dollars * 1_000_000));

/** "openai/gpt-4o-2024-08-06" → "gpt-4o-2024-08-06": OpenRouter prefixes ids with the vendor. */
function bareId(modelId: string): string {
  return modelId.toLowerCase().split("/").pop() ?? modelId.toLowerCase();
}

export function knownModelDefaults(modelId: string): TModelDefaults | null {
  const id = bareId(modelId);
  // The longest matching prefix wins, so "gpt-4o-mini-…" is not taken for "gpt-4o".
  let best: TKnownRow | null = null;
  for (const row of KNOWN) if (id.startsWith(row[0]) && (!best || row[0].length > best[0].length)) best = row;
  if (!best) return null;
  const [, contextWindow, maxOutputTokens, caps, input, cachedInput, output] = best;
  return {
    contextWindow,
    maxOutputTokens,
    vision: caps.includes("v"),
    reasoning: caps.includes("r"),
    tools: caps.includes("t"),
    inputPricePerMillion: perMillion(input),
    cachedInputPricePerMillion: perMillion(cachedInput),
    outputPricePerMillion: perMillion(output),
  };
}

/** For models we know nothing about: local servers get small, safe limits; hosted ones typical ones. */
export function fallbackModelDefaults(kind: TProviderKind): TModelDefaults {
  const local = kind === "openai_compatible";
  return {
    contextWindow: local ? 8_192 : 32_768,
    maxOutputTokens: local ? 1_024 : 4_096,
    vision: false,
    reasoning: false,
    tools: false,
    inputPricePerMillion: null,
    outputPricePerMillion: null,
    cachedInputPricePerMillion: null,
  };
}
