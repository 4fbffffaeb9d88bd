/**
 * The PeerJS signaling server, mounted inside Coterie's own HTTP server at /peerjs (one port for everything).
 * Upgrades reach PeerJS only after the app-issued token is verified and its subject (a signed-in device, or a share
 * link being downloaded) is still live; anything else gets a PeerJS-style ERROR frame naming the reason (a browser
 * cannot read the body of a refused HTTP upgrade), then a policy close.
 *
 * PeerJS never touches a raw socket: it gets a PeerSocket that passes on only frames the traffic policy admits, so
 * frames are size-capped, each socket is rate-limited, only the newest socket of a peer ID speaks for it, and the
 * queue PeerJS keeps for absent peers stays bounded.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import express from "express";
import { ExpressPeerServer } from "peer";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { logger } from "@/server/logger";
import { processGlobal } from "@/server/process-global";
import { addressIdentity } from "@/server/rate-limit/address-identity";
import { verifyPeerToken } from "./peer-token";
import { newTokenBucket, takeToken, type TTokenBucket } from "@/lib/rate/token-bucket";
import { decodeClientFrame, OfflineQueueBudget, PeerInboundLimiter, SIGNALING_LIMITS, SOCKET_MESSAGE_RULE } from "./traffic-policy";

export const SIGNALING_PATH = "/peerjs";
/** PeerJS clients append "peerjs" to their configured path. */
export const SIGNALING_SOCKET_PATH = `${SIGNALING_PATH}/peerjs`;
export const PEERJS_KEY = "coterie";
const POLICY_VIOLATION = 1008;

export type TSignalingServer = {
  /** Returns true when the request was a signaling upgrade (handled or refused), false to let others try. */
  handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
  connectedPeers: () => number;
  /** Ends every socket registered for a subject (a device signed out, a share ended), telling each why; returns their peer IDs. */
  closeSubject: (subject: string, reason: string) => string[];
  /** Ends one peer's socket, telling it why. */
  closePeer: (peerId: string, reason: string) => void;
  close: () => void;
};

export type TSignalingOptions = {
  tokenKey: Buffer;
  /** The client's address as the HTTP edge computes it (trusted proxies included). */
  clientAddressOf: (request: IncomingMessage) => string;
  /** Whether what the token was issued for still exists: a session not signed out, a share not ended. */
  isSubjectLive: (subject: string) => Promise<boolean>;
};

/** What PeerJS holds instead of a WebSocket: the same three methods it uses, behind the traffic policy. */
class PeerSocket extends EventEmitter {
  constructor(private readonly ws: WebSocket) {
    super();
  }

  send(data: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }
}

type TTrackedSocket = {
  ws: WebSocket;
  peerId: string;
  subject: string;
  address: string;
  bucket: TTokenBucket;
};

function frameOf(type: "ERROR", msg: string): string {
  return JSON.stringify({ type, payload: { msg } });
}

