/**
 * Encryption at rest for secrets users give us (LLM provider API keys): AES-256-GCM under a key derived from
 * the app secret, a fresh 96-bit IV per value, and the authentication tag checked on every read, so a value
 * altered in the database is refused rather than decrypted into garbage.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>` (base64url). Rotation: decryption tries the current key, then the
 * previous ones it is given; re-encrypting with the current key is then a matter of reading and writing.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function openSecret(keys: Buffer[], sealed: string): string {
  const [version, iv, ciphertext, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || ciphertext === undefined || !tag || rest.length > 0) {
    throw new SecretBoxError("The stored secret is not in a format this version can read.");
  }
  for (const key of keys) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // Wrong key (or tampered value): try the next key.
    }
  }
  throw new SecretBoxError("The stored secret could not be decrypted: the app secret changed or the value was altered.");
}

/** What the browser may see of a saved key: its last four characters. */
export function lastFour(secret: string): string {
  return secret.length <= 4 ? "••••" : `••••${secret.slice(-4)}`;
}
