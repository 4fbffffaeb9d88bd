/**
 * Confirmation for an account without a password: a sign-in within the last ten minutes stands in for typing it,
 * so a session left open on someone else's screen cannot take the account over (add a password, delete it).
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { sessions } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

/** `doWhat` finishes the sentence "To …, sign out and sign in again, then … within ten minutes." */
export async function assertRecentSignIn(db: TDatabase, sessionId: string, doWhat: { first: string; then: string }): Promise<void> {
  const [session] = await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, sessionId));
  if (!session || Date.now() - session.createdAt.getTime() > FRESH_SIGN_IN_MS) {
    throw new AppError("FORBIDDEN", `To ${doWhat.first}, sign out and sign in again, then ${doWhat.then} within ten minutes.`);
  }
}
