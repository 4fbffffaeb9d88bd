/**
 * Loads the character's lorebook (cached) and puts what buildPrompt needs together with the persona and the memories (recalled ones first, within a tenth of the context window).
 */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { selectiveLogicOf } from "@/lib/character-card/card-schema";
import type { THistoryMessage, TPromptCharacter, TPromptInput, TPromptLorebook } from "@/server/replies/prompt/build-prompt";
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

/**
 * Lorebooks are read on every reply but change rarely, and a big one costs more to load than the rest of the
 * prompt. Every lorebook write bumps the character's updated_at, so a cached copy is valid exactly while that
 * timestamp is unchanged (in any process: the timestamp is read from the database each time).
 */
const LOREBOOK_CACHE_SIZE = 64;
const lorebookCache = new Map<string, TPromptLorebook>();

export async function loadLorebook(db: TDatabase, character: TCharacterRow): Promise<TPromptLorebook | null> {
  if (!character.lorebook) return null;
  const cacheKey = `${character.id}:${character.updatedAt.getTime()}`;
  const cached = lorebookCache.get(cacheKey);
  if (cached) {
    // Re-insert: Map order is the eviction order, oldest first.
    lorebookCache.delete(cacheKey);
    lorebookCache.set(cacheKey, cached);
    return cached;
  }
  const rows = await db.select().from(lorebookEntries).where(eq(lorebookEntries.characterId, character.id)).orderBy(asc(lorebookEntries.position));
  const lorebook: TPromptLorebook = {
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
  for (const key of lorebookCache.keys()) if (key.startsWith(`${character.id}:`)) lorebookCache.delete(key);
  lorebookCache.set(cacheKey, lorebook);
  if (lorebookCache.size > LOREBOOK_CACHE_SIZE) lorebookCache.delete(lorebookCache.keys().next().value ?? "");
  return lorebook;
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

export function promptInputFor(
  parts: { character: TCharacterRow; persona: TPersonaRow | null; lorebook: TPromptLorebook | null; memories: string[]; history: THistoryMessage[] },
  model: { contextWindow: number; maxOutputTokens: number },
): TPromptInput {
  return {
    character: promptCharacter(parts.character),
    persona: parts.persona ? { name: parts.persona.name, description: parts.persona.description } : null,
    lorebook: parts.lorebook,
    memories: memoriesWithinBudget(parts.memories, model.contextWindow),
    history: parts.history,
    model,
    now: new Date(),
    countTokens,
  };
}
