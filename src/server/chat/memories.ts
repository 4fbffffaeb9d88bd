/**
 * A chat's memories as the person keeps them by hand: listed, added (an LRU set, memories/lru-memories: at most
 * 50, one per content hash) and forgotten, never in an archived chat. Recalling them for a reply is
 * memories/recall.
 */
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { chats, memories } from "@/server/db/schema";
import { refuseIfArchived } from "./chats";
import { AppError } from "@/server/errors";
import { MEMORY_LIMIT, memoryHash, rememberMemory } from "@/server/memories/lru-memories";

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
