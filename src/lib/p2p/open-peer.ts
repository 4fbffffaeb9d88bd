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
    config: { iceServers: credentials.iceServers },
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
