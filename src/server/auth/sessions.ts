/**
 * Database sessions: a random token in an HttpOnly cookie names a row; deleting the row signs that device out
 * on its very next request. Sessions roll: each use pushes the expiry forward, written at most once a minute.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import { deviceLabel } from "@/lib/user-agent";
import type { TDatabase } from "@/server/db/client";
import { sessions, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export type TSessionUser = { id: string; username: string | null; name: string | null; image: string | null };
export type TResolvedSession = { sessionId: string; user: TSessionUser; renewed: boolean };
type THeaderSource = { get: (name: string) => string | null };

export async function createSession(
  db: TDatabase,
  userId: string,
  headers: THeaderSource,
): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(sessions).values({ sessionToken: token, userId, expires, deviceLabel: deviceLabel(headers) });
  return { token, expires };
}

export async function resolveSession(
  db: TDatabase,
  token: string | null,
  headers: THeaderSource,
): Promise<TResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      deviceLabel: sessions.deviceLabel,
      user: { id: users.id, username: users.username, name: users.name, image: users.image },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, token), gt(sessions.expires, sql`now()`)));
  if (!row) return null;
  // Sessions created by the OAuth flow have no device label until their first request.
  const renewed = Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS || row.deviceLabel === null;
  if (renewed) {
    await db
      .update(sessions)
      .set({
        lastSeenAt: sql`now()`,
        expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
        deviceLabel: row.deviceLabel ?? deviceLabel(headers),
      })
      .where(eq(sessions.sessionToken, token));
  }
  return { sessionId: row.sessionId, user: row.user, renewed };
}

/** Whether a device is still signed in, for the signaling server's check of the peers it registers. */
export async function isSessionLive(db: TDatabase, sessionId: string): Promise<boolean> {
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), gt(sessions.expires, sql`now()`)));
  return row !== undefined;
}

export async function deleteSessionByToken(db: TDatabase, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sessionToken, token));
}

export type TDevice = { id: string; label: string; createdAt: Date; lastSeenAt: Date; current: boolean };

export async function listDevices(db: TDatabase, userId: string, currentSessionId: string): Promise<TDevice[]> {
  const rows = await db
    .select({ id: sessions.id, label: sessions.deviceLabel, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expires, sql`now()`)))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
  return rows.map((row) => ({
    ...row,
    label: row.label ?? "Unknown device",
    current: row.id === currentSessionId,
  }));
}

export async function revokeDevice(db: TDatabase, userId: string, sessionId: string): Promise<void> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "That device is not signed in.");
}

export async function revokeOtherDevices(db: TDatabase, userId: string, currentSessionId: string): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)))
    .returning({ id: sessions.id });
  return deleted.length;
}
