/**
 * Room tickets. Joining a room (on the server) gives the participant a ticket binding their seat to the peer
 * their page registered; the host lets a data channel in only after the server has checked that ticket. So a
 * peer that merely learned the host's peer ID gets nowhere, and a seat cannot be used from another page.
 */
import { hmacTag, isSameTag } from "@/server/crypto/hmac-tag";
import { deriveKey } from "@/server/secrets";

const TICKET_VERSION = "rt1";

function sign(key: Buffer, roomId: string, participantId: string, peerId: string): string {
  return hmacTag(key, [TICKET_VERSION, roomId, participantId, peerId]);
}

export function mintRoomTicket(roomId: string, participantId: string, peerId: string, key: Buffer = deriveKey("room-ticket")): string {
  return `${TICKET_VERSION}.${sign(key, roomId, participantId, peerId)}`;
}

export function isValidRoomTicket(ticket: string, roomId: string, participantId: string, peerId: string, key: Buffer = deriveKey("room-ticket")): boolean {
  const [version, signature, ...rest] = ticket.split(".");
  if (version !== TICKET_VERSION || !signature || rest.length > 0) return false;
  return isSameTag(sign(key, roomId, participantId, peerId), signature);
}
