/**
 * The keys that seal provider API keys: the current one (from the app secret) first, then keys from previous
 * secrets during a rotation. A key opened with an old secret is re-sealed with the current one on use.
 */
import "server-only";
import { env } from "@/env";
import { openSecret, sealSecret } from "@/server/crypto/secret-box";
import { deriveKey } from "@/server/secrets";

function keyRing(previousSecrets: string[]): Buffer[] {
  return [deriveKey("provider-keys"), ...previousSecrets.map((secret) => deriveKey("provider-keys", secret))];
}

export function sealApiKey(apiKey: string): string {
  return sealSecret(deriveKey("provider-keys"), apiKey);
}

/** The plain key, and a fresh sealing when the stored one was made with a previous secret. */
export function openApiKey(sealed: string, previousSecrets: string[] = env.AUTH_SECRET_PREVIOUS): { apiKey: string; resealed: string | null } {
  const [current, ...previous] = keyRing(previousSecrets);
  if (!current) throw new Error("no provider key");
  try {
    return { apiKey: openSecret([current], sealed), resealed: null };
  } catch (error) {
    if (previous.length === 0) throw error;
    const apiKey = openSecret(previous, sealed);
    return { apiKey, resealed: sealApiKey(apiKey) };
  }
}
