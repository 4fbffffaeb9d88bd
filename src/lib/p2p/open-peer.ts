/**
 * Browser-only: registers a PeerJS peer with Coterie's signaling server using app-issued credentials.
 * PeerJS touches `window` when loaded, so it is imported lazily, on the client, when a peer is needed.
 */
import type { Peer } from "peerjs";

export type TPeerCredentials = {
  peerId: string;
  token: string;
  path: string;
  key: string;
  iceServers: RTCIceServer[];
  /** `relay` (the operator's choice): only TURN-relayed candidates, so the other side never sees this address. */
  iceTransportPolicy: RTCIceTransportPolicy;
};

const OPEN_TIMEOUT_MS = 15_000;

export async function openPeer(credentials: TPeerCredentials): Promise<Peer> {
  const { Peer } = await import("peerjs");
  const secure = window.location.protocol === "https:";
  const peer = new Peer(credentials.peerId, {
    host: window.location.hostname,
    port: Number(window.location.port) || (secure ? 443 : 80),
    secure,
    path: credentials.path,
    key: credentials.key,
    token: credentials.token,
    config: { iceServers: credentials.iceServers, iceTransportPolicy: credentials.iceTransportPolicy },
    debug: 0,
  });
  return new Promise<Peer>((resolve, reject) => {
    const timer = window.setTimeout(() => fail(new Error("The signaling server did not answer in time.")), OPEN_TIMEOUT_MS);
    function fail(error: Error) {
      window.clearTimeout(timer);
      peer.destroy();
      reject(error);
    }
    peer.once("open", () => {
      window.clearTimeout(timer);
      resolve(peer);
    });
    peer.once("error", (error) => fail(error));
  });
}

/**
 * Keeps a registered peer connected: a dropped signaling connection (laptop asleep, proxy restart) comes back
 * with the same identity. When the server refuses it instead (the device was signed out, the share ended, the
 * socket was closed for flooding), the peer is destroyed, and with it every connection it holds; `onEnded` hears
 * the server's reason. Reconnecting after a refusal would only be refused again, in a loop.
 */
export function keepPeerConnected(peer: Peer, onEnded?: (reason: string) => void): void {
  let refused = false;
  peer.on("error", (error) => {
    if (error.type !== "server-error" || refused) return;
    refused = true;
    onEnded?.(error.message);
    peer.destroy();
  });
  peer.on("disconnected", () => {
    if (!refused && !peer.destroyed) peer.reconnect();
  });
}
