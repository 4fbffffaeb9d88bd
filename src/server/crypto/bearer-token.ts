/**
 * Bearer tokens: session cookies, invite links and password-reset links. Each is 256 random bits, handed out once;
 * the database keeps only its SHA-256, so a leaked copy of the database lets nobody in. A salt or a slow hash
 * would add nothing for a secret that is already random and this long.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

export function newBearerToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashBearerToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token as it arrives in a link or a form: 32 bytes in base64url, nothing else. */
export const ZBearerToken = z.string().regex(/^[\w-]{43}$/, "This link is incomplete or mistyped.");
