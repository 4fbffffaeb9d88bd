import { describe, expect, it } from "vitest";
import type { TPromptMessage } from "@/server/replies/prompt/build-prompt";
import { toModelPrompt } from "./model-call";

const text = (value: string) => [{ type: "text", text: value }];

describe("toModelPrompt", () => {
  const prompt: TPromptMessage[] = [
    { role: "system", content: "You are Iris." },
    { role: "assistant", content: "Fair winds." },
    { role: "user", content: "What news?" },
    { role: "system", content: "Keep it short." },
  ];

  it("passes OpenAI-style prompts through as they are, each text as one part", () => {
    expect(toModelPrompt(prompt, "openai_compatible")).toEqual([
      { role: "system", content: "You are Iris." },
      { role: "assistant", content: text("Fair winds.") },
      { role: "user", content: text("What news?") },
      { role: "system", content: "Keep it short." },
    ]);
  });

  it("opens with the user and turns later system text into notes for Anthropic and Gemini", () => {
    for (const kind of ["anthropic", "google"] as const) {
      expect(toModelPrompt(prompt, kind)).toEqual([
        { role: "system", content: "You are Iris." },
        { role: "user", content: text("[The conversation begins.]") },
        { role: "assistant", content: text("Fair winds.") },
        { role: "user", content: text("What news?") },
        { role: "user", content: text("[System note: Keep it short.]") },
      ]);
    }
  });

  it("adds no opening turn when the conversation already starts with the user", () => {
    expect(toModelPrompt(prompt.slice(2), "anthropic")).toEqual([{ role: "user", content: text("What news?") }, { role: "user", content: text("[System note: Keep it short.]") }]);
  });
});
