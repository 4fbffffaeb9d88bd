/**
 * A chat's current turns, cached per process. Reading a long chat's history is most of the work before a
 * reply can start (2,000 messages are a few hundred kilobytes), yet between two replies it changes by a message
 * or two. Every change to a chat's messages bumps chats.revision in the same transaction, and a cached copy is
 * used only while the revision read from the database matches it, so a change made by any process is seen.
 */
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { chats, messages } from "@/server/db/schema";

export type TTurn = { id: string; sequence: number; role: "user" | "assistant"; speakerName: string | null; content: string; tokens: number; reasoning: string | null };

type TTransaction = Parameters<Parameters<TDatabase["transaction"]>[0]>[0];

const CACHED_CHATS = 32;
const cache = new Map<string, { revision: number; turns: TTurn[] }>();

function remember(chatId: string, revision: number, turns: TTurn[]): void {
  cache.delete(chatId);
  cache.set(chatId, { revision, turns });
  // Map order is insertion order: the first key is the least recently used chat.
  if (cache.size > CACHED_CHATS) cache.delete(cache.keys().next().value ?? "");
}

export async function loadSelectedTurns(db: TDatabase, chat: { id: string; revision: number }): Promise<TTurn[]> {
  const cached = cache.get(chat.id);
  if (cached?.revision === chat.revision) {
    remember(chat.id, cached.revision, cached.turns);
    return [...cached.turns];
  }
  const turns = await db
    .select({ id: messages.id, sequence: messages.sequence, role: messages.role, speakerName: messages.speakerName, content: messages.content, tokens: messages.tokens, reasoning: messages.reasoning })
    .from(messages)
    .where(and(eq(messages.chatId, chat.id), eq(messages.selected, true)))
    .orderBy(asc(messages.sequence));
  remember(chat.id, chat.revision, turns);
  return [...turns];
}

/** Marks the chat's messages as changed; call it in the transaction that changes them. Returns the new revision. */
export async function bumpChatRevision(tx: TDatabase | TTransaction, chatId: string): Promise<number> {
  const [row] = await tx
    .update(chats)
    .set({ revision: sql`${chats.revision} + 1` })
    .where(eq(chats.id, chatId))
    .returning({ revision: chats.revision });
  return row?.revision ?? -1;
}

/**
 * After a change whose result the caller knows exactly (a reply it just saved), keeps the cache warm — but
 * only when nobody else changed the chat in between (the revision moved by exactly one).
 */
export function updateCachedTurns(chatId: string, previousRevision: number, revision: number, turns: TTurn[]): void {
  if (revision === previousRevision + 1) remember(chatId, revision, turns);
  else cache.delete(chatId);
}
