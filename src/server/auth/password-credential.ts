/**
 * Storing a password for an account, from Settings or through a reset link. Password sign-in is by username, so an
 * account that has none (one made through a provider) chooses one with its first password.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";

/** Call inside a transaction serialized with registrations (withAccountChangesSerialized), so a chosen username stays free. */
export async function storePasswordCredential(tx: TDatabase, userId: string, passwordHash: string, usernameIfNone: string | undefined): Promise<void> {
  const [user] = await tx.select({ username: users.username }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("NOT_FOUND", "That account does not exist.");
  if (!user.username) {
    if (!usernameIfNone) throw new AppError("INVALID_INPUT", "Choose a username: you will sign in with it and this password.");
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.username})`, usernameIfNone.toLowerCase()));
    if (taken) throw new AppError("CONFLICT", "That username is taken.");
    await tx.update(users).set({ username: usernameIfNone }).where(eq(users.id, userId));
  }
  await tx
    .insert(passwordCredentials)
    .values({ userId, passwordHash })
    .onConflictDoUpdate({ target: passwordCredentials.userId, set: { passwordHash, updatedAt: sql`now()` } });
}
