import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createSignalingServer, PEERJS_KEY, SIGNALING_SOCKET_PATH, type TSignalingServer } from "./peer-server";
import { issuePeerCredentials, mintPeerToken } from "./peer-token";

const tokenKey = randomBytes(32);
let server: Server;
let signaling: TSignalingServer;
let port: number;

type TFrame = { type: string; payload?: { msg?: string }; src?: string };

/** Connects like the PeerJS client does and collects what the server says until it closes or opens. */
function connect(id: string, token: string) {
  const url = `ws://127.0.0.1:${port}${SIGNALING_SOCKET_PATH}?key=${PEERJS_KEY}&id=${id}&token=${token}&version=1.5.5`;
  const socket = new WebSocket(url);
  const frames: TFrame[] = [];
  const firstFrame = new Promise<TFrame>((resolve, reject) => {
    socket.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as TFrame;
      frames.push(frame);
      resolve(frame);
    });
    socket.on("error", reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, frames, firstFrame, closed };
}

beforeAll(async () => {
  signaling = createSignalingServer({ tokenKey });
  server = createServer((_, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket, head: Buffer) => {
    if (!signaling.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  signaling.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("signaling upgrades", () => {
  it("register a peer with an app-issued token and relay between peers", async () => {
    const alice = issuePeerCredentials(tokenKey, 60);
    const bob = issuePeerCredentials(tokenKey, 60);
    const aliceSocket = connect(alice.peerId, alice.token);
    const bobSocket = connect(bob.peerId, bob.token);
    expect((await aliceSocket.firstFrame).type).toBe("OPEN");
    expect((await bobSocket.firstFrame).type).toBe("OPEN");
    expect(signaling.connectedPeers()).toBe(2);

    const relayed = new Promise<TFrame>((resolve) =>
      bobSocket.socket.on("message", (data: Buffer) => resolve(JSON.parse(data.toString()) as TFrame)),
    );
    aliceSocket.socket.send(JSON.stringify({ type: "OFFER", dst: bob.peerId, payload: { sdp: "test" } }));
    expect(await relayed).toMatchObject({ type: "OFFER", src: alice.peerId });

    aliceSocket.socket.close();
    bobSocket.socket.close();
    await Promise.all([aliceSocket.closed, bobSocket.closed]);
  });

  it("refuse a forged token with the reason", async () => {
    const { peerId } = issuePeerCredentials(tokenKey, 60);
    const forged = mintPeerToken(randomBytes(32), peerId, 60);
    const attempt = connect(peerId, forged.token);
    expect(await attempt.firstFrame).toEqual({ type: "ERROR", payload: { msg: expect.stringMatching(/not issued for this peer/) as string } });
    expect((await attempt.closed).code).toBe(1008);
  });

  it("refuse an expired token with the reason", async () => {
    const expired = mintPeerToken(tokenKey, "latecomer123", 60, new Date(Date.now() - 120_000));
    const attempt = connect(expired.peerId, expired.token);
    expect((await attempt.firstFrame).payload?.msg).toMatch(/expired/);
    expect((await attempt.closed).code).toBe(1008);
  });

  it("refuse a token issued for another ID (no squatting)", async () => {
    const victim = issuePeerCredentials(tokenKey, 60);
    const mallory = issuePeerCredentials(tokenKey, 60);
    const attempt = connect(victim.peerId, mallory.token);
    expect((await attempt.firstFrame).type).toBe("ERROR");
  });

  it("leave other paths to the caller", () => {
    const fakeRequest = { url: "/_next/webpack-hmr" } as Parameters<TSignalingServer["handleUpgrade"]>[0];
    expect(signaling.handleUpgrade(fakeRequest, {} as never, Buffer.alloc(0))).toBe(false);
  });
});
