/**
 * One-time password-reset links an administrator creates for someone who lost their password (Coterie sends no
 * e-mail). The link is shown to the administrator once and stored only as a hash; using it sets a new password,
 * spends the link and signs the account out everywhere.
 */
import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { passwordResetLinks, users } from "@/server/db/schema";
import { hashBearerToken, newBearerToken, ZBearerToken } from "@/server/crypto/bearer-token";
import { endSessions } from "@/server/auth/end-sessions";
import { hashPassword, ZNewPassword } from "@/server/auth/password";
import { ZUsername } from "@/server/auth/password-accounts";
import { storePasswordCredential } from "@/server/auth/password-credential";
import { AppError } from "@/server/errors";
import { addressIdentity } from "@/server/rate-limit/address-identity";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { withAccountChangesSerialized } from "./administrators";

/** Long enough to pass the link on and use it; short enough that a link forgotten in a chat log soon stops working. */
export const PASSWORD_RESET_LINK_LIFETIME_HOURS = 24;

const UNUSABLE_LINK = "This password reset link has expired or has already been used. Ask the administrator for a new one.";

export const ZResetPassword = z.object({
  token: ZBearerToken,
  newPassword: ZNewPassword,
  /** Required when the account has no username yet. */
  username: ZUsername.optional(),
});

export type TPasswordResetLinkStatus = { usable: false } | { usable: true; username: string | null };

/** A new link for the account; any earlier unused link for it stops working, so only the newest one is out there. */
export async function createPasswordResetLink(db: TDatabase, actorId: string, userId: string): Promise<{ token: string; expiresAt: Date }> {
  if (userId === actorId) throw new AppError("FORBIDDEN", "Change your own password in Settings → Sign-in methods.");
  const token = newBearerToken();
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!account) throw new AppError("NOT_FOUND", "That account does not exist.");
    await tx.delete(passwordResetLinks).where(and(eq(passwordResetLinks.userId, userId), isNull(passwordResetLinks.usedAt)));
    const [link] = await tx
      .insert(passwordResetLinks)
      .values({
        tokenHash: hashBearerToken(token),
        userId,
        createdBy: actorId,
        expiresAt: new Date(Date.now() + PASSWORD_RESET_LINK_LIFETIME_HOURS * 3600 * 1000),
      })
      .returning({ expiresAt: passwordResetLinks.expiresAt });
    if (!link) throw new Error("password reset link insert returned no row");
    return { token, expiresAt: link.expiresAt };
  });
}

const usableLink = (token: string) =>
  and(eq(passwordResetLinks.tokenHash, hashBearerToken(token)), isNull(passwordResetLinks.usedAt), gt(passwordResetLinks.expiresAt, sql`now()`));

/** For the reset page: whether the link still works, and whose username it is for (null: one must be chosen). */
export async function passwordResetLinkStatus(db: TDatabase, token: string): Promise<TPasswordResetLinkStatus> {
  const [link] = await db
    .select({ username: users.username })
    .from(passwordResetLinks)
    .innerJoin(users, eq(users.id, passwordResetLinks.userId))
    .where(usableLink(token));
  return link ? { usable: true, username: link.username } : { usable: false };
}

export async function resetPasswordWithLink(db: TDatabase, input: z.infer<typeof ZResetPassword>, clientIp: string): Promise<void> {
  await enforceRateLimit(db, "password-reset", addressIdentity(clientIp), RATE_LIMITS.passwordResetsPerAddress);
  // Checked before hashing, so a dead link costs no argon2 time; spent below, inside the transaction, at most once.
  if (!(await passwordResetLinkStatus(db, input.token)).usable) throw new AppError("FORBIDDEN", UNUSABLE_LINK);
  const passwordHash = await hashPassword(input.newPassword);
  await withAccountChangesSerialized(db, async (tx) => {
    const [spent] = await tx
      .update(passwordResetLinks)
      .set({ usedAt: sql`now()` })
      .where(usableLink(input.token))
      .returning({ userId: passwordResetLinks.userId });
    if (!spent) throw new AppError("FORBIDDEN", UNUSABLE_LINK);
    await storePasswordCredential(tx, spent.userId, passwordHash, input.username);
    await endSessions(tx, { userId: spent.userId, which: "all" });
  });
}
