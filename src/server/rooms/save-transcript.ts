/**
 * "Save to my chats": a room's transcript, as the participant's browser holds it, becomes an ordinary chat
 * with the character they brought, so the conversation can go on one-to-one. Their character's lines are its
 * replies; everyone else's are kept on the user's side with the speaker's name, which the chat shows and its
 * prompts tag the line with. A quick character is first added to their library (a chat needs a character to
 * continue with).
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ZCharacterCardV3 } from "@/lib/character-card/card-schema";
import { TRANSCRIPT_LIMIT } from "@/lib/rooms/arbiter";
import { ZRoomTranscriptLine } from "@/lib/rooms/protocol";
import { saveCard } from "@/server/characters/import-characters";
import type { TDatabase } from "@/server/db/client";
import { startChatWith } from "@/server/chat/chats";
import { characters, connectParticipants, connectSessions } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { roomLines } from "@/server/replies/prompt/room-prompt";
import { ZRoomId } from "@/lib/ids";

export const ZSaveTranscript = z.object({
  roomId: ZRoomId,
  messages: z.array(ZRoomTranscriptLine).min(1, "The room has no messages to save yet.").max(TRANSCRIPT_LIMIT),
});

async function characterToChatWith(db: TDatabase, userId: string, seat: typeof connectParticipants.$inferSelect): Promise<string> {
  if (seat.characterId) {
    const [owned] = await db.select({ id: characters.id }).from(characters).where(and(eq(characters.id, seat.characterId), eq(characters.userId, userId)));
    if (owned) return owned.id;
  }
  const card = ZCharacterCardV3.parse({ spec: "chara_card_v3", spec_version: "3.0", data: { name: seat.characterName, description: seat.characterDescription } });
  return saveCard(db, userId, card, []);
}

export async function saveRoomTranscript(db: TDatabase, userId: string, input: z.infer<typeof ZSaveTranscript>): Promise<{ chatId: string }> {
  const [found] = await db
    .select({ seat: connectParticipants, title: connectSessions.title })
    .from(connectParticipants)
    .innerJoin(connectSessions, eq(connectSessions.id, connectParticipants.sessionId))
    .where(and(eq(connectParticipants.sessionId, input.roomId), eq(connectParticipants.userId, userId)));
  if (!found) throw new AppError("NOT_FOUND", "This room is gone, or you were never in it.");
  const characterId = await characterToChatWith(db, userId, found.seat);
  const lines = roomLines(input.messages, found.seat.id);
  const chatId = await startChatWith(db, userId, {
    characterId,
    title: `Room: ${found.title}`,
    messages: lines.map(({ role, speakerName, text }) => ({ role, speakerName, content: text })),
  });
  return { chatId };
}
