/**
 * A chat's memories in the database, kept as an LRU set by lru-memories: at most 50, one per content hash,
 * refreshed when recalled. Recall is lexical: a memory is recalled when it shares a significant word with the
 * latest user message; recalled memories come first in the prompt.
 */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { chats, memories } from "@/server/db/schema";
import { refuseIfArchived } from "./chats";
import { AppError } from "@/server/errors";
import { MEMORY_LIMIT, memoryHash, rememberMemory } from "./memory/lru-memories";

export const ZMemoryContent = z.string().trim().min(1, "A memory cannot be empty.").max(2_000, "Keep a memory under 2,000 characters.");

export async function listMemories(db: TDatabase, userId: string, chatId: string) {
  return db
    .select({ id: memories.id, content: memories.content, lastUsedAt: memories.lastUsedAt })
    .from(memories)
    .where(and(eq(memories.chatId, chatId), eq(memories.userId, userId)))
    .orderBy(desc(memories.lastUsedAt), desc(memories.createdAt));
}

/** Adds a memory (or refreshes the same one) and evicts the least recently used beyond the limit. */
export async function addMemory(db: TDatabase, userId: string, chatId: string, content: string): Promise<{ evicted: string[] }> {
  return db.transaction(async (tx) => {
    const current = await tx.select().from(memories).where(eq(memories.chatId, chatId));
    const now = Date.now();
    const { evicted } = rememberMemory(
      current.map((row) => ({ contentHash: row.contentHash, content: row.content, lastUsedAt: row.lastUsedAt.getTime() })),
      content,
      now,
      MEMORY_LIMIT,
    );
    await tx
      .insert(memories)
      .values({ userId, chatId, content: content.trim(), contentHash: memoryHash(content), lastUsedAt: new Date(now) })
      .onConflictDoUpdate({ target: [memories.chatId, memories.contentHash], set: { lastUsedAt: new Date(now) } });
    if (evicted.length > 0) {
      await tx.delete(memories).where(and(eq(memories.chatId, chatId), inArray(memories.contentHash, evicted.map((memory) => memory.contentHash))));
    }
    return { evicted: evicted.map((memory) => memory.content) };
  });
}

export async function deleteMemory(db: TDatabase, userId: string, memoryId: string): Promise<void> {
  const [memory] = await db
    .select({ id: memories.id, archived: chats.archived })
    .from(memories)
    .innerJoin(chats, eq(chats.id, memories.chatId))
    .where(and(eq(memories.id, memoryId), eq(memories.userId, userId)));
  if (!memory) throw new AppError("NOT_FOUND", "Memory not found.");
  refuseIfArchived(memory);
  await db.delete(memories).where(eq(memories.id, memory.id));
}

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
