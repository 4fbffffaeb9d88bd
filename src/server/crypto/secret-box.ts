/**
 * Encryption at rest for secrets users give us (LLM provider API keys): AES-256-GCM under a key derived from
 * the app secret, a fresh 96-bit IV per value, and the authentication tag checked on every read, so a value
 * altered in the database is refused rather than decrypted into garbage. Version 2 also authenticates what the
 * value belongs to (additional data, e.g. its owner and row): a sealed key copied into another row, or another
 * person's row, no longer opens there.
 *
 * Format: `v2.<iv>.<ciphertext>.<tag>` (base64url); `v1` is the same without additional data, readable only to
 * re-seal it (see models/reseal-provider-keys). Rotation: decryption tries the current key, then the previous
 * ones it is given.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v2";
const LEGACY_VERSION = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** `boundTo`: what the value belongs to; the same words must be given to open it. */
export function sealSecret(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function isLegacySealing(sealed: string): boolean {
  return sealed.startsWith(`${LEGACY_VERSION}.`);
}

function open(keys: Buffer[], sealed: string, version: string, boundTo: string | null): string {
  const [found, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (found !== version || !iv || ciphertext === undefined || !tag || rest.length > 0) {
    throw new SecretBoxError("The stored secret is not in a format this version can read.");
  }
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      if (boundTo !== null) decipher.setAAD(Buffer.from(boundTo, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // Wrong key, wrong binding, or a tampered value: try the next key.
    }
  }
  throw new SecretBoxError("The stored secret could not be decrypted: the app secret changed, or the value was altered or moved.");
}

export function openSecret(keys: Buffer[], sealed: string, boundTo: string): string {
  return open(keys, sealed, VERSION, boundTo);
}

/** A value sealed before bindings existed; only the one-time re-sealing reads these. */
export function openLegacySecret(keys: Buffer[], sealed: string): string {
  return open(keys, sealed, LEGACY_VERSION, null);
}

/** What the browser may see of a saved key: its last four characters. */
export function lastFour(secret: string): string {
  return secret.length <= 4 ? "••••" : `••••${secret.slice(-4)}`;
}
