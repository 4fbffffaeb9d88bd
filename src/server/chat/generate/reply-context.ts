/**
 * What a reply in a saved chat starts from, read in as few round trips as possible: the chat with its
 * character and persona and the chat scenario's model together, then the turns (usually from their cache).
 * The rest of the prompt input (lorebook, memories) is gathered by replies/prompt-input.
 */
import "server-only";
import { allInOrder } from "@/lib/all-in-order";
import { ownedChatWithCast, refuseIfArchived } from "@/server/chat/chats";
import { loadSelectedTurns } from "@/server/chat/turn-cache";
import type { TDatabase } from "@/server/db/client";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { lockChat } from "./generation-locks";

/** Also takes the chat's generation lock, before its turns are read; the caller must call `unlock`. */
export async function loadReplyContext(db: TDatabase, userId: string, chatId: string) {
  const [cast, target] = await allInOrder([ownedChatWithCast(db, userId, chatId), resolveScenarioModel(db, userId, "chat")]);
  refuseIfArchived(cast.chat);
  const unlock = lockChat(cast.chat.id);
  try {
    const turns = await loadSelectedTurns(db, cast.chat);
    return { ...cast, target, turns, unlock };
  } catch (error) {
    unlock();
    throw error;
  }
}
