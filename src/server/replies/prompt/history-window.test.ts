import { describe, expect, it } from "vitest";
import { fitHistory, historyBudget } from "./history-window";

describe("historyBudget", () => {
  it("reserves the reply, the rest of the prompt and a margin", () => {
    expect(historyBudget({ contextWindow: 8000, maxOutputTokens: 1000, promptTokens: 1500, safetyMargin: 0.05 })).toBe(5100);
    expect(historyBudget({ contextWindow: 1000, maxOutputTokens: 900, promptTokens: 500, safetyMargin: 0.1 })).toBe(0);
  });
});

describe("fitHistory", () => {
  const messages = [10, 20, 30, 40].map((tokens, index) => ({ id: index, tokens }));

  it("keeps the newest messages that fit, in order, whole", () => {
    expect(fitHistory(messages, 75).map((message) => message.id)).toEqual([2, 3]);
    expect(fitHistory(messages, 100).map((message) => message.id)).toEqual([0, 1, 2, 3]);
    expect(fitHistory(messages, 39)).toEqual([]);
  });

  it("stops at the first message that does not fit rather than skipping it", () => {
    const spiky = [{ id: "a", tokens: 5 }, { id: "b", tokens: 500 }, { id: "c", tokens: 5 }];
    expect(fitHistory(spiky, 100).map((message) => message.id)).toEqual(["c"]);
  });
});
