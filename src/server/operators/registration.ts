/**
 * Creating accounts and the registration mode. `registerAccount` is the only place an account comes into being
 * (password sign-up and a provider's first sign-in both call it): it makes the very first account the
 * administrator and applies the registration rule, serialized so that concurrent sign-ups cannot both become the
 * first one or both spend one invite.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { env } from "@/env";
import { DEFAULT_REGISTRATION_MODE, type TRegistrationMode } from "@/lib/operators/registration-mode";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials, users } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { withAccountChangesSerialized } from "./administrators";
import { inviteState, spendInvite, type TInviteState } from "./invites";
import { readInstanceSetting, writeInstanceSetting } from "./instance-settings";
import { registrationRefusal, type TRegistrationRefusal } from "./registration-rule";

export type TRegistrationState = { mode: TRegistrationMode; fixedByConfiguration: boolean };

export async function registrationState(db: TDatabase): Promise<TRegistrationState> {
  if (env.REGISTRATION_MODE) return { mode: env.REGISTRATION_MODE, fixedByConfiguration: true };
  return { mode: (await readInstanceSetting(db, "registration_mode")) ?? DEFAULT_REGISTRATION_MODE, fixedByConfiguration: false };
}

export async function setRegistrationMode(db: TDatabase, mode: TRegistrationMode): Promise<void> {
  if (env.REGISTRATION_MODE) {
    throw new AppError("CONFLICT", `Registration is fixed by the server's configuration (REGISTRATION_MODE=${env.REGISTRATION_MODE}).`);
  }
  await writeInstanceSetting(db, "registration_mode", mode);
}

async function hasNoAccounts(db: TDatabase): Promise<boolean> {
  const [anyone] = await db.select({ id: users.id }).from(users).limit(1);
  return !anyone;
}

/** Whether someone arriving with this invite (or none) could create an account now, for the sign-up page. */
export async function registrationRefusalFor(db: TDatabase, inviteToken: string | null): Promise<TRegistrationRefusal | null> {
  const invite: TInviteState | null = inviteToken ? await inviteState(db, inviteToken) : null;
  return registrationRefusal({ mode: (await registrationState(db)).mode, firstAccount: await hasNoAccounts(db), invite });
}

export type TNewAccount = {
  username?: string;
  name?: string | null;
  email?: string | null;
  emailVerified?: Date | null;
  image?: string | null;
  /** argon2id hash, for password accounts. */
  passwordHash?: string;
};

export type TRegisteredUser = typeof users.$inferSelect;

/** Thrown (as FORBIDDEN) when the registration rule refuses; `reason` says which part of it. */
export class RegistrationRefused extends AppError {
  constructor(readonly refusal: TRegistrationRefusal) {
    super("FORBIDDEN", refusal.message);
  }
}

export async function registerAccount(db: TDatabase, account: TNewAccount, inviteToken: string | null): Promise<TRegisteredUser> {
  // Registrations are rare; taking them one at a time is what makes "the first account" and "single-use" hold.
  return withAccountChangesSerialized(db, async (tx) => {
    const firstAccount = await hasNoAccounts(tx);
    if (account.username) {
      const taken = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.username})`, account.username.toLowerCase()));
      if (taken.length > 0) throw new AppError("CONFLICT", "That username is taken.");
    }
    const [user] = await tx
      .insert(users)
      .values({
        username: account.username ?? null,
        name: account.name ?? null,
        email: account.email ?? null,
        emailVerified: account.emailVerified ?? null,
        image: account.image ?? null,
        role: firstAccount ? "admin" : "member",
        lastLoginAt: new Date(),
      })
      .returning();
    if (!user) throw new Error("user insert returned no row");
    // Spent here, with the new account as its user; a refusal below rolls the spending back with the account.
    const invite = inviteToken && !firstAccount ? await spendInvite(tx, inviteToken, user.id) : null;
    const refusal = registrationRefusal({ mode: (await registrationState(tx)).mode, firstAccount, invite });
    if (refusal) throw new RegistrationRefused(refusal);
    if (account.passwordHash) await tx.insert(passwordCredentials).values({ userId: user.id, passwordHash: account.passwordHash });
    return user;
  });
}
