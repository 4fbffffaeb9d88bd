/**
 * The keys that seal provider API keys: the current one (from the app secret) first, then keys from previous
 * secrets during a rotation. A key opened with an old secret is re-sealed with the current one on use. Every
 * sealed key is bound to its provider row and owner, so it opens only there.
 */
import "server-only";
import { env } from "@/env";
import { openLegacySecret, openSecret, sealSecret } from "@/server/crypto/secret-box";
import { deriveKey } from "@/server/secrets";

/** The row a key belongs to. */
export type TKeyOwner = { userId: string; providerId: string };

const binding = ({ userId, providerId }: TKeyOwner) => `provider-key:${userId}:${providerId}`;

function keyRing(previousSecrets: string[]): Buffer[] {
  return [deriveKey("provider-keys"), ...previousSecrets.map((secret) => deriveKey("provider-keys", secret))];
}

export function sealApiKey(apiKey: string, owner: TKeyOwner): string {
  return sealSecret(deriveKey("provider-keys"), apiKey, binding(owner));
}

/** The plain key, and a fresh sealing when the stored one was made with a previous secret. */
export function openApiKey(sealed: string, owner: TKeyOwner, previousSecrets: string[] = env.AUTH_SECRET_PREVIOUS): { apiKey: string; resealed: string | null } {
  const [current, ...previous] = keyRing(previousSecrets);
  if (!current) throw new Error("no provider key");
  try {
    return { apiKey: openSecret([current], sealed, binding(owner)), resealed: null };
  } catch (error) {
    if (previous.length === 0) throw error;
    const apiKey = openSecret(previous, sealed, binding(owner));
    return { apiKey, resealed: sealApiKey(apiKey, owner) };
  }
}

/** A key sealed before keys were bound to their row, under the current or a previous secret, bound now. */
export function resealLegacyApiKey(sealed: string, owner: TKeyOwner, previousSecrets: string[] = env.AUTH_SECRET_PREVIOUS): string {
  return sealApiKey(openLegacySecret(keyRing(previousSecrets), sealed), owner);
}
