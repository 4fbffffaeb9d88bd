/**
 * Who must hear when sessions end early (signed out, revoked, password changed or reset, account disabled or
 * deleted). The auth domain only announces; start-server subscribes what depends on a session (the signaling
 * sockets registered with it, and the shares and room seats those sockets served). Listeners live in a
 * process-wide slot because the Next.js bundles and the custom server load separate copies of this module.
 */
import "server-only";
import { logger } from "@/server/logger";
import { processGlobal } from "@/server/process-global";

export type TEndedSession = { sessionId: string; userId: string };
type TListener = (ended: TEndedSession[]) => Promise<void> | void;

const listeners = processGlobal<TListener[]>("sessionEndingListeners");

/** Subscribes a listener; returns how to unsubscribe it. */
export function whenSessionsEnd(listener: TListener): () => void {
  listeners.set([...(listeners.get() ?? []), listener]);
  return () => listeners.set((listeners.get() ?? []).filter((other) => other !== listener));
}

/** Tells every listener; one that fails is logged and does not stop the others or the caller. */
export async function announceEndedSessions(ended: TEndedSession[]): Promise<void> {
  if (ended.length === 0) return;
  await new Promise((resolve) => setImmediate(resolve));
  for (const listener of listeners.get() ?? []) {
    try {
      await listener(ended);
    } catch (error) {
      logger.warn({ err: error }, "ending what depended on a session failed");
    }
  }
}
