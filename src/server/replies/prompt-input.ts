/**
 * The one way a reply's prompt input is gathered, for a saved chat, an incognito chat and a room turn alike:
 * the character (a library card with its lorebook, or a room's quick character), the persona and the name
 * {{user}} stands for, the memories in scope recalled against the latest message, and the history. Each kind of
 * reply only says where these come from; what buildPrompt is given is put together here.
 */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { selectiveLogicOf } from "@/lib/character-card/card-schema";
import type { TCharacterRow, TPersonaRow } from "@/server/characters/lookups";
import { readCharacterMemories, readMemories, recallMemories, type TMemoryRow } from "@/server/memories/recall";
import type { TDatabase } from "@/server/db/client";
import { lorebookEntries } from "@/server/db/schema";
import { countTokens } from "@/server/llm/token-count";
import { speakerLine, type THistoryMessage, type TPromptCharacter, type TPromptInput, type TPromptLorebook } from "./prompt/build-prompt";
import { quickCharacter, roomCharacter } from "./prompt/room-prompt";

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

/** A stored turn as history: a line someone else said (a saved room transcript) is tagged with their name. */
export function historyOf(turns: { role: "user" | "assistant"; speakerName: string | null; content: string; tokens: number }[]): THistoryMessage[] {
  return turns.map(({ role, speakerName, content, tokens }) =>
    speakerName ? { role, content: speakerLine(speakerName, content), tokens: tokens + countTokens(`${speakerName}: `) } : { role, content, tokens },
  );
}

export type TPromptSources = {
  /** A character from the person's library, or a quick one made up in a room (a name and a few words). */
  character: { library: TCharacterRow } | { quick: { name: string; description: string } };
  persona: TPersonaRow | null;
  /** What {{user}} stands for when no persona names the person: the name they go by in a room. */
  personName?: string;
  /** Whose memories the character has: the chat's own, all of the person's chats with the character, or none. */
  memories: { chatId: string } | { characterId: string } | null;
  /** May still be loading: it is awaited together with the lorebook and the memories. */
  history: THistoryMessage[] | Promise<THistoryMessage[]>;
  model: { contextWindow: number; maxOutputTokens: number };
  /** A room turn: who else is present, as "Person (with Character)". */
  room?: { present: string[] };
};

export type TGatheredPrompt = {
  input: TPromptInput;
  /** The memories recalled by the latest message: mark them used (touchMemories) once the reply is under way. */
  recalledMemoryIds: string[];
};

function readMemoriesIn(db: TDatabase, userId: string, scope: TPromptSources["memories"]): Promise<TMemoryRow[]> {
  if (!scope) return Promise.resolve([]);
  return "chatId" in scope ? readMemories(db, userId, scope.chatId) : readCharacterMemories(db, userId, scope.characterId);
}

export async function gatherPromptInput(db: TDatabase, userId: string, sources: TPromptSources): Promise<TGatheredPrompt> {
  const library = "library" in sources.character ? sources.character.library : null;
  const [lorebook, memoryRows, history] = await Promise.all([
    library ? loadLorebook(db, library) : null,
    readMemoriesIn(db, userId, sources.memories),
    sources.history,
  ]);
  const card = "library" in sources.character ? promptCharacter(sources.character.library) : quickCharacter(sources.character.quick.name, sources.character.quick.description);
  const latestUserText = history.findLast((message) => message.role === "user")?.content ?? "";
  const memories = recallMemories(memoryRows, latestUserText);
  return {
    input: {
      character: sources.room ? roomCharacter(card, sources.room.present) : card,
      persona: sources.persona ? { name: sources.persona.name, description: sources.persona.description } : null,
      personName: sources.personName,
      lorebook,
      memories: memoriesWithinBudget(memories.contents, sources.model.contextWindow),
      history,
      model: sources.model,
      now: new Date(),
      countTokens,
    },
    recalledMemoryIds: memories.recalledIds,
  };
}
