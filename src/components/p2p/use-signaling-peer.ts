"use client";

import { useMutation } from "@tanstack/react-query";
import type { Peer } from "peerjs";
import { useCallback, useEffect, useRef } from "react";
import { keepPeerConnected, openPeer } from "@/lib/p2p/open-peer";
import { useTRPC } from "@/trpc/react";

/**
 * This signed-in device's peer: registered with signaling when first asked, reused while it lives, and gone with
 * the page. A peer the server ended (the device was signed out) is replaced on the next ask.
 */
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
    keepPeerConnected(peer);
    peerRef.current = peer;
    return peer;
  }, [mutateAsync]);
}
