/**
 * Loads what buildPrompt needs from the database: the character and its lorebook, the persona, the chat's
 * memories (recalled ones first, within a tenth of the context window) and the history.
 */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { selectiveLogicOf } from "@/lib/character-card/card-schema";
import type { THistoryMessage, TPromptCharacter, TPromptInput, TPromptLorebook } from "@/server/chat/prompt/build-prompt";
import type { TDatabase } from "@/server/db/client";
import { type characters, lorebookEntries, type personas } from "@/server/db/schema";
import { countTokens } from "@/server/llm/token-count";

type TCharacterRow = typeof characters.$inferSelect;
type TPersonaRow = typeof personas.$inferSelect;

export function promptCharacter(row: TCharacterRow): TPromptCharacter {
  return {
    name: row.name,
    nickname: row.nickname,
    description: row.description,
    personality: row.personality,
    scenario: row.scenario,
    systemPrompt: row.systemPrompt,
    postHistoryInstructions: row.postHistoryInstructions,
    exampleDialogue: row.exampleDialogue,
  };
}

export async function loadLorebook(db: TDatabase, character: TCharacterRow): Promise<TPromptLorebook | null> {
  if (!character.lorebook) return null;
  const rows = await db.select().from(lorebookEntries).where(eq(lorebookEntries.characterId, character.id)).orderBy(asc(lorebookEntries.position));
  return {
    scanDepth: character.lorebook.scan_depth ?? null,
    tokenBudget: character.lorebook.token_budget ?? null,
    recursive: character.lorebook.recursive_scanning ?? false,
    entries: rows.map((row) => ({
      id: row.id,
      keys: row.keys,
      secondaryKeys: row.secondaryKeys ?? [],
      content: row.content,
      enabled: row.enabled,
      constant: row.constant ?? false,
      selective: row.selective ?? false,
      selectiveLogic: selectiveLogicOf(row.extensions),
      caseSensitive: row.caseSensitive ?? false,
      useRegex: row.useRegex,
      insertionOrder: row.insertionOrder,
      priority: row.priority,
      placement: row.placement,
    })),
  };
}

/** Memories in recall order, as many as fit a tenth of the context window. */
export function memoriesWithinBudget(memories: string[], contextWindow: number): string[] {
  const budget = Math.floor(contextWindow / 10);
  const kept: string[] = [];
  let spent = 0;
  for (const memory of memories) {
    const tokens = countTokens(memory);
    if (spent + tokens > budget) break;
    kept.push(memory);
    spent += tokens;
  }
  return kept;
}

export async function promptInputFor(
  db: TDatabase,
  parts: { character: TCharacterRow; persona: TPersonaRow | null; memories: string[]; history: THistoryMessage[] },
  model: { contextWindow: number; maxOutputTokens: number },
): Promise<TPromptInput> {
  return {
    character: promptCharacter(parts.character),
    persona: parts.persona ? { name: parts.persona.name, description: parts.persona.description } : null,
    lorebook: await loadLorebook(db, parts.character),
    memories: memoriesWithinBudget(parts.memories, model.contextWindow),
    history: parts.history,
    model,
    now: new Date(),
    countTokens,
  };
}
