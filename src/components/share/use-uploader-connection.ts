"use client";

import type { DataConnection } from "peerjs";
import { useCallback, useEffect, useRef, useState } from "react";
import { useSignalingPeer } from "@/components/p2p/use-signaling-peer";

/** Whether the sender's page can be reached, learnt by connecting to it when the link opens. */
export type TSenderStatus = "unknown" | "connecting" | "online" | "offline";

type TPrepared = { peerId: string; connecting: Promise<DataConnection>; taken: boolean };

const CONNECT_TIMEOUT_MS = 20_000;
const SENDER_GONE = "The sender's page is not open any more, so the files cannot be fetched.";

/**
 * Connects to the uploader's page as soon as its peer id is known (link opened, or unlocked), so that Download
 * starts sending at once instead of first spending half a second on signaling and WebRTC setup, and so the page
 * can say before anyone clicks whether the sender is still there. A connection serves one download: `take`
 * hands out the prepared one while it is open and unused, and otherwise connects afresh.
 */
export function useUploaderConnection(uploaderPeerId: string | null) {
  const openSignalingPeer = useSignalingPeer();
  const [status, setStatus] = useState<TSenderStatus>("unknown");
  const prepared = useRef<TPrepared | null>(null);

  const connect = useCallback(
    async (peerId: string): Promise<DataConnection> => {
      const peer = await openSignalingPeer();
      const connection = peer.connect(peerId, { reliable: true, serialization: "raw" });
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
    [openSignalingPeer],
  );

  /** The connection being prepared for the next download, reused until a download takes it. */
  const prepare = useCallback(
    (peerId: string): { entry: TPrepared; created: boolean } => {
      const existing = prepared.current;
      if (existing?.peerId === peerId && !existing.taken) return { entry: existing, created: false };
      const entry: TPrepared = { peerId, connecting: connect(peerId), taken: false };
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
    // Unless a download (resuming after a reload) has already connected to this sender.
    if (uploaderPeerId && prepared.current?.peerId !== uploaderPeerId) prepare(uploaderPeerId);
  }, [uploaderPeerId, prepare]);

  /** An open connection to the sender for one download: the prepared one, unless it has closed since. */
  const take = useCallback(
    async function take(peerId: string): Promise<DataConnection> {
      const { entry, created } = prepare(peerId);
      entry.taken = true;
      if (created) return entry.connecting;
      const connection = await entry.connecting.catch(() => null);
      if (connection?.open) return connection;
      connection?.close();
      // The stale one is taken now, so this connects afresh.
      return take(peerId);
    },
    [prepare],
  );

  return { status, take };
}
