/**
 * Seats in a room. Joining takes (or retakes) the person's one seat, within the participant limit, and returns
 * a ticket for the host; the host asks the server to check that ticket before letting a data channel in.
 * Leaving, departures noticed by the host, and kicks all end a seat; a kicked person cannot take it again.
 */
import "server-only";
import { and, count, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { THUMBNAIL_MAX_CHARS } from "@/lib/rooms/protocol";
import { ownedCharacter, ownedPersona } from "@/server/characters/lookups";
import type { TDatabase } from "@/server/db/client";
import { connectParticipants, connectSessions, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { closeRoom, hostedRoom, liveRoomById, liveRoomBySlug, ROOM_GONE, ZRoomSlug } from "./rooms";
import { isValidRoomTicket, mintRoomTicket } from "./tickets";
import { ZCharacterId, ZParticipantId, ZPersonaId, ZRoomId } from "@/lib/ids";

export const ZRoomPeerId = z.string().regex(/^[\w-]{8,64}$/, "Not a peer ID.");
/** Only small raster images as data: URLs, which every browser shows without fetching anything. */
const ZThumbnail = z
  .string()
  .max(THUMBNAIL_MAX_CHARS, "The character's picture is too large.")
  .regex(/^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/, "The character's picture must be a PNG, JPEG or WebP image.");

export const ZRoomCharacterChoice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("library"), characterId: ZCharacterId, thumbnail: ZThumbnail.nullable() }),
  z.object({
    kind: z.literal("quick"),
    name: z.string().trim().min(1, "Give your character a name.").max(80),
    description: z.string().trim().max(2_000).default(""),
    thumbnail: ZThumbnail.nullable(),
    talkativeness: z.number().min(0).max(1).default(0.5),
  }),
]);

export const ZRoomJoin = z.object({
  slug: ZRoomSlug,
  peerId: ZRoomPeerId,
  /** Required for a first join; a rejoin (a reload) keeps the character brought before unless another is given. */
  character: ZRoomCharacterChoice.optional(),
  /**
   * Who the person is to the characters ({{user}}): one of their personas, or null for none (they are called by
   * their name). Left out, a first join takes their default persona and a rejoin keeps the one chosen before.
   */
  personaId: ZPersonaId.nullable().optional(),
});

export const ZRoomAdmit = z.object({ roomId: ZRoomId, participantId: ZParticipantId, peerId: ZRoomPeerId, ticket: z.string().max(300) });

/** SillyTavern keeps a card's talkativeness as a string in its extensions; anything unreadable is the default. */
function talkativenessOf(extensions: Record<string, unknown>): number {
  const value = Number(extensions.talkativeness);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0.5;
}

async function characterFields(db: TDatabase, userId: string, choice: z.infer<typeof ZRoomCharacterChoice>) {
  if (choice.kind === "quick") {
    return { characterId: null, characterName: choice.name, characterDescription: choice.description, characterThumbnail: choice.thumbnail, talkativeness: choice.talkativeness };
  }
  const character = await ownedCharacter(db, userId, choice.characterId);
  return {
    characterId: character.id,
    characterName: character.name.slice(0, 80),
    characterDescription: "",
    characterThumbnail: choice.thumbnail,
    talkativeness: talkativenessOf(character.extensions),
  };
}

/** The seat's persona: the one named, none (null), or with nothing said (undefined) the person's default. */
async function personaField(db: TDatabase, userId: string, personaId: string | null | undefined): Promise<{ personaId: string | null }> {
  if (personaId === null) return { personaId: null };
  const persona = await ownedPersona(db, userId, personaId ?? null);
  return { personaId: persona?.id ?? null };
}

export type TJoinedRoom = { roomId: string; participantId: string; isHost: boolean; hostPeerId: string; ticket: string };

