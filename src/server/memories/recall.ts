/**
 * Recalling what a character remembers for a reply. Recall is lexical: a memory is recalled when it shares a
 * significant word with the latest user message; recalled memories come first in the prompt, and are refreshed
 * (so they outlive ones never recalled) once the reply is under way.
 */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { chats, memories } from "@/server/db/schema";

const STOP_WORDS = new Set(["this", "that", "with", "have", "from", "they", "them", "there", "what", "when", "where", "which", "would", "could", "should", "about", "your", "will", "were", "been", "their"]);

function significantWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []).filter((word) => !STOP_WORDS.has(word)));
}

export type TMemoryRow = { id: string; content: string };

/** The chat's memories, most recently used first. */
export async function readMemories(db: TDatabase, userId: string, chatId: string): Promise<TMemoryRow[]> {
  return db
    .select({ id: memories.id, content: memories.content })
    .from(memories)
    .where(and(eq(memories.chatId, chatId), eq(memories.userId, userId)))
    .orderBy(desc(memories.lastUsedAt));
}

/** At most this many of a character's memories across a person's chats are weighed for one room turn. */
const CHARACTER_MEMORIES_READ = 200;

/**
 * What a character remembers with a person outside any one chat (their character's turn in a room): the
 * memories of all the person's chats with it, most recently used first, each text once.
 */
export async function readCharacterMemories(db: TDatabase, userId: string, characterId: string): Promise<TMemoryRow[]> {
  const rows = await db
    .select({ id: memories.id, content: memories.content, contentHash: memories.contentHash })
    .from(memories)
    .innerJoin(chats, eq(chats.id, memories.chatId))
    .where(and(eq(memories.userId, userId), eq(chats.userId, userId), eq(chats.characterId, characterId)))
    .orderBy(desc(memories.lastUsedAt))
    .limit(CHARACTER_MEMORIES_READ);
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.contentHash) && seen.add(row.contentHash)).map(({ id, content }) => ({ id, content }));
}

/**
 * The memories for the prompt, recalled ones first, and the ids of the recalled ones. Marking those as used
 * (touchMemories) is left to the caller, so that write need not delay the reply.
 */
export function recallMemories(rows: TMemoryRow[], latestUserText: string): { contents: string[]; recalledIds: string[] } {
  const words = significantWords(latestUserText);
  const recalled = rows.filter((row) => [...significantWords(row.content)].some((word) => words.has(word)));
  const recalledIds = new Set(recalled.map((row) => row.id));
  return { contents: [...recalled, ...rows.filter((row) => !recalledIds.has(row.id))].map((row) => row.content), recalledIds: [...recalledIds] };
}

/** Refreshes recalled memories, so they outlive ones that are never recalled. */
export async function touchMemories(db: TDatabase, memoryIds: string[]): Promise<void> {
  if (memoryIds.length === 0) return;
  await db.update(memories).set({ lastUsedAt: new Date() }).where(inArray(memories.id, memoryIds));
}
