/**
 * Coterie's rules for a provider sign-in, asked by Auth.js's signIn callback before it links or creates anything:
 * a disabled account stays out; someone already signed in may link a provider; a person the instance does not
 * know yet is a new account, and the registration rule decides (with the invite they brought, if any).
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { TCoterieSignInError } from "@/lib/auth/sign-in-errors";
import type { TDatabase } from "@/server/db/client";
import { accounts, users } from "@/server/db/schema";
import { registrationRefusalFor } from "@/server/operators/registration";
import type { TRegistrationRefusal } from "@/server/operators/registration-rule";

export type TProviderAccount = { provider: string; providerAccountId: string };
export type TSignInContext = {
  /** The browser already has a live session: this sign-in links a provider to that account. */
  signedIn: boolean;
  /** The token from the invite cookie, set when the person started from an invite link. */
  inviteToken: string | null;
};

export const REGISTRATION_REFUSAL_ERRORS: Record<TRegistrationRefusal["reason"], TCoterieSignInError> = {
  closed: "RegistrationClosed",
  "invite-required": "InviteRequired",
  "invite-unusable": "InviteUnusable",
};

/** Null when the sign-in may go on; otherwise the error code the sign-in page explains. */
export async function oauthSignInRefusal(db: TDatabase, account: TProviderAccount, context: TSignInContext): Promise<TCoterieSignInError | null> {
  const [linked] = await db
    .select({ disabledAt: users.disabledAt })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, account.provider), eq(accounts.providerAccountId, account.providerAccountId)));
  if (linked) return linked.disabledAt ? "AccountDisabled" : null;
  // Linking to the account this browser is signed in to (a live session is never a disabled account's).
  if (context.signedIn) return null;
  const refusal = await registrationRefusalFor(db, context.inviteToken);
  return refusal ? REGISTRATION_REFUSAL_ERRORS[refusal.reason] : null;
}
