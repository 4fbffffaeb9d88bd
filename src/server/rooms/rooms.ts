/**
 * Rooms on the server: creation, the lobby view, the host's heartbeat and settings, closing and cleanup.
 * Seats (join, admit, leave, kick) are in seats.ts. A room is usable ("live") while it is not closed, not
 * expired, and its host page has sent a heartbeat recently; every other room answers as if it never existed.
 */
import "server-only";
import { and, asc, count, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { ZRoomSettings } from "@/lib/rooms/protocol";
import { TURN_POLICIES } from "@/lib/rooms/turn-policy";
import type { TDatabase } from "@/server/db/client";
import { connectParticipants, connectSessions, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { newLongSlug, newShortSlug, slugSchema } from "@/server/links/slugs";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const ZRoomSlug = slugSchema("Not a room link.");
/** A host page that has not sent a heartbeat for this long is gone, and its room with it. */
export const ROOM_LAPSE_SECONDS = 75;
export const DEFAULT_ROOM_EXPIRY_MINUTES = 3 * 60;
export const MAX_ROOM_EXPIRY_MINUTES = 7 * 24 * 60;

export const ZRoomCreate = z.object({
  title: z.string().trim().min(1, "Give the room a title.").max(120),
  maxParticipants: z.number().int().min(2, "A room holds 2 to 8 participants.").max(8, "A room holds 2 to 8 participants.").default(8),
  isPublic: z.boolean().default(false),
  expiresInMinutes: z.number().int().min(5).max(MAX_ROOM_EXPIRY_MINUTES).default(DEFAULT_ROOM_EXPIRY_MINUTES),
  turnPolicy: z.enum(TURN_POLICIES).default("natural"),
  maxAiRepliesPerMessage: ZRoomSettings.shape.maxAiRepliesPerMessage.default(3),
});

/** The one answer for every room that cannot be entered, so none can be told apart. */
export const ROOM_GONE = () => new AppError("NOT_FOUND", "This room does not exist or has closed.");

export const liveRoomCondition = () =>
  and(
    isNull(connectSessions.closedAt),
    gt(connectSessions.expiresAt, sql`now()`),
    gt(connectSessions.lastActivityAt, sql`now() - make_interval(secs => ${ROOM_LAPSE_SECONDS})`),
  );

export async function createRoom(db: TDatabase, userId: string, input: z.infer<typeof ZRoomCreate>) {
  await enforceRateLimit(db, "room-create", userId, RATE_LIMITS.roomCreatePerUser);
  const [room] = await db
    .insert(connectSessions)
    .values({
      userId,
      title: input.title,
      shortSlug: newShortSlug(),
      longSlug: newLongSlug(),
      maxParticipants: input.maxParticipants,
      isPublic: input.isPublic,
      turnPolicy: input.turnPolicy,
      maxAiRepliesPerMessage: input.maxAiRepliesPerMessage,
      expiresAt: new Date(Date.now() + input.expiresInMinutes * 60_000),
    })
    .returning({ id: connectSessions.id, shortSlug: connectSessions.shortSlug, longSlug: connectSessions.longSlug, expiresAt: connectSessions.expiresAt });
  if (!room) throw new Error("room insert returned no row");
  return room;
}

export async function liveRoomBySlug(db: TDatabase, slug: string) {
  const [room] = await db
    .select()
    .from(connectSessions)
    .where(and(or(eq(connectSessions.shortSlug, slug), eq(connectSessions.longSlug, slug)), liveRoomCondition()));
  return room ?? null;
}

export async function liveRoomById(db: TDatabase, roomId: string) {
  const [room] = await db.select().from(connectSessions).where(and(eq(connectSessions.id, roomId), liveRoomCondition()));
  return room ?? null;
}

/** The host's own live room, or the one answer for everything else. */
export async function hostedRoom(db: TDatabase, userId: string, roomId: string) {
  const room = await liveRoomById(db, roomId);
  if (room?.userId !== userId) throw ROOM_GONE();
  return room;
}

async function activeSeatCount(db: TDatabase, roomId: string): Promise<number> {
  const [row] = await db.select({ seats: count() }).from(connectParticipants).where(and(eq(connectParticipants.sessionId, roomId), isNull(connectParticipants.leftAt)));
  return row?.seats ?? 0;
}

/** What the room page shows before joining: enough to decide, nothing about the others but how many they are. */
export async function roomLobby(db: TDatabase, userId: string, slug: string) {
  const room = await liveRoomBySlug(db, slug);
  if (!room) throw ROOM_GONE();
  const [[host], [mySeat], seats] = await Promise.all([
    db.select({ name: sql<string>`coalesce(${users.name}, ${users.username}, 'Someone')` }).from(users).where(eq(users.id, room.userId)),
    db.select().from(connectParticipants).where(and(eq(connectParticipants.sessionId, room.id), eq(connectParticipants.userId, userId))),
    activeSeatCount(db, room.id),
  ]);
  return {
    id: room.id,
    title: room.title,
    shortSlug: room.shortSlug,
    longSlug: room.longSlug,
    hostName: host?.name ?? "Someone",
    isHost: room.userId === userId,
    isPublic: room.isPublic,
    maxParticipants: room.maxParticipants,
    seatsTaken: seats,
    expiresAt: room.expiresAt,
    settings: { title: room.title, turnPolicy: room.turnPolicy, maxAiRepliesPerMessage: room.maxAiRepliesPerMessage },
    kicked: mySeat?.kickedAt != null,
    /** The character this person brought last time, so a reload rejoins without asking again. */
    mySeat: mySeat && !mySeat.kickedAt ? { participantId: mySeat.id, characterName: mySeat.characterName } : null,
  };
}

/**
 * The host page's heartbeat: the room lives while its host's page is open. The answer lists who is still seated,
 * so the host's page lets go of anyone whose seat the server ended (their device was signed out).
 */
export async function renewRoom(db: TDatabase, userId: string, roomId: string): Promise<{ expiresAt: Date; seated: string[] }> {
  const [row] = await db
    .update(connectSessions)
    .set({ lastActivityAt: sql`now()` })
    .where(and(eq(connectSessions.id, roomId), eq(connectSessions.userId, userId), liveRoomCondition()))
    .returning({ expiresAt: connectSessions.expiresAt });
  if (!row) throw ROOM_GONE();
  const seated = await db
    .select({ id: connectParticipants.id })
    .from(connectParticipants)
    .where(and(eq(connectParticipants.sessionId, roomId), isNull(connectParticipants.leftAt)));
  return { expiresAt: row.expiresAt, seated: seated.map((seat) => seat.id) };
}

export async function updateRoomSettings(db: TDatabase, userId: string, roomId: string, settings: Pick<z.infer<typeof ZRoomCreate>, "turnPolicy" | "maxAiRepliesPerMessage">): Promise<void> {
  const room = await hostedRoom(db, userId, roomId);
  await db.update(connectSessions).set(settings).where(eq(connectSessions.id, room.id));
}

/** Only the host can close; anyone else's call changes nothing. */
export async function closeRoom(db: TDatabase, userId: string, roomId: string): Promise<void> {
  const closed = await db
    .update(connectSessions)
    .set({ closedAt: sql`now()` })
    .where(and(eq(connectSessions.id, roomId), eq(connectSessions.userId, userId), isNull(connectSessions.closedAt)))
    .returning({ id: connectSessions.id });
  if (closed.length === 0) return;
  await db.update(connectParticipants).set({ leftAt: sql`now()` }).where(and(eq(connectParticipants.sessionId, roomId), isNull(connectParticipants.leftAt)));
}

/** Rooms to show on the Rooms page: the person's own live ones and everyone's public ones. */
export async function listRooms(db: TDatabase, userId: string) {
  // Spelled out in full: drizzle would leave the columns unqualified, and inside the subquery "id" is the participant's.
  const seatsTaken = sql<number>`(select count(*)::int from connect_participants p where p.session_id = connect_sessions.id and p.left_at is null)`;
  return db
    .select({
      id: connectSessions.id,
      title: connectSessions.title,
      shortSlug: connectSessions.shortSlug,
      isPublic: connectSessions.isPublic,
      isMine: sql<boolean>`${connectSessions.userId} = ${userId}`,
      maxParticipants: connectSessions.maxParticipants,
      seatsTaken,
      expiresAt: connectSessions.expiresAt,
    })
    .from(connectSessions)
    .where(and(liveRoomCondition(), or(eq(connectSessions.userId, userId), eq(connectSessions.isPublic, true))))
    .orderBy(desc(connectSessions.createdAt), asc(connectSessions.id))
    .limit(100);
}

/** Periodic cleanup: rooms past expiry, closed, or whose host page has been gone for an hour. */
export async function deleteExpiredRooms(db: TDatabase): Promise<number> {
  const deleted = await db
    .delete(connectSessions)
    .where(or(lt(connectSessions.expiresAt, sql`now()`), lt(connectSessions.closedAt, sql`now() - interval '1 hour'`), lt(connectSessions.lastActivityAt, sql`now() - interval '1 hour'`)))
    .returning({ id: connectSessions.id });
  return deleted.length;
}
