/**
 * Assembles what the model is sent for a character's next reply: one system message (system prompt, character
 * fields, persona, lorebook matches in their positions, memories, example dialogue), as much recent history
 * as the context window allows, and the post-history instructions last. Every text goes through the macros.
 */
import { activateLorebook, type TActivatableEntry } from "./lorebook-activation";
import { fitHistory, historyBudget } from "./history-window";
import { macroNamesOf, substituteMacros } from "@/lib/chat/macros";

export const DEFAULT_SYSTEM_PROMPT =
  "Write {{char}}'s next reply in a fictional chat between {{char}} and {{user}}. Stay in character, be vivid, and never speak for {{user}}.";
const DEFAULT_SCAN_DEPTH = 4;
const DEFAULT_RECURSION_DEPTH = 3;
const SAFETY_MARGIN = 0.05;

export type TPromptCharacter = {
  name: string;
  nickname: string | null;
  description: string;
  personality: string;
  scenario: string;
  systemPrompt: string;
  postHistoryInstructions: string;
  exampleDialogue: string;
};

export type TPromptLorebook = {
  entries: (TActivatableEntry & { placement: "before_char" | "after_char" | null })[];
  scanDepth: number | null;
  tokenBudget: number | null;
  recursive: boolean;
};

export type THistoryMessage = { role: "user" | "assistant"; content: string; tokens: number };
export type TPromptMessage = { role: "system" | "user" | "assistant"; content: string };

export type TPromptInput = {
  character: TPromptCharacter;
  persona: { name: string; description: string } | null;
  /** What {{user}} stands for without a persona (the person's name in a room); "User" without either. */
  personName?: string;
  lorebook: TPromptLorebook | null;
  memories: string[];
  history: THistoryMessage[];
  model: { contextWindow: number; maxOutputTokens: number };
  now: Date;
  countTokens: (text: string) => number;
};

export type TBuiltPrompt = {
  messages: TPromptMessage[];
  activatedLorebookIds: string[];
  historyIncluded: number;
  promptTokens: number;
};

/** How the history gives a line by someone other than the person and the character: tagged with the speaker's name. */
export function speakerLine(speakerName: string, text: string): string {
  return `${speakerName}: ${text}`;
}

function section(title: string, body: string): string | null {
  return body.trim() ? `${title}\n${body.trim()}` : null;
}

export function buildPrompt(input: TPromptInput): TBuiltPrompt {
  const { character, persona, lorebook, model, countTokens } = input;
  const macros = { ...macroNamesOf(character, persona, input.personName), now: input.now };
  const expand = (text: string) => substituteMacros(text, macros);

  const activated = lorebook
    ? activateLorebook(lorebook.entries, {
        recentMessages: input.history.map((message) => message.content),
        scanDepth: lorebook.scanDepth ?? DEFAULT_SCAN_DEPTH,
        recursive: lorebook.recursive,
        maxRecursionDepth: DEFAULT_RECURSION_DEPTH,
        tokenBudget: lorebook.tokenBudget ?? Math.floor(model.contextWindow * 0.25),
        countTokens,
      })
    : [];
  const placementOf = new Map(lorebook?.entries.map((entry) => [entry.id, entry.placement]) ?? []);
  const lore = (placement: "before_char" | "after_char") =>
    activated
      .filter((entry) => (placementOf.get(entry.id) ?? "after_char") === placement)
      .map((entry) => entry.content.trim())
      .join("\n\n");

  const systemParts = [
    expand(character.systemPrompt.trim() || DEFAULT_SYSTEM_PROMPT),
    lore("before_char"),
    section(`About ${macros.char}:`, character.description),
    section(`${macros.char}'s personality:`, character.personality),
    section("Scenario:", character.scenario),
    lore("after_char"),
    persona ? section(`About ${macros.user}:`, persona.description) : null,
    section("Things to remember:", input.memories.map((memory) => `- ${memory}`).join("\n")),
    section("Examples of how {{char}} speaks:", character.exampleDialogue.replace(/<START>\s*/gi, "")),
  ];
  const system = expand(systemParts.filter((part): part is string => Boolean(part?.trim())).join("\n\n"));
  const postHistory = expand(character.postHistoryInstructions.trim());

  const fixedTokens = countTokens(system) + (postHistory ? countTokens(postHistory) : 0);
  const history = fitHistory(
    input.history,
    historyBudget({ contextWindow: model.contextWindow, maxOutputTokens: model.maxOutputTokens, promptTokens: fixedTokens, safetyMargin: SAFETY_MARGIN }),
  );

  const messages: TPromptMessage[] = [
    { role: "system", content: system },
    ...history.map((message) => ({ role: message.role, content: expand(message.content) })),
  ];
  if (postHistory) messages.push({ role: "system", content: postHistory });
  return {
    messages,
    activatedLorebookIds: activated.map((entry) => entry.id),
    historyIncluded: history.length,
    promptTokens: fixedTokens + history.reduce((total, message) => total + message.tokens, 0),
  };
}
