/**
 * Signaling credentials. The app issues a random peer ID with an HMAC-signed token binding that ID to an
 * expiry and to the capability it was issued for (its subject): a signed-in device's session (`ses_…`), or one
 * share link a downloader opened (`shr_…`). The PeerJS upgrade refuses any other, so IDs can be neither squatted
 * nor guessed, and the server can close every socket of a subject when that subject ends (a device signed out,
 * a share revoked). Tokens are stateless: verifying one needs only the derived key.
 */
import { randomBytes } from "node:crypto";
import { encodeBase58 } from "@/lib/base58";
import { hmacTag, isSameTag } from "@/server/crypto/hmac-tag";

const TOKEN_VERSION = "v2";
/** 128 bits from the CSPRNG. */
export const PEER_ID_BYTES = 16;
/** A session or share ID: what the token was issued for. */
const SUBJECT_PATTERN = /^(?:ses|shr)_[\w-]{1,64}$/;

export type TPeerCredentials = {
  peerId: string;
  token: string;
  expiresAt: Date;
};

export type TPeerTokenCheck = { ok: true; subject: string } | { ok: false; reason: string };

export function generatePeerId(): string {
  return encodeBase58(randomBytes(PEER_ID_BYTES));
}

export function isSignalingSubject(subject: string): boolean {
  return SUBJECT_PATTERN.test(subject);
}

function sign(key: Buffer, peerId: string, subject: string, expiresAtSeconds: number): string {
  return hmacTag(key, [TOKEN_VERSION, peerId, subject, expiresAtSeconds]);
}

export function mintPeerToken(key: Buffer, peerId: string, subject: string, ttlSeconds: number, now: Date = new Date()): TPeerCredentials {
  if (!isSignalingSubject(subject)) throw new Error("a peer token needs a session or share subject");
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return {
    peerId,
    // Only URL-safe characters: PeerJS puts the token into the WebSocket URL unescaped.
    token: `${TOKEN_VERSION}.${expiresAtSeconds}.${subject}.${sign(key, peerId, subject, expiresAtSeconds)}`,
    expiresAt: new Date(expiresAtSeconds * 1000),
  };
}

export function issuePeerCredentials(key: Buffer, subject: string, ttlSeconds: number, now?: Date): TPeerCredentials {
  return mintPeerToken(key, generatePeerId(), subject, ttlSeconds, now);
}

export function verifyPeerToken(key: Buffer, peerId: string | null | undefined, token: string | null | undefined, now: Date = new Date()): TPeerTokenCheck {
  if (!peerId || !token) return { ok: false, reason: "A peer ID and a signaling token are required." };
  const [version, expiry, subject, signature, ...rest] = token.split(".");
  if (version !== TOKEN_VERSION || !expiry || !subject || !signature || rest.length > 0 || !/^\d{1,12}$/.test(expiry) || !isSignalingSubject(subject)) {
    return { ok: false, reason: "The signaling token is malformed." };
  }
  if (!isSameTag(sign(key, peerId, subject, Number(expiry)), signature)) {
    return { ok: false, reason: "The signaling token was not issued for this peer." };
  }
  if (Number(expiry) * 1000 <= now.getTime()) {
    return { ok: false, reason: "The signaling token has expired; request a new one." };
  }
  return { ok: true, subject };
}
