import { describe, expect, it } from "vitest";
import { buildPrompt, DEFAULT_SYSTEM_PROMPT, type TPromptInput } from "./build-prompt";

const countTokens = (text: string) => Math.ceil(text.length / 4);

function input(overrides: Partial<TPromptInput> = {}): TPromptInput {
  return {
    character: {
      name: "Seraphina",
      nickname: "Sera",
      description: "{{char}} guards the glade.",
      personality: "Kind.",
      scenario: "{{user}} wakes in the glade.",
      systemPrompt: "",
      postHistoryInstructions: "Reply as {{char}} only.",
      exampleDialogue: "<START>\n{{user}}: Hi\n{{char}}: Hello, traveller.",
    },
    persona: { name: "Ada", description: "A curious engineer." },
    lorebook: null,
    memories: [],
    history: [
      { role: "user", content: "Where am I, {{char}}?", tokens: 6 },
      { role: "assistant", content: "In my glade, {{user}}.", tokens: 6 },
    ],
    model: { contextWindow: 8000, maxOutputTokens: 500 },
    now: new Date("2026-11-23T12:00:00Z"),
    countTokens,
    ...overrides,
  };
}

describe("buildPrompt", () => {
  it("assembles system, history and post-history instructions with macros filled", () => {
    const prompt = buildPrompt(input());
    expect(prompt.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "system"]);
    const system = prompt.messages[0]?.content ?? "";
    expect(system.startsWith(DEFAULT_SYSTEM_PROMPT.replaceAll("{{char}}", "Sera").replaceAll("{{user}}", "Ada"))).toBe(true);
    expect(system).toContain("About Sera:\nSera guards the glade.");
    expect(system).toContain("Scenario:\nAda wakes in the glade.");
    expect(system).toContain("About Ada:\nA curious engineer.");
    expect(system).toContain("Examples of how Sera speaks:\nAda: Hi\nSera: Hello, traveller.");
    expect(prompt.messages[1]?.content).toBe("Where am I, Sera?");
    expect(prompt.messages.at(-1)).toEqual({ role: "system", content: "Reply as Sera only." });
  });

  it("uses the character's own system prompt when it has one", () => {
    const prompt = buildPrompt(input({ character: { ...input().character, systemPrompt: "You are {{char}}, terse." } }));
    expect(prompt.messages[0]?.content.startsWith("You are Sera, terse.")).toBe(true);
  });

  it("injects matching lorebook entries in their positions, and lists memories", () => {
    const base = { secondaryKeys: [], enabled: true, constant: false, selective: false, selectiveLogic: "and_any" as const, caseSensitive: false, useRegex: false, priority: null };
    const prompt = buildPrompt(
      input({
        memories: ["Ada lost her map."],
        lorebook: {
          scanDepth: null,
          tokenBudget: null,
          recursive: false,
          entries: [
            { ...base, id: "lb1", keys: ["glade"], content: "The glade hides from strangers.", insertionOrder: 1, placement: "before_char" },
            { ...base, id: "lb2", keys: ["dragon"], content: "Dragons avoid it.", insertionOrder: 2, placement: null },
          ],
        },
      }),
    );
    const system = prompt.messages[0]?.content ?? "";
    expect(prompt.activatedLorebookIds).toEqual(["lb1"]);
    expect(system.indexOf("The glade hides from strangers.")).toBeLessThan(system.indexOf("About Sera:"));
    expect(system).not.toContain("Dragons avoid it.");
    expect(system).toContain("Things to remember:\n- Ada lost her map.");
  });

  it("drops the oldest history that does not fit the context window", () => {
    const history = Array.from({ length: 100 }, (_, index) => ({ role: index % 2 ? ("assistant" as const) : ("user" as const), content: `message ${index}`, tokens: 50 }));
    const prompt = buildPrompt(input({ history, model: { contextWindow: 2000, maxOutputTokens: 500 } }));
    expect(prompt.historyIncluded).toBeLessThan(100);
    expect(prompt.messages.at(-2)?.content).toBe("message 99");
    expect(prompt.promptTokens).toBeLessThanOrEqual(2000 - 500);
  });
});
