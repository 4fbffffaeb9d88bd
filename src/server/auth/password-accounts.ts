/** Username + password accounts: sign-up and sign-in, rate-limited, with one answer for every failure. */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { passwordCredentials, users } from "@/server/db/schema";
import { ZBearerToken } from "@/server/crypto/bearer-token";
import { AppError } from "@/server/errors";
import { registerAccount } from "@/server/operators/registration";
import { addressIdentity } from "@/server/rate-limit/address-identity";
import { enforceRateLimit, enforceRateLimits, refundRateLimits } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { hashPassword, verifyDecoyPassword, verifyPassword, ZNewPassword, ZPasswordAttempt } from "./password";

export const ZUsername = z
  .string()
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(32, "Use at most 32 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Use letters, digits, and . _ - (starting with a letter or digit).");

export const ZDisplayName = z.string().trim().min(1, "Enter a name.").max(64, "Use at most 64 characters.");

export const ZSignUp = z.object({
  username: ZUsername,
  password: ZNewPassword,
  name: ZDisplayName.optional(),
  /** The token of the invite link the newcomer followed. */
  invite: ZBearerToken.optional(),
});

export const ZSignIn = z.object({
  username: z.string().trim().min(1, "Enter your username.").max(64),
  password: ZPasswordAttempt,
});

const WRONG_CREDENTIALS = "Wrong username or password.";
export const ACCOUNT_DISABLED = "This account has been disabled by the administrator.";

export async function signUpWithPassword(db: TDatabase, input: z.infer<typeof ZSignUp>, clientIp: string): Promise<string> {
  await enforceRateLimit(db, "sign-up", addressIdentity(clientIp), RATE_LIMITS.signUpPerIp);
  const passwordHash = await hashPassword(input.password);
  const user = await registerAccount(db, { username: input.username, name: input.name ?? input.username, passwordHash }, input.invite ?? null);
  return user.id;
}

/**
 * The limits a sign-in counts against. Only failures count (a correct password takes its attempt back): the
 * pair of address and username locks a guesser out quickly without touching the owner, who signs in from another
 * address; the username alone has a slower limit against guesses spread over many addresses; the address alone
 * against one address trying many usernames.
 */
function signInAttempts(clientIp: string, username: string) {
  const address = addressIdentity(clientIp);
  return [
    { action: "sign-in-pair", identifier: `${address}|${username}`, rule: RATE_LIMITS.signInFailuresPerAddressAndUsername },
    { action: "sign-in-user", identifier: username, rule: RATE_LIMITS.signInFailuresPerUsername },
    { action: "sign-in-ip", identifier: address, rule: RATE_LIMITS.signInFailuresPerAddress },
  ];
}

/**
 * Returns the user's ID. Unknown usernames cost the same argon2 time and get the same answer as wrong passwords;
 * only someone who knows the password learns that the account is disabled.
 */
export async function signInWithPassword(db: TDatabase, input: z.infer<typeof ZSignIn>, clientIp: string): Promise<string> {
  const username = input.username.toLowerCase();
  const attempts = signInAttempts(clientIp, username);
  await enforceRateLimits(db, attempts);
  const [account] = await db
    .select({ userId: users.id, passwordHash: passwordCredentials.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .innerJoin(passwordCredentials, eq(passwordCredentials.userId, users.id))
    .where(eq(sql`lower(${users.username})`, username));
  const valid = account ? await verifyPassword(account.passwordHash, input.password) : await verifyDecoyPassword(input.password);
  if (!account || !valid) throw new AppError("UNAUTHORIZED", WRONG_CREDENTIALS);
  await refundRateLimits(db, attempts);
  if (account.disabledAt) throw new AppError("FORBIDDEN", ACCOUNT_DISABLED);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, account.userId));
  return account.userId;
}
