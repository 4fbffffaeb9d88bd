"use client";

import type { DataConnection, Peer } from "peerjs";
import { useCallback, useEffect, useRef, useState } from "react";
import { keepPeerConnected, openPeer } from "@/lib/p2p/open-peer";
import type { RouterOutputs } from "@/trpc/react";

/** Whether the sender's page can be reached, learnt by connecting to it when the link opens. */
export type TSenderStatus = "unknown" | "connecting" | "online" | "offline";

/** What share.open / share.unlock gave this page: the sender's peer, and a signaling peer and ticket of its own. */
export type TShareAccess = Extract<RouterOutputs["share"]["open"], { locked: false }>["access"];

type TPrepared = { access: TShareAccess; connecting: Promise<DataConnection>; taken: boolean };

const CONNECT_TIMEOUT_MS = 20_000;
const SENDER_GONE = "The sender's page is not open any more, so the files cannot be fetched.";

/**
 * Connects to the uploader's page as soon as the link is opened (or unlocked), so that Download starts sending at
 * once instead of first spending half a second on signaling and WebRTC setup, and so the page can say before anyone
 * clicks whether the sender is still there. This page's own peer is the one the server issued with the access, and
 * its ticket is the one the uploader checks. A connection serves one download: `take` hands out the prepared one
 * while it is open and unused, and otherwise connects afresh. `onEnded` hears when the server ends this page's peer
 * (the link was revoked or expired).
 */
export function useUploaderConnection(access: TShareAccess | null, onEnded: (reason: string) => void) {
  const [status, setStatus] = useState<TSenderStatus>("unknown");
  const prepared = useRef<TPrepared | null>(null);
  const own = useRef<{ signalingPeerId: string; peer: Promise<Peer> } | null>(null);
  const endedRef = useRef(onEnded);
  useEffect(() => {
    endedRef.current = onEnded;
  }, [onEnded]);

  /** The peer registered with this access's credentials; a new access (after a refresh) replaces it. */
  const ownPeer = useCallback((current: TShareAccess): Promise<Peer> => {
    if (own.current?.signalingPeerId === current.signaling.peerId) return own.current.peer;
    void own.current?.peer.then((peer) => peer.destroy(), () => undefined);
    const peer = openPeer(current.signaling).then((opened) => {
      keepPeerConnected(opened, (reason) => endedRef.current(reason));
      return opened;
    });
    own.current = { signalingPeerId: current.signaling.peerId, peer };
    return peer;
  }, []);

  useEffect(() => {
    const leave = () => void own.current?.peer.then((peer) => peer.destroy(), () => undefined);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
      own.current = null;
    };
  }, []);

  const connect = useCallback(
    async (current: TShareAccess): Promise<DataConnection> => {
      const peer = await ownPeer(current);
      const connection = peer.connect(current.uploaderPeerId, { reliable: true, serialization: "raw" });
      await new Promise<void>((resolve, reject) => {
        const timer = window.setTimeout(() => settle(new Error("The sender's page did not answer in time.")), CONNECT_TIMEOUT_MS);
        const onPeerError = (error: { type: string; message: string }) => settle(new Error(error.type === "peer-unavailable" ? SENDER_GONE : error.message));
        function settle(error?: Error) {
          window.clearTimeout(timer);
          peer.off("error", onPeerError);
          if (!error) return resolve();
          connection.close();
          reject(error);
        }
        peer.on("error", onPeerError);
        connection.once("open", () => settle());
        connection.once("error", (error) => settle(error));
      });
      return connection;
    },
    [ownPeer],
  );

  /** The connection being prepared for the next download, reused until a download takes it. */
  const prepare = useCallback(
    (current: TShareAccess): { entry: TPrepared; created: boolean } => {
      const existing = prepared.current;
      if (existing?.access === current && !existing.taken) return { entry: existing, created: false };
      const entry: TPrepared = { access: current, connecting: connect(current), taken: false };
      prepared.current = entry;
      setStatus("connecting");
      const isLatest = () => prepared.current === entry;
      entry.connecting.then(
        (connection) => {
          if (isLatest()) setStatus("online");
          // Closing a connection a download took says nothing about the sender (the download may have been cancelled).
          connection.on("close", () => isLatest() && !entry.taken && setStatus("offline"));
        },
        () => isLatest() && setStatus("offline"),
      );
      return { entry, created: true };
    },
    [connect],
  );

  useEffect(() => {
    // Unless a download (resuming after a reload) has already connected with this access.
    if (access && prepared.current?.access !== access) prepare(access);
  }, [access, prepare]);

  /** An open connection to the sender for one download, and the ticket to present on it. */
  const take = useCallback(
    async function take(current: TShareAccess): Promise<{ connection: DataConnection; ticket: string }> {
      const { entry, created } = prepare(current);
      entry.taken = true;
      if (created) return { connection: await entry.connecting, ticket: current.ticket };
      const connection = await entry.connecting.catch(() => null);
      if (connection?.open) return { connection, ticket: current.ticket };
      connection?.close();
      // The stale one is taken now, so this connects afresh.
      return take(current);
    },
    [prepare],
  );

  return { status, take };
}
