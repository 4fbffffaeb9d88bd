/**
 * Leaving Coterie. The user row goes, and every row that belongs to the user goes with it through
 * ON DELETE CASCADE. Confirmation: the password where there is one; otherwise a recent sign-in. The last
 * administrator cannot leave while others depend on them.
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { endSessions } from "@/server/auth/end-sessions";
import { verifyPassword } from "@/server/auth/password";
import { assertRecentSignIn } from "@/server/auth/recent-sign-in";
import { deleteUnreferencedBlobs } from "@/server/blobs/blob-store";
import { assertAnotherAdministratorRemains, assertStillAdministrator, withAccountChangesSerialized } from "@/server/operators/administrators";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

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
    await assertRecentSignIn(db, sessionId, { first: "delete your account", then: "delete it" });
  }
  await removeAccount(db, userId);
}

/**
 * Removes an account and everything it owns; used by the person themselves and by an administrator
 * (`actingAdministratorId`). Its sessions end through endSessions first, so whatever is tied to them stops too.
 */
export async function removeAccount(db: TDatabase, userId: string, { actingAdministratorId }: { actingAdministratorId?: string } = {}): Promise<void> {
  await withAccountChangesSerialized(db, async (tx) => {
    if (actingAdministratorId) await assertStillAdministrator(tx, actingAdministratorId);
    await assertAnotherAdministratorRemains(tx, userId, {
      unlessAlone: true,
      message: actingAdministratorId
        ? "That account is the only administrator; make someone else an administrator first."
        : "You are the only administrator. Make someone else an administrator first (Administration → Accounts).",
    });
    await endSessions(tx, { userId, which: "all" });
    const deleted = await tx.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
    if (deleted.length === 0) throw new AppError("NOT_FOUND", "That account does not exist.");
  });
  // Pictures shared by nobody else go too; the blob store holds no user_id of its own.
  await deleteUnreferencedBlobs(db);
}
