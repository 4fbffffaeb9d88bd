/**
 * Database sessions: a random token in an HttpOnly cookie names a row by its hash; deleting the row signs that
 * device out on its very next request. Sessions roll: each use pushes the expiry forward (written at most once a
 * minute), up to an absolute lifetime counted from the sign-in itself.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { deviceLabel } from "@/lib/user-agent";
import type { TDatabase } from "@/server/db/client";
import { sessions, users, type TUserRole } from "@/server/db/schema";
import { hashBearerToken, newBearerToken } from "@/server/crypto/bearer-token";
import { CLIENT_IP_HEADER } from "@/server/http/request-meta";
import { AppError } from "@/server/errors";
import { endSessions } from "./end-sessions";

/** The rolling (idle) lifetime: a device unused this long is signed out. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/**
 * However active a device stays, it signs in again this long after it last did, so a stolen cookie cannot be
 * kept alive forever by using it. Three idle windows: someone who uses Coterie daily types a password (or
 * passes through their provider) about four times a year.
 */
export const SESSION_ABSOLUTE_LIFETIME_SECONDS = 90 * 24 * 60 * 60;
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export type TSessionUser = { id: string; username: string | null; name: string | null; image: string | null; role: TUserRole };
export type TResolvedSession = { sessionId: string; user: TSessionUser; renewed: boolean; expires: Date };
type THeaderSource = { get: (name: string) => string | null };

/** The address the custom server stamped on the request; none outside it (tests, the OAuth adapter's insert). */
const addressOf = (headers: THeaderSource) => headers.get(CLIENT_IP_HEADER)?.slice(0, 64) ?? null;

const secondsInterval = (seconds: number) => sql`make_interval(secs => ${seconds})`;

/** A session row that still signs someone in: within both lifetimes, and its account not disabled. */
export function liveSession() {
  return and(
    gt(sessions.expires, sql`now()`),
    gt(sessions.createdAt, sql`now() - ${secondsInterval(SESSION_ABSOLUTE_LIFETIME_SECONDS)}`),
    isNull(users.disabledAt),
  );
}

/** The next expiry of a session in use: one idle window from now, never past its absolute lifetime. */
export function rolledExpiry() {
  return sql<Date>`least(now() + ${secondsInterval(SESSION_MAX_AGE_SECONDS)}, ${sessions.createdAt} + ${secondsInterval(SESSION_ABSOLUTE_LIFETIME_SECONDS)})`;
}

export async function createSession(
  db: TDatabase,
  userId: string,
  headers: THeaderSource,
): Promise<{ token: string; expires: Date }> {
  const token = newBearerToken();
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(sessions).values({ tokenHash: hashBearerToken(token), userId, expires, deviceLabel: deviceLabel(headers), lastAddress: addressOf(headers) });
  return { token, expires };
}

export async function resolveSession(
  db: TDatabase,
  token: string | null,
  headers: THeaderSource,
): Promise<TResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashBearerToken(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      deviceLabel: sessions.deviceLabel,
      expires: sessions.expires,
      user: { id: users.id, username: users.username, name: users.name, image: users.image, role: users.role },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), liveSession()));
  if (!row) return null;
  // Sessions created by the OAuth flow have no device label until their first request.
  const renewed = Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS || row.deviceLabel === null;
  if (!renewed) return { sessionId: row.sessionId, user: row.user, renewed, expires: row.expires };
  const [updated] = await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()`, expires: rolledExpiry(), deviceLabel: row.deviceLabel ?? deviceLabel(headers), lastAddress: addressOf(headers) ?? sql`${sessions.lastAddress}` })
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ expires: sessions.expires });
  return { sessionId: row.sessionId, user: row.user, renewed, expires: updated?.expires ?? row.expires };
}

/** Whether a device is still signed in, for the signaling server's check of the peers it registers. */
export async function isSessionLive(db: TDatabase, sessionId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), liveSession()));
  return row !== undefined;
}

export type TDevice = { id: string; label: string; address: string | null; createdAt: Date; lastSeenAt: Date; current: boolean };

export async function listDevices(db: TDatabase, userId: string, currentSessionId: string): Promise<TDevice[]> {
  const rows = await db
    .select({ id: sessions.id, label: sessions.deviceLabel, address: sessions.lastAddress, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.userId, userId), liveSession()))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
  return rows.map((row) => ({
    ...row,
    label: row.label ?? "Unknown device",
    current: row.id === currentSessionId,
  }));
}

export async function revokeDevice(db: TDatabase, userId: string, sessionId: string): Promise<void> {
  const ended = await endSessions(db, { userId, which: "one", sessionId });
  if (ended.length === 0) throw new AppError("NOT_FOUND", "That device is not signed in.");
}

export async function revokeOtherDevices(db: TDatabase, userId: string, currentSessionId: string): Promise<number> {
  return (await endSessions(db, { userId, which: "others", keepSessionId: currentSessionId })).length;
}
