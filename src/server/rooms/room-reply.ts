/**
 * A character's turn in a room, generated for the participant who brought it: their provider and their "room
 * auto-reply" settings, their character card (and its lorebook), their persona and name as {{user}}, what the
 * character remembers from their chats with it, and the speaker-tagged transcript their browser holds. The reply
 * streams back to that browser, which relays it into the room; nothing of the room's conversation is stored
 * here, only the usage event (tokens and cost, no text).
 */
import "server-only";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import type { TRoomReplyRequest } from "@/lib/replies/reply-requests";
import { ownedCharacter, ownedPersona } from "@/server/characters/lookups";
import { touchMemories } from "@/server/memories/recall";
import type { TDatabase } from "@/server/db/client";
import { countTokens } from "@/server/llm/token-count";
import { logger } from "@/server/logger";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { gatherPromptInput } from "@/server/replies/prompt-input";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { roomHistory } from "@/server/replies/prompt/room-prompt";
import { streamUnsavedReply } from "@/server/replies/unsaved-reply";
import { mySeat } from "./seats";

export async function* roomReply(db: TDatabase, userId: string, request: TRoomReplyRequest, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  // The seat first: someone with no seat in this room hears that, whatever their model settings.
  const { seat } = await mySeat(db, userId, request.roomId);
  const [target, library, persona] = await Promise.all([
    resolveScenarioModel(db, userId, "auto_reply"),
    seat.characterId ? ownedCharacter(db, userId, seat.characterId) : null,
    seat.personaId ? ownedPersona(db, userId, seat.personaId) : null,
  ]);
  const { input, recalledMemoryIds } = await gatherPromptInput(db, userId, {
    character: library ? { library } : { quick: { name: seat.characterName, description: seat.characterDescription } },
    persona,
    personName: seat.displayName,
    memories: library ? { characterId: library.id } : null,
    history: roomHistory(request.history, seat.id, countTokens),
    model: target.model,
    room: { present: request.present },
  });

  yield* streamUnsavedReply({ db, userId, scenario: "auto_reply", chatId: null, target }, buildPrompt(input).messages, request.history.length, signal);
  await touchMemories(db, recalledMemoryIds).catch((error: unknown) => logger.warn({ roomId: request.roomId, err: error }, "marking recalled memories failed"));
}
