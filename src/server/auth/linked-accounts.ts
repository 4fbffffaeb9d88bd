/** The ways a user can sign in: a password and any linked OAuth / OIDC accounts. */
import { and, count, eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { accounts, passwordCredentials } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export type TSignInMethods = { hasPassword: boolean; linkedProviders: string[] };

export async function signInMethods(db: TDatabase, userId: string): Promise<TSignInMethods> {
  const [password] = await db
    .select({ count: count() })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, userId));
  const linked = await db.select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, userId));
  return { hasPassword: (password?.count ?? 0) > 0, linkedProviders: linked.map((row) => row.provider).sort() };
}

/** Unlinks a provider, unless it is the last way left to sign in. */
export async function unlinkProvider(db: TDatabase, userId: string, provider: string): Promise<void> {
  await db.transaction(async (tx) => {
    const methods = await signInMethods(tx, userId);
    if (!methods.linkedProviders.includes(provider)) throw new AppError("NOT_FOUND", "That account is not linked.");
    const remaining = methods.linkedProviders.length - 1 + (methods.hasPassword ? 1 : 0);
    if (remaining === 0) {
      throw new AppError("CONFLICT", "This is your only way to sign in. Set a password or link another account first.");
    }
    await tx.delete(accounts).where(and(eq(accounts.userId, userId), eq(accounts.provider, provider)));
  });
}
