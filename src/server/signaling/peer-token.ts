/**
 * Signaling credentials. The app issues a random peer ID with an HMAC-signed token binding that ID to an
 * expiry; the PeerJS upgrade refuses any other, so IDs can be neither squatted nor guessed. Tokens are
 * stateless: verifying one needs only the derived key, so any app server can check what another issued.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { encodeBase58 } from "@/lib/base58";

const TOKEN_VERSION = "v1";
/** 128 bits from the CSPRNG. */
export const PEER_ID_BYTES = 16;

export type TPeerCredentials = {
  peerId: string;
  token: string;
  expiresAt: Date;
};

export type TPeerTokenCheck = { ok: true } | { ok: false; reason: string };

export function generatePeerId(): string {
  return encodeBase58(randomBytes(PEER_ID_BYTES));
}

function sign(key: Buffer, peerId: string, expiresAtSeconds: number): string {
  return createHmac("sha256", key).update(`${TOKEN_VERSION}.${peerId}.${expiresAtSeconds}`).digest("base64url");
}

export function mintPeerToken(
  key: Buffer,
  peerId: string,
  ttlSeconds: number,
  now: Date = new Date(),
): TPeerCredentials {
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return {
    peerId,
    // Only URL-safe characters: PeerJS puts the token into the WebSocket URL unescaped.
    token: `${TOKEN_VERSION}.${expiresAtSeconds}.${sign(key, peerId, expiresAtSeconds)}`,
    expiresAt: new Date(expiresAtSeconds * 1000),
  };
}

export function issuePeerCredentials(key: Buffer, ttlSeconds: number, now?: Date): TPeerCredentials {
  return mintPeerToken(key, generatePeerId(), ttlSeconds, now);
}

export function verifyPeerToken(
  key: Buffer,
  peerId: string | null | undefined,
  token: string | null | undefined,
  now: Date = new Date(),
): TPeerTokenCheck {
  if (!peerId || !token) return { ok: false, reason: "A peer ID and a signaling token are required." };
  const [version, expiry, signature, ...rest] = token.split(".");
  if (version !== TOKEN_VERSION || !expiry || !signature || rest.length > 0 || !/^\d{1,12}$/.test(expiry)) {
    return { ok: false, reason: "The signaling token is malformed." };
  }
  const expected = Buffer.from(sign(key, peerId, Number(expiry)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "The signaling token was not issued for this peer." };
  }
  if (Number(expiry) * 1000 <= now.getTime()) {
    return { ok: false, reason: "The signaling token has expired; request a new one." };
  }
  return { ok: true };
}