export async function joinRoom(db: TDatabase, userId: string, input: z.infer<typeof ZRoomJoin>): Promise<TJoinedRoom> {
  await enforceRateLimit(db, "room-join", userId, RATE_LIMITS.roomJoinPerUser);
  const room = await liveRoomBySlug(db, input.slug);
  if (!room) throw ROOM_GONE();
  const isHost = room.userId === userId;
  const character = input.character ? await characterFields(db, userId, input.character) : null;
  // A rejoin keeps its persona unless another is named; a first join takes the default when none is.
  const persona = input.personaId !== undefined ? await personaField(db, userId, input.personaId) : null;
  const newSeatPersona = persona ?? (await personaField(db, userId, undefined));
  const [person] = await db.select({ name: sql<string>`coalesce(${users.name}, ${users.username}, 'Someone')` }).from(users).where(eq(users.id, userId));

  const participantId = await db.transaction(async (tx) => {
    // Serializes joins to this room, so two people cannot both take the last seat.
    const [locked] = await tx.select({ hostPeerId: connectSessions.hostPeerId }).from(connectSessions).where(eq(connectSessions.id, room.id)).for("update");
    if (isHost && locked?.hostPeerId) return null;
    if (!isHost && !locked?.hostPeerId) throw new AppError("CONFLICT", "The host has not opened this room yet. Try again in a moment.");

    const [seat] = await tx.select().from(connectParticipants).where(and(eq(connectParticipants.sessionId, room.id), eq(connectParticipants.userId, userId)));
    if (seat?.kickedAt) throw new AppError("FORBIDDEN", "The host removed you from this room.");
    if (!seat || seat.leftAt) {
      const [taken] = await tx.select({ seats: count() }).from(connectParticipants).where(and(eq(connectParticipants.sessionId, room.id), isNull(connectParticipants.leftAt)));
      if ((taken?.seats ?? 0) >= room.maxParticipants) throw new AppError("CONFLICT", `This room is full (${room.maxParticipants} of ${room.maxParticipants}).`);
    }
    if (isHost) await tx.update(connectSessions).set({ hostPeerId: input.peerId, lastActivityAt: sql`now()` }).where(eq(connectSessions.id, room.id));
    if (seat) {
      await tx
        .update(connectParticipants)
        .set({ peerId: input.peerId, leftAt: null, joinedAt: seat.leftAt ? sql`now()` : seat.joinedAt, displayName: person?.name ?? "Someone", ...(character ?? {}), ...(persona ?? {}) })
        .where(eq(connectParticipants.id, seat.id));
      return seat.id;
    }
    if (!character) throw new AppError("INVALID_INPUT", "Choose a character to bring.");
    const [inserted] = await tx
      .insert(connectParticipants)
      .values({ sessionId: room.id, userId, displayName: person?.name ?? "Someone", peerId: input.peerId, isHost, ...character, ...newSeatPersona })
      .returning({ id: connectParticipants.id });
    if (!inserted) throw new Error("participant insert returned no row");
    return inserted.id;
  });

  if (participantId === null) {
    // The room lives in its host's page; another host page means that one was left (or reloaded).
    await closeRoom(db, userId, room.id);
    throw new AppError("CONFLICT", "This room closed when you left its page. Create a new room to meet again.");
  }
  const hostPeerId = isHost ? input.peerId : room.hostPeerId;
  if (!hostPeerId) throw ROOM_GONE();
  return { roomId: room.id, participantId, isHost, hostPeerId, ticket: mintRoomTicket(room.id, participantId, input.peerId) };
}

