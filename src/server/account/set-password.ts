/**
 * Setting or changing your own password in Settings. Changing one needs the current one; adding the first one
 * (to an account made through a provider) needs a recent sign-in instead. Either way every other device is signed
 * out: whoever knew the old password, or held an old session, is out.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials } from "@/server/db/schema";
import { endSessions } from "@/server/auth/end-sessions";
import { hashPassword, verifyPassword, ZNewPassword, ZPasswordAttempt } from "@/server/auth/password";
import { ZUsername } from "@/server/auth/password-accounts";
import { storePasswordCredential } from "@/server/auth/password-credential";
import { assertRecentSignIn } from "@/server/auth/recent-sign-in";
import { AppError } from "@/server/errors";
import { withAccountChangesSerialized } from "@/server/operators/administrators";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";

export const ZSetPassword = z.object({
  /** Required when the account has a password. */
  currentPassword: ZPasswordAttempt.optional(),
  newPassword: ZNewPassword,
  /** Required when the account has no username yet. */
  username: ZUsername.optional(),
});

export async function setPassword(
  db: TDatabase,
  userId: string,
  sessionId: string,
  input: z.infer<typeof ZSetPassword>,
): Promise<{ signedOutDevices: number }> {
  const [credential] = await db
    .select({ passwordHash: passwordCredentials.passwordHash })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, userId));
  if (credential) {
    await enforceRateLimit(db, "change-password", userId, RATE_LIMITS.passwordConfirmationsPerUser);
    if (!input.currentPassword || !(await verifyPassword(credential.passwordHash, input.currentPassword))) {
      throw new AppError("UNAUTHORIZED", "Your current password is not right.");
    }
  } else {
    await assertRecentSignIn(db, sessionId, { first: "add a password", then: "add it" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return withAccountChangesSerialized(db, async (tx) => {
    await storePasswordCredential(tx, userId, passwordHash, input.username);
    const ended = await endSessions(tx, { userId, which: "others", keepSessionId: sessionId });
    return { signedOutDevices: ended.length };
  });
}
