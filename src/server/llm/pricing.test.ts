import { describe, expect, it } from "vitest";
import { formatMicros } from "@/lib/llm/format-cost";
import { costOf } from "./pricing";

const gpt = { inputPricePerMillion: 2_500_000, outputPricePerMillion: 10_000_000, cachedInputPricePerMillion: 1_250_000 };

describe("costOf", () => {
  it("prices input, cached input and output in micro-units", () => {
    // 1,000 in (200 cached) at $2.50/M and $1.25/M, 500 out at $10/M: 2000 + 250 + 5000 micro-dollars.
    expect(costOf({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, gpt)).toEqual({ costMicros: 7250, costCode: "priced" });
  });

  it("bills cached tokens at the input price when the model has no cached price", () => {
    expect(costOf({ inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 0 }, { ...gpt, cachedInputPricePerMillion: null })).toEqual({ costMicros: 2500, costCode: "priced" });
  });

  it("says no pricing when the model has no prices, free when they are zero", () => {
    const usage = { inputTokens: 10, cachedInputTokens: 0, outputTokens: 10 };
    expect(costOf(usage, { inputPricePerMillion: null, outputPricePerMillion: null, cachedInputPricePerMillion: null }).costCode).toBe("no_pricing");
    expect(costOf(usage, { inputPricePerMillion: 0, outputPricePerMillion: 0, cachedInputPricePerMillion: null })).toEqual({ costMicros: 0, costCode: "free" });
  });

  it("is partial when some tokens have no price", () => {
    expect(costOf({ inputTokens: 1000, cachedInputTokens: 0, outputTokens: 1000 }, { ...gpt, outputPricePerMillion: null })).toEqual({ costMicros: 2500, costCode: "partial" });
  });
});

describe("formatMicros", () => {
  it("shows dollars with the significant decimals", () => {
    expect(formatMicros(0)).toBe("$0");
    expect(formatMicros(7250)).toBe("$0.00725");
    expect(formatMicros(12_345_678)).toBe("$12.35");
  });
});
