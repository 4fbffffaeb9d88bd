"use client";

import { useMutation } from "@tanstack/react-query";
import type { Peer } from "peerjs";
import { useCallback, useEffect, useRef } from "react";
import { openPeer } from "@/lib/p2p/open-peer";
import { useTRPC } from "@/trpc/react";

/** Registers this page with signaling when first asked, and says goodbye when the page goes. */
export function useSignalingPeer() {
  const trpc = useTRPC();
  const issueCredentials = useMutation(trpc.signaling.credentials.mutationOptions());
  const peerRef = useRef<Peer | null>(null);

  useEffect(() => {
    const leave = () => peerRef.current?.destroy();
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
      peerRef.current = null;
    };
  }, []);

  const { mutateAsync } = issueCredentials;
  return useCallback(async (): Promise<Peer> => {
    if (peerRef.current && !peerRef.current.destroyed) return peerRef.current;
    const peer = await openPeer(await mutateAsync());
    // A dropped signaling connection (laptop asleep, proxy restart) comes back with the same identity.
    peer.on("disconnected", () => {
      if (!peer.destroyed) peer.reconnect();
    });
    peerRef.current = peer;
    return peer;
  }, [mutateAsync]);
}