export function createSignalingServer({ tokenKey, clientAddressOf, isSubjectLive }: TSignalingOptions): TSignalingServer {
  const peerSockets = new WebSocketServer({ noServer: true, maxPayload: SIGNALING_LIMITS.maxFrameBytes });
  const refusals = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const byPeer = new Map<string, TTrackedSocket>();
  const bySubject = new Map<string, Set<TTrackedSocket>>();
  /** Open and still-upgrading sockets per address identity, so a burst of upgrades cannot slip past the cap. */
  const perAddress = new Map<string, number>();
  const offlineQueue = new OfflineQueueBudget();
  const inbound = new PeerInboundLimiter();

  const peerApp = ExpressPeerServer(
    // PeerJS only checks that a server was passed; with createWebSocketServer it never listens on it.
    {} as Parameters<typeof ExpressPeerServer>[0],
    {
      key: PEERJS_KEY,
      path: "/",
      allow_discovery: false,
      concurrent_limit: 10_000,
      createWebSocketServer: () => peerSockets,
    },
  );
  peerApp.on("error", (error) => logger.warn({ err: error }, "signaling error"));
  // PeerJS starts its realm and socket handling when its Express app is mounted. The host app is never given
  // a request: upgrades are routed by handleUpgrade below and IDs come from tRPC, not PeerJS's HTTP routes.
  express().use(SIGNALING_PATH, peerApp);

  const holdAddress = (address: string) => perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
  const releaseAddress = (address: string) => {
    const left = (perAddress.get(address) ?? 1) - 1;
    if (left <= 0) perAddress.delete(address);
    else perAddress.set(address, left);
  };

  function refuse(request: IncomingMessage, socket: Duplex, head: Buffer, reason: string): void {
    if (socket.destroyed) return;
    refusals.handleUpgrade(request, socket, head, (ws) => {
      ws.send(frameOf("ERROR", reason));
      ws.close(POLICY_VIOLATION, reason.slice(0, 120));
    });
  }

  function end(tracked: TTrackedSocket, reason: string): void {
    if (tracked.ws.readyState === WebSocket.OPEN) tracked.ws.send(frameOf("ERROR", reason));
    tracked.ws.close(POLICY_VIOLATION, reason.slice(0, 120));
  }

  /** Passes a frame on to PeerJS, or drops it (or ends a flooding socket). */
  function admitFrame(tracked: TTrackedSocket, data: RawData, isBinary: boolean, facade: PeerSocket): void {
    if (byPeer.get(tracked.peerId) !== tracked) return; // replaced by a newer socket of the same peer: it speaks no more
    if (!takeToken(tracked.bucket, SOCKET_MESSAGE_RULE, Date.now())) {
      logger.info({ peerId: tracked.peerId }, "signaling socket closed for flooding");
      end(tracked, "Too many signaling messages; this connection was closed.");
      return;
    }
    // PeerJS speaks JSON text frames only; ws hands a text frame over as one Buffer.
    if (isBinary || !Buffer.isBuffer(data)) return;
    const text = data.toString("utf8");
    const frame = decodeClientFrame(text);
    if (!frame) return;
    if (frame.type !== "HEARTBEAT") {
      const now = Date.now();
      if (!inbound.admit(tracked.address, frame.dst, now)) return;
      if (!byPeer.has(frame.dst) && !offlineQueue.admit(frame.dst, text.length, now)) return;
    }
    facade.emit("message", text);
  }

  function register(ws: WebSocket, request: IncomingMessage, peerId: string, subject: string, address: string): void {
    const previous = byPeer.get(peerId);
    const tracked: TTrackedSocket = { ws, peerId, subject, address, bucket: newTokenBucket(SOCKET_MESSAGE_RULE, Date.now()) };
    byPeer.set(peerId, tracked);
    if (previous) end(previous, "This peer connected again; the older connection was closed.");
    const ofSubject = bySubject.get(subject) ?? new Set();
    ofSubject.add(tracked);
    bySubject.set(subject, ofSubject);
    offlineQueue.delivered(peerId);

    const facade = new PeerSocket(ws);
    ws.on("message", (data: RawData, isBinary: boolean) => admitFrame(tracked, data, isBinary, facade));
    ws.on("error", (error) => facade.emit("error", error));
    ws.on("close", () => {
      releaseAddress(address);
      if (byPeer.get(peerId) === tracked) byPeer.delete(peerId);
      ofSubject.delete(tracked);
      if (ofSubject.size === 0 && bySubject.get(subject) === ofSubject) bySubject.delete(subject);
      facade.emit("close");
    });
    peerSockets.emit("connection", facade, request);
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const address = addressIdentity(clientAddressOf(request));
    if ((perAddress.get(address) ?? 0) >= SIGNALING_LIMITS.socketsPerAddress) {
      return refuse(request, socket, head, "Too many signaling connections from your address.");
    }
    const peerId = url.searchParams.get("id");
    const check = verifyPeerToken(tokenKey, peerId, url.searchParams.get("token"));
    if (!check.ok || !peerId) {
      logger.info({ reason: check.ok ? "no peer" : check.reason }, "signaling upgrade refused");
      return refuse(request, socket, head, check.ok ? "A peer ID is required." : check.reason);
    }
    holdAddress(address);
    let live = false;
    try {
      live = await isSubjectLive(check.subject);
    } catch (error) {
      logger.warn({ err: error }, "signaling could not check a token's subject");
    }
    if (!live || socket.destroyed) {
      releaseAddress(address);
      return refuse(request, socket, head, "This sign-in or link has ended; the connection was refused.");
    }
    let registered = false;
    // ws drops a socket that died mid-upgrade without calling back; its hold on the address must go with it.
    socket.once("close", () => registered || releaseAddress(address));
    peerSockets.handleUpgrade(request, socket, head, (ws) => {
      registered = true;
      register(ws, request, peerId, check.subject, address);
    });
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== SIGNALING_SOCKET_PATH) return false;
      socket.on("error", () => socket.destroy());
      void upgrade(request, socket, head, url).catch((error: unknown) => {
        logger.warn({ err: error }, "signaling upgrade failed");
        socket.destroy();
      });
      return true;
    },
    connectedPeers: () => byPeer.size,
    closeSubject(subject, reason) {
      const closing = [...(bySubject.get(subject) ?? [])];
      for (const tracked of closing) end(tracked, reason);
      return closing.map((tracked) => tracked.peerId);
    },
    closePeer(peerId, reason) {
      const tracked = byPeer.get(peerId);
      if (tracked) end(tracked, reason);
    },
    close() {
      for (const client of peerSockets.clients) client.terminate();
      peerSockets.close();
      refusals.close();
    },
  };
}

/** The running server, for the health check and for ending subjects (set by start-server; absent in most tests). */
export const runningSignalingServer = processGlobal<TSignalingServer>("signalingServer");