/** The host checks a connecting peer's ticket; only a seated participant on the page they joined from gets in. */
export async function admitParticipant(db: TDatabase, hostUserId: string, input: z.infer<typeof ZRoomAdmit>) {
  const room = await hostedRoom(db, hostUserId, input.roomId);
  const refused = () => new AppError("FORBIDDEN", "This peer has no seat in the room.");
  if (!isValidRoomTicket(input.ticket, room.id, input.participantId, input.peerId)) throw refused();
  const [seat] = await db
    .select()
    .from(connectParticipants)
    .where(and(eq(connectParticipants.id, input.participantId), eq(connectParticipants.sessionId, room.id), eq(connectParticipants.peerId, input.peerId), isNull(connectParticipants.leftAt), isNull(connectParticipants.kickedAt)));
  if (!seat) throw refused();
  return {
    participantId: seat.id,
    displayName: seat.displayName,
    characterName: seat.characterName,
    characterThumbnail: seat.characterThumbnail,
    isHost: seat.isHost,
    talkativeness: seat.talkativeness,
  };
}

/** The person leaves; when the host leaves, the room closes. */
export async function leaveRoom(db: TDatabase, userId: string, roomId: string): Promise<void> {
  const room = await liveRoomById(db, roomId);
  if (!room) return;
  if (room.userId === userId) return closeRoom(db, userId, roomId);
  await db
    .update(connectParticipants)
    .set({ leftAt: sql`now()` })
    .where(and(eq(connectParticipants.sessionId, roomId), eq(connectParticipants.userId, userId), isNull(connectParticipants.leftAt)));
}

/** The host noticed a participant's page is gone (it did not come back); only that page's seat is ended. */
export async function recordDeparture(db: TDatabase, hostUserId: string, roomId: string, participantId: string, peerId: string): Promise<void> {
  const room = await hostedRoom(db, hostUserId, roomId);
  await db
    .update(connectParticipants)
    .set({ leftAt: sql`now()` })
    .where(and(eq(connectParticipants.id, participantId), eq(connectParticipants.sessionId, room.id), eq(connectParticipants.peerId, peerId), isNull(connectParticipants.leftAt)));
}

export async function kickParticipant(db: TDatabase, hostUserId: string, roomId: string, participantId: string): Promise<void> {
  const room = await hostedRoom(db, hostUserId, roomId);
  const kicked = await db
    .update(connectParticipants)
    .set({ leftAt: sql`now()`, kickedAt: sql`now()` })
    .where(and(eq(connectParticipants.id, participantId), eq(connectParticipants.sessionId, room.id), ne(connectParticipants.userId, hostUserId)))
    .returning({ id: connectParticipants.id });
  if (kicked.length === 0) throw new AppError("NOT_FOUND", "That participant is not in this room.");
}

/**
 * Seats taken from pages that are gone for good (their device was signed out) end at once, and a room hosted from
 * one closes: its host page held the conversation. The hosts of the other rooms drop those seats at their next
 * heartbeat (renewRoom lists who is still seated).
 */
export async function endSeatsOfPeers(db: TDatabase, peerIds: string[]): Promise<void> {
  if (peerIds.length === 0) return;
  const hosted = await db
    .update(connectSessions)
    .set({ closedAt: sql`now()` })
    .where(and(inArray(connectSessions.hostPeerId, peerIds), isNull(connectSessions.closedAt)))
    .returning({ id: connectSessions.id });
  const seatsEnded = or(inArray(connectParticipants.peerId, peerIds), hosted.length > 0 ? inArray(connectParticipants.sessionId, hosted.map((room) => room.id)) : undefined);
  await db.update(connectParticipants).set({ leftAt: sql`now()` }).where(and(isNull(connectParticipants.leftAt), seatsEnded));
}

/** The seat a person generates for: theirs, in a live room. */
export async function mySeat(db: TDatabase, userId: string, roomId: string) {
  const room = await liveRoomById(db, roomId);
  if (!room) throw ROOM_GONE();
  const [seat] = await db
    .select()
    .from(connectParticipants)
    .where(and(eq(connectParticipants.sessionId, room.id), eq(connectParticipants.userId, userId), isNull(connectParticipants.leftAt), isNull(connectParticipants.kickedAt)));
  if (!seat) throw new AppError("FORBIDDEN", "You are not in this room.");
  return { room, seat };
}
