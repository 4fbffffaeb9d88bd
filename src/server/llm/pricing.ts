/**
 * The cost of one generation in integer micro-units (millionths of a US dollar), from token counts and the
 * model's prices per million tokens. Integers all the way, so sums over thousands of events stay exact.
 */
import type { TCostCode } from "@/lib/llm/provider-kinds";

export type TModelPrices = {
  inputPricePerMillion: number | null;
  outputPricePerMillion: number | null;
  cachedInputPricePerMillion: number | null;
};

export type TTokenUsage = { inputTokens: number; cachedInputTokens: number; outputTokens: number };

export type TCost = { costMicros: number; costCode: TCostCode };

const tokensCost = (tokens: number, pricePerMillion: number) => Math.round((tokens * pricePerMillion) / 1_000_000);

export function costOf(usage: TTokenUsage, prices: TModelPrices): TCost {
  const { inputPricePerMillion: input, outputPricePerMillion: output, cachedInputPricePerMillion: cached } = prices;
  if (input === null && output === null) return { costMicros: 0, costCode: "no_pricing" };
  if (input === 0 && output === 0 && (cached ?? 0) === 0) return { costMicros: 0, costCode: "free" };

  const cachedTokens = Math.min(usage.cachedInputTokens, usage.inputTokens);
  // Cached input is billed at the cached price when the model has one, otherwise at the full input price.
  const cachedPrice = cached ?? input;
  const parts: [number, number | null][] = [
    [usage.inputTokens - cachedTokens, input],
    [cachedTokens, cachedPrice],
    [usage.outputTokens, output],
  ];
  let costMicros = 0;
  let unpriced = false;
  for (const [tokens, price] of parts) {
    if (tokens === 0) continue;
    if (price === null) unpriced = true;
    else costMicros += tokensCost(tokens, price);
  }
  return { costMicros, costCode: unpriced ? "partial" : "priced" };
}
