/**
 * What a reply in a saved chat is built from, read in as few round trips as possible: the chat with its
 * character and persona, the chat scenario's model and the chat's memories together, then the turns and the
 * lorebook (both usually served from their caches).
 */
import "server-only";
import { allInOrder } from "@/lib/all-in-order";
import { ownedChatWithCast, refuseIfArchived } from "@/server/chat/chats";
import { readMemories } from "@/server/chat/memories";
import { loadSelectedTurns } from "@/server/chat/turn-cache";
import type { TDatabase } from "@/server/db/client";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { lockChat } from "./generation-locks";
import { loadLorebook } from "@/server/replies/prompt-input";

/** Also takes the chat's generation lock, before its turns are read; the caller must call `unlock`. */
export async function loadReplyContext(db: TDatabase, userId: string, chatId: string) {
  const [cast, target, memoryRows] = await allInOrder([ownedChatWithCast(db, userId, chatId), resolveScenarioModel(db, userId, "chat"), readMemories(db, userId, chatId)]);
  refuseIfArchived(cast.chat);
  const unlock = lockChat(cast.chat.id);
  try {
    const [turns, lorebook] = await Promise.all([loadSelectedTurns(db, cast.chat), loadLorebook(db, cast.character)]);
    return { ...cast, target, memoryRows, turns, lorebook, unlock };
  } catch (error) {
    unlock();
    throw error;
  }
}
