/**
 * Someone flooding the suite's signaling server from one address, with genuine tokens: a signed-up person's session
 * (sign-up is open) is all it takes to mint them. Each of several loops opens a socket, writes offers as fast as it can
 * (to a target peer and to peers that do not exist), with an oversize frame now and then, and opens another socket
 * when the server closes it.
 */
import { WebSocket } from "ws";
import { deriveKey } from "../../src/server/secrets";
import { generatePeerId, mintPeerToken } from "../../src/server/signaling/peer-token";
import { E2E_AUTH_SECRET } from "./constants";

export type TFloodReport = { framesSent: number; socketsOpened: number; closedForFlooding: number; closedForSize: number };

export function startSignalingFlood(appUrl: string, sessionId: string, options: { target: string; sockets: number; fromAddress: string }) {
  const report: TFloodReport = { framesSent: 0, socketsOpened: 0, closedForFlooding: 0, closedForSize: 0 };
  let running = true;
  const key = deriveKey("peer-token", E2E_AUTH_SECRET);
  const socketUrl = appUrl.replace(/^http/, "ws");

  async function floodOnce(): Promise<void> {
    const { peerId, token } = mintPeerToken(key, generatePeerId(), sessionId, 300);
    const socket = new WebSocket(`${socketUrl}/peerjs/peerjs?key=coterie&id=${peerId}&token=${token}&version=1.5.5`, { headers: { "x-forwarded-for": options.fromAddress } });
    report.socketsOpened++;
    const closed = new Promise<void>((resolve) =>
      socket.on("close", (code) => {
        if (code === 1008) report.closedForFlooding++;
        if (code === 1009) report.closedForSize++;
        resolve();
      }),
    );
    socket.on("error", () => undefined);
    await new Promise((resolve) => socket.once("open", resolve).once("close", resolve));
    for (let frame = 0; running && socket.readyState === WebSocket.OPEN; frame++) {
      if (frame % 500 === 499) socket.send("x".repeat(70 * 1024));
      else socket.send(JSON.stringify({ type: "OFFER", dst: frame % 2 ? options.target : generatePeerId(), payload: { sdp: "v=0 flood", type: "data", connectionId: `dc_${frame}` } }));
      report.framesSent++;
      if (frame % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    socket.close();
    await closed;
  }

  const loops = Array.from({ length: options.sockets }, async () => {
    while (running) await floodOnce();
  });
  return {
    report,
    stop: async (): Promise<TFloodReport> => {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}
