/**
 * A character's turn in a room, generated for the participant who brought it: their provider and their "room
 * auto-reply" settings, their character card (and its lorebook), and the speaker-tagged transcript their
 * browser holds. The reply streams back to that browser, which relays it into the room; nothing of the room's
 * conversation is stored here, only the usage event (tokens and cost, no text).
 */
import "server-only";
import { z } from "zod";
import type { TChatStreamEvent } from "@/lib/chat/stream-events";
import { ROOM_REPLY_MAX } from "@/lib/rooms/protocol";
import { ownedCharacter } from "@/server/characters/lookups";
import { buildPrompt } from "@/server/replies/prompt/build-prompt";
import { loadLorebook, promptCharacter } from "@/server/replies/prompt-input";
import { streamUnsavedReply } from "@/server/replies/unsaved-reply";
import type { TDatabase } from "@/server/db/client";
import { countTokens } from "@/server/llm/token-count";
import { resolveScenarioModel } from "@/server/models/generation-settings";
import { quickCharacter, roomCharacter, roomHistory } from "./room-prompt";
import { mySeat } from "./seats";
import { ZParticipantId, ZRoomId } from "@/lib/ids";

export const ZRoomReplyRequest = z.object({
  roomId: ZRoomId,
  history: z
    .array(z.object({ kind: z.enum(["human", "character", "notice"]), participantId: ZParticipantId.nullable(), speakerName: z.string().max(80), text: z.string().max(ROOM_REPLY_MAX) }))
    .max(1_000, "A room turn takes at most 1,000 messages of history."),
  /** Who else is in the room, as "Person (with Character)", so the character can address them. */
  present: z.array(z.string().max(200)).max(8).default([]),
});

export async function* roomReply(db: TDatabase, userId: string, request: z.infer<typeof ZRoomReplyRequest>, signal: AbortSignal): AsyncGenerator<TChatStreamEvent> {
  // The seat first: someone with no seat in this room hears that, whatever their model settings.
  const { seat } = await mySeat(db, userId, request.roomId);
  const target = await resolveScenarioModel(db, userId, "auto_reply");
  const library = seat.characterId ? await ownedCharacter(db, userId, seat.characterId) : null;
  const lorebook = library ? await loadLorebook(db, library) : null;
  const character = roomCharacter(library ? promptCharacter(library) : quickCharacter(seat.characterName, seat.characterDescription), request.present);
  const built = buildPrompt({
    character,
    persona: null,
    lorebook,
    memories: [],
    history: roomHistory(request.history, seat.id, countTokens),
    model: target.model,
    now: new Date(),
    countTokens,
  });

  yield* streamUnsavedReply({ db, userId, scenario: "auto_reply", chatId: null, target }, built.messages, request.history.length, signal);
}
