/**
 * What ends with a session: the signaling sockets registered with it, and what those sockets' pages held, the
 * share links they served and the room seats they took (a room hosted from one closes). Wired once at start.
 */
import "server-only";
import { whenSessionsEnd } from "@/server/auth/session-endings";
import type { TDatabase } from "@/server/db/client";
import { endSeatsOfPeers } from "@/server/rooms/seats";
import { endSharesServedBy } from "@/server/share/channels";
import type { TSignalingServer } from "@/server/signaling/peer-server";

export const DEVICE_SIGNED_OUT = "This device was signed out.";

/** Returns how to stop (for tests that wire it around a database of their own). */
export function endWhatSessionsHeld(db: TDatabase, signaling: Pick<TSignalingServer, "closeSubject">): () => void {
  return whenSessionsEnd(async (ended) => {
    for (const { sessionId } of ended) {
      const peers = signaling.closeSubject(sessionId, DEVICE_SIGNED_OUT);
      await endSharesServedBy(db, peers);
      await endSeatsOfPeers(db, peers);
    }
  });
}
