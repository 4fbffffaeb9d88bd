/**
 * Share capabilities, stateless like room tickets.
 * - A download ticket binds one share, one downloader peer and an expiry. share.open / share.unlock hand it out
 *   with that peer's signaling credentials; the uploader's page asks the server to check it before it sends a
 *   byte, so a peer that merely learned the uploader's peer ID, or a ticket from another share, gets nothing.
 * - A grant says "this tab unlocked this share": a reload of a protected link continues without the password.
 */
import { hmacTag, isSameTag } from "@/server/crypto/hmac-tag";
import { deriveKey } from "@/server/secrets";

const TICKET_VERSION = "st1";
const GRANT_VERSION = "sg1";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function mintDownloadTicket(shareId: string, peerId: string, expiresAt: Date): string {
  const expiry = seconds(expiresAt);
  return `${TICKET_VERSION}.${expiry}.${hmacTag(deriveKey("share-ticket"), [TICKET_VERSION, shareId, peerId, expiry])}`;
}

export function isValidDownloadTicket(ticket: string, shareId: string, peerId: string, now: Date = new Date()): boolean {
  const [version, expiry, signature, ...rest] = ticket.split(".");
  if (version !== TICKET_VERSION || !expiry || !/^\d{1,12}$/.test(expiry) || !signature || rest.length > 0) return false;
  if (Number(expiry) <= seconds(now)) return false;
  return isSameTag(hmacTag(deriveKey("share-ticket"), [TICKET_VERSION, shareId, peerId, Number(expiry)]), signature);
}

export function mintUnlockGrant(shareId: string, expiresAt: Date): string {
  const expiry = seconds(expiresAt);
  return `${GRANT_VERSION}.${expiry}.${hmacTag(deriveKey("share-grant"), [GRANT_VERSION, shareId, expiry])}`;
}

export function isValidUnlockGrant(grant: string, shareId: string, now: Date = new Date()): boolean {
  const [version, expiry, signature, ...rest] = grant.split(".");
  if (version !== GRANT_VERSION || !expiry || !/^\d{1,12}$/.test(expiry) || !signature || rest.length > 0) return false;
  if (Number(expiry) <= seconds(now)) return false;
  return isSameTag(hmacTag(deriveKey("share-grant"), [GRANT_VERSION, shareId, Number(expiry)]), signature);
}
