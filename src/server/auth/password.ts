/**
 * Password hashing and policy. argon2id with OWASP's recommended memory-hard parameters; the policy follows
 * NIST 800-63B: a length floor, no composition rules, and a refusal of passwords found in breach lists.
 */
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2_OPTIONS = { algorithm: 2 /* argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Only entries at or above the length floor matter; shorter ones are refused anyway. */
const COMMON_PASSWORDS = new Set(
  dictionary["passwords-common"].filter((password) => password.length >= PASSWORD_MIN_LENGTH),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((password) => !isCommonPassword(password), "This password is too common; choose another.");

/** For sign-in only the length cap applies: the policy may have changed since the password was set. */
export const ZPasswordAttempt = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that a sign-in for a username that does not exist costs the same
 * time as one with a wrong password, and answers the same.
 */
export async function verifyDecoyPassword(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy password that no account has");
  await verifyPassword(await decoyHash, password);
  return false;
}
