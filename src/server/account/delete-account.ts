/**
 * Leaving Coterie. The user row goes, and every row that belongs to the user goes with it through
 * ON DELETE CASCADE. Confirmation: the password where there is one; otherwise a sign-in within the last
 * ten minutes, so a session left open on someone else's screen cannot delete the account.
 */
import { eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials, sessions, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { verifyPassword } from "@/server/auth/password";
import { deleteUnreferencedBlobs } from "@/server/characters/blob-store";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const FRESH_SIGN_IN_MS = 10 * 60 * 1000;

export async function deleteAccount(
  db: TDatabase,
  userId: string,
  sessionId: string,
  password: string | undefined,
): Promise<void> {
  const [credential] = await db
    .select({ passwordHash: passwordCredentials.passwordHash })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, userId));
  if (credential) {
    await enforceRateLimit(db, "delete-account", userId, RATE_LIMITS.passwordConfirmationsPerUser);
    if (!password || !(await verifyPassword(credential.passwordHash, password))) {
      throw new AppError("UNAUTHORIZED", "That password is not right.");
    }
  } else {
    const [session] = await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, sessionId));
    if (!session || Date.now() - session.createdAt.getTime() > FRESH_SIGN_IN_MS) {
      throw new AppError("FORBIDDEN", "To delete your account, sign out and sign in again, then delete within ten minutes.");
    }
  }
  await db.delete(users).where(eq(users.id, userId));
  // Pictures shared by nobody else go too; the blob store holds no user_id of its own.
  await deleteUnreferencedBlobs(db);
}
