/**
 * The one HMAC construction behind Coterie's stateless capabilities (peer tokens, room and share tickets, share
 * grants): SHA-256 over the dot-joined claims, base64url, compared in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function hmacTag(key: Buffer, claims: (string | number)[]): string {
  return createHmac("sha256", key).update(claims.join(".")).digest("base64url");
}

export function isSameTag(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
