/**
 * The one way a session ends before its time: signing out, a device revoked from Settings, a password changed
 * or reset, an account disabled or deleted. Everything that must stop together with a session (its signaling
 * sockets, say) hears of it here, once, and learns exactly which sessions ended (session-endings.ts). Inside a
 * transaction that later fails, sockets may have closed for sessions that remain: their pages reconnect.
 * Listeners run after the caller's current step, so their queries never deadlock with its transaction.
 */
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { sessions } from "@/server/db/schema";
import { announceEndedSessions, type TEndedSession } from "./session-endings";

export type TSessionsToEnd =
  /** One device: signing out, or revoking it from Settings → Devices. */
  | { userId: string; which: "one"; sessionId: string }
  /** Every device but the one making the request: a password change. */
  | { userId: string; which: "others"; keepSessionId: string }
  /** Every device: a password reset, an account disabled or deleted. */
  | { userId: string; which: "all" };


export async function endSessions(db: TDatabase, scope: TSessionsToEnd): Promise<TEndedSession[]> {
  const ofUser = eq(sessions.userId, scope.userId);
  const where =
    scope.which === "one"
      ? and(ofUser, eq(sessions.id, scope.sessionId))
      : scope.which === "others"
        ? and(ofUser, ne(sessions.id, scope.keepSessionId))
        : ofUser;
  const ended = await db.delete(sessions).where(where).returning({ sessionId: sessions.id, userId: sessions.userId });
  // Not awaited: inside a transaction the listeners' own queries wait for it to commit, and it must not wait for them.
  void announceEndedSessions(ended);
  return ended;
}
