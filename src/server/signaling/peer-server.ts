/**
 * The PeerJS signaling server, mounted inside Coterie's own HTTP server at /peerjs (one port for everything).
 * Upgrades reach PeerJS only after the app-issued token is verified; anything else gets a PeerJS-style ERROR
 * frame naming the reason (a browser cannot read the body of a refused HTTP upgrade), then a policy close.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import express from "express";
import { ExpressPeerServer } from "peer";
import { WebSocketServer } from "ws";
import { logger } from "@/server/logger";
import { processGlobal } from "@/server/process-global";
import { verifyPeerToken } from "./peer-token";

export const SIGNALING_PATH = "/peerjs";
/** PeerJS clients append "peerjs" to their configured path. */
export const SIGNALING_SOCKET_PATH = `${SIGNALING_PATH}/peerjs`;
export const PEERJS_KEY = "coterie";
const POLICY_VIOLATION = 1008;

export type TSignalingServer = {
  /** Returns true when the request was a signaling upgrade (handled or refused), false to let others try. */
  handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  connectedPeers: () => number;
  close: () => void;
};

export type TSignalingOptions = {
  tokenKey: Buffer;
};

export function createSignalingServer({ tokenKey }: TSignalingOptions): TSignalingServer {
  const peerSockets = new WebSocketServer({ noServer: true });
  const refusals = new WebSocketServer({ noServer: true });

  const peerApp = ExpressPeerServer(
    // PeerJS only checks that a server was passed; with createWebSocketServer it never listens on it.
    {} as Parameters<typeof ExpressPeerServer>[0],
    {
      key: PEERJS_KEY,
      path: "/",
      allow_discovery: false,
      createWebSocketServer: () => peerSockets,
    },
  );
  peerApp.on("error", (error) => logger.warn({ err: error }, "signaling error"));
  // PeerJS starts its realm and socket handling when its Express app is mounted. The host app is never given
  // a request: upgrades are routed by handleUpgrade below and IDs come from tRPC, not PeerJS's HTTP routes.
  express().use(SIGNALING_PATH, peerApp);

  function refuse(request: IncomingMessage, socket: Duplex, head: Buffer, reason: string): void {
    refusals.handleUpgrade(request, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: "ERROR", payload: { msg: reason } }));
      ws.close(POLICY_VIOLATION, reason.slice(0, 120));
    });
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== SIGNALING_SOCKET_PATH) return false;
      const peerId = url.searchParams.get("id");
      const check = verifyPeerToken(tokenKey, peerId, url.searchParams.get("token"));
      if (!check.ok) {
        logger.info({ reason: check.reason }, "signaling upgrade refused");
        refuse(request, socket, head, check.reason);
        return true;
      }
      peerSockets.handleUpgrade(request, socket, head, (ws) => peerSockets.emit("connection", ws, request));
      return true;
    },
    connectedPeers: () => peerSockets.clients.size,
    close() {
      for (const client of peerSockets.clients) client.terminate();
      peerSockets.close();
      refusals.close();
    },
  };
}

/** The running server, for the health check (set by src/server.ts; absent in tests that do not start it). */
export const runningSignalingServer = processGlobal<TSignalingServer>("signalingServer");
