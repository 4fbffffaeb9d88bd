import { describe, expect, it } from "vitest";
import { fallbackModelDefaults, knownModelDefaults } from "./known-models";

describe("knownModelDefaults", () => {
  it("matches dated and vendor-prefixed ids by their longest known prefix", () => {
    expect(knownModelDefaults("gpt-4o-mini-2024-07-18")?.inputPricePerMillion).toBe(150_000);
    expect(knownModelDefaults("openai/gpt-4o")?.inputPricePerMillion).toBe(2_500_000);
    expect(knownModelDefaults("anthropic/claude-sonnet-4.5")).toMatchObject({ contextWindow: 200_000, reasoning: true, outputPricePerMillion: 15_000_000 });
  });

  it("knows nothing of unknown models, which get conservative fallbacks", () => {
    expect(knownModelDefaults("llama3.1:8b")).toBeNull();
    expect(fallbackModelDefaults("openai_compatible")).toMatchObject({ contextWindow: 8_192, inputPricePerMillion: null });
  });
});
