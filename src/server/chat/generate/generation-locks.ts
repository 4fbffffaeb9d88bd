/**
 * One reply at a time per chat: two tabs pressing Send together would otherwise race for the same turn.
 * In-process, which is enough while one app server owns a user's chats (Coterie runs as one process; several would
 * need a lock in the database, e.g. an advisory lock on the chat).
 */
import { processGlobal } from "@/server/process-global";
import { AppError } from "@/server/errors";

const busy = processGlobal<Set<string>>("chatGenerationLocks");

export function lockChat(chatId: string): () => void {
  const locks = busy.get() ?? new Set<string>();
  busy.set(locks);
  if (locks.has(chatId)) throw new AppError("CONFLICT", "A reply is already being written in this chat; wait for it or press Stop.");
  locks.add(chatId);
  return () => locks.delete(chatId);
}
