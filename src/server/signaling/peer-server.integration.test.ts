/**
 * The signaling server with real `ws` clients speaking PeerJS's protocol: registration, relaying, and everything an
 * abuser would try (forged tokens, huge frames, one credential opened 200 times, floods, an orphaned socket, the
 * offline queue, too many sockets from one address) while two honest peers keep talking.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createSignalingServer, PEERJS_KEY, SIGNALING_SOCKET_PATH, type TSignalingServer } from "./peer-server";
import { issuePeerCredentials, mintPeerToken, type TPeerCredentials } from "./peer-token";
import { SIGNALING_LIMITS } from "./traffic-policy";

const tokenKey = randomBytes(32);
const SESSION = "ses_honestdevice";
const ENDED_SESSION = "ses_signedout";
let server: Server;
let signaling: TSignalingServer;
let port: number;

type TFrame = { type: string; payload?: { msg?: string; sdp?: string }; src?: string; dst?: string };

/** Connects like the PeerJS client does (optionally from a pretend address) and records what the server says. */
function connect(credentials: Pick<TPeerCredentials, "peerId" | "token">, address = "203.0.113.1") {
  const url = `ws://127.0.0.1:${port}${SIGNALING_SOCKET_PATH}?key=${PEERJS_KEY}&id=${credentials.peerId}&token=${credentials.token}&version=1.5.5`;
  const socket = new WebSocket(url, { headers: { "x-test-address": address } });
  const frames: TFrame[] = [];
  const waiters: { match: (frame: TFrame) => boolean; resolve: (frame: TFrame) => void }[] = [];
  socket.on("message", (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as TFrame;
    frames.push(frame);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(frame)) waiter.resolve(frame);
      else waiters.push(waiter);
    }
  });
  socket.on("error", () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = (match: (frame: TFrame) => boolean = () => true) =>
    new Promise<TFrame>((resolve) => {
      const seen = frames.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  const send = (frame: object) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(frame));
  return { socket, frames, next, closed, send };
}

const credentialsFor = (subject = SESSION) => issuePeerCredentials(tokenKey, subject, 60);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openPair() {
  const alice = credentialsFor();
  const bob = credentialsFor();
  const aliceSocket = connect(alice, "198.51.100.1");
  const bobSocket = connect(bob, "198.51.100.2");
  expect((await aliceSocket.next()).type).toBe("OPEN");
  expect((await bobSocket.next()).type).toBe("OPEN");
  return { alice, bob, aliceSocket, bobSocket };
}

beforeAll(async () => {
  signaling = createSignalingServer({
    tokenKey,
    clientAddressOf: (request: IncomingMessage) => String(request.headers["x-test-address"] ?? request.socket.remoteAddress),
    isSubjectLive: (subject) => Promise.resolve(subject !== ENDED_SESSION),
  });
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
  it("register a peer with an app-issued token and relay between peers, stamped with the sender's ID", async () => {
    const { alice, bob, aliceSocket, bobSocket } = await openPair();
    expect(signaling.connectedPeers()).toBeGreaterThanOrEqual(2);
    aliceSocket.send({ type: "OFFER", dst: bob.peerId, src: "someone-else", payload: { sdp: "test" } });
    expect(await bobSocket.next((frame) => frame.type === "OFFER")).toMatchObject({ type: "OFFER", src: alice.peerId });
    aliceSocket.socket.close();
    bobSocket.socket.close();
    await Promise.all([aliceSocket.closed, bobSocket.closed]);
  });

  it("refuse a forged token with the reason", async () => {
    const { peerId } = credentialsFor();
    const forged = mintPeerToken(randomBytes(32), peerId, SESSION, 60);
    const attempt = connect(forged);
    expect(await attempt.next()).toEqual({ type: "ERROR", payload: { msg: expect.stringMatching(/not issued for this peer/) as string } });
    expect((await attempt.closed).code).toBe(1008);
  });

  it("refuse an expired token with the reason", async () => {
    const expired = mintPeerToken(tokenKey, "latecomer123", SESSION, 60, new Date(Date.now() - 120_000));
    const attempt = connect(expired);
    expect((await attempt.next()).payload?.msg).toMatch(/expired/);
    expect((await attempt.closed).code).toBe(1008);
  });

  it("refuse a token issued for another ID (no squatting)", async () => {
    const victim = credentialsFor();
    const mallory = credentialsFor();
    const attempt = connect({ peerId: victim.peerId, token: mallory.token });
    expect((await attempt.next()).type).toBe("ERROR");
  });

  it("refuse a token whose device has been signed out", async () => {
    const attempt = connect(credentialsFor(ENDED_SESSION));
    expect((await attempt.next()).payload?.msg).toMatch(/has ended/);
    expect((await attempt.closed).code).toBe(1008);
  });

  it("leave other paths to the caller", () => {
    const fakeRequest = { url: "/_next/webpack-hmr" } as Parameters<TSignalingServer["handleUpgrade"]>[0];
    expect(signaling.handleUpgrade(fakeRequest, {} as never, Buffer.alloc(0))).toBe(false);
  });
});

describe("signaling under abuse", () => {
  it("closes a socket that sends a frame over 64 KiB", async () => {
    const peer = connect(credentialsFor(), "198.51.100.10");
    expect((await peer.next()).type).toBe("OPEN");
    peer.socket.send("x".repeat(SIGNALING_LIMITS.maxFrameBytes + 1));
    expect((await peer.closed).code).toBe(1009);
  });

  it("keeps one live socket per peer ID when one credential is opened 200 times", async () => {
    const { bob, bobSocket } = await openPair();
    const shared = credentialsFor();
    const before = signaling.connectedPeers();
    const sockets = Array.from({ length: 200 }, () => connect(shared, "198.51.100.20"));
    await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.socket.once("open", resolve))));
    // Every socket but the newest is closed by the next one; the peer counts once.
    await sleep(300);
    const open = sockets.filter((socket) => socket.socket.readyState === WebSocket.OPEN);
    expect(open).toHaveLength(1);
    expect(signaling.connectedPeers()).toBe(before + 1);
    const survivor = open[0]!;
    survivor.send({ type: "OFFER", dst: bob.peerId, payload: { sdp: "from the survivor" } });
    expect(await bobSocket.next((frame) => frame.payload?.sdp === "from the survivor")).toMatchObject({ src: shared.peerId });
    // The closed sockets no longer hold places of the address's allowance.
    const neighbours = Array.from({ length: SIGNALING_LIMITS.socketsPerAddress - 1 }, () => connect(credentialsFor(), "198.51.100.20"));
    for (const neighbour of neighbours) expect((await neighbour.next()).type).toBe("OPEN");
    for (const socket of [...neighbours, survivor]) socket.socket.close();
  });

  it("does not relay what an orphaned socket sends once its peer ID connected again", async () => {
    const { bob, bobSocket } = await openPair();
    const shared = credentialsFor();
    const first = connect(shared, "198.51.100.30");
    expect((await first.next()).type).toBe("OPEN");
    const second = connect(shared, "198.51.100.30");
    await new Promise((resolve) => second.socket.once("open", resolve));
    // The old socket is told why it was closed, and what it manages to send on the way out goes nowhere.
    first.send({ type: "OFFER", dst: bob.peerId, payload: { sdp: "orphaned offer" } });
    expect((await first.next((frame) => frame.type === "ERROR")).payload?.msg).toMatch(/connected again/);
    await first.closed;
    second.send({ type: "OFFER", dst: bob.peerId, payload: { sdp: "current offer" } });
    await bobSocket.next((frame) => frame.payload?.sdp === "current offer");
    expect(bobSocket.frames.some((frame) => frame.payload?.sdp === "orphaned offer")).toBe(false);
    second.socket.close();
  });

  it("closes a flooding socket while two honest peers keep relaying", async () => {
    const { alice, bob, aliceSocket, bobSocket } = await openPair();
    const flooder = connect(credentialsFor(), "198.51.100.40");
    expect((await flooder.next()).type).toBe("OPEN");
    const flood = (async () => {
      for (let message = 0; message < 10_000 && flooder.socket.readyState === WebSocket.OPEN; message++) {
        flooder.send({ type: "CANDIDATE", dst: bob.peerId, payload: { candidate: `flood ${message}` } });
        if (message % 100 === 0) await sleep(0);
      }
    })();
    const started = performance.now();
    for (let round = 0; round < 20; round++) {
      aliceSocket.send({ type: "OFFER", dst: bob.peerId, payload: { sdp: `honest ${round}` } });
      await bobSocket.next((frame) => frame.payload?.sdp === `honest ${round}`);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
    await flood;
    expect((await flooder.closed).code).toBe(1008);
    expect(flooder.frames.at(-1)?.payload?.msg).toMatch(/Too many signaling messages/);
    // The flooder got through no more than its burst.
    const floodedFrames = bobSocket.frames.filter((frame) => frame.type === "CANDIDATE").length;
    expect(floodedFrames).toBeLessThanOrEqual(SIGNALING_LIMITS.messageBurst + SIGNALING_LIMITS.messagesPerSecond);
    expect(alice.peerId).not.toBe(bob.peerId);
    aliceSocket.socket.close();
    bobSocket.socket.close();
  });

  it("limits what all sockets of one address send to one peer together", async () => {
    const { bob, bobSocket } = await openPair();
    const swarm = Array.from({ length: 10 }, () => connect(credentialsFor(), "198.51.100.45"));
    for (const member of swarm) expect((await member.next()).type).toBe("OPEN");
    const started = performance.now();
    for (const member of swarm) for (let message = 0; message < 100; message++) member.send({ type: "CANDIDATE", dst: bob.peerId, payload: { candidate: "swarm" } });
    await sleep(300);
    const seconds = (performance.now() - started) / 1000;
    const delivered = bobSocket.frames.filter((frame) => frame.type === "CANDIDATE").length;
    // 1,000 sent, within every socket's own allowance; the address as a whole gets its burst and its rate.
    expect(delivered).toBeLessThanOrEqual(SIGNALING_LIMITS.toPeerBurst + Math.ceil(seconds * SIGNALING_LIMITS.toPeerPerSecond));
    expect(delivered).toBeGreaterThanOrEqual(SIGNALING_LIMITS.toPeerBurst);
    for (const member of swarm) member.socket.close();
  });

  it("keeps only a bounded queue for a peer that is not connected", async () => {
    const sender = connect(credentialsFor(), "198.51.100.50");
    expect((await sender.next()).type).toBe("OPEN");
    const absent = credentialsFor();
    for (let message = 0; message < 150; message++) sender.send({ type: "CANDIDATE", dst: absent.peerId, payload: { candidate: `queued ${message}` } });
    await sleep(200);
    const late = connect(absent, "198.51.100.51");
    expect((await late.next()).type).toBe("OPEN");
    await sleep(300);
    const delivered = late.frames.filter((frame) => frame.type === "CANDIDATE").length;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(SIGNALING_LIMITS.queuedPerDestination);
    sender.socket.close();
    late.socket.close();
  });

  it("refuses more sockets from one address than its allowance, with the reason", async () => {
    const crowd = Array.from({ length: SIGNALING_LIMITS.socketsPerAddress }, () => connect(credentialsFor(), "198.51.100.60"));
    for (const member of crowd) expect((await member.next()).type).toBe("OPEN");
    const oneTooMany = connect(credentialsFor(), "198.51.100.60");
    expect((await oneTooMany.next()).payload?.msg).toMatch(/Too many signaling connections from your address/);
    // Another address, and an IPv6 neighbour outside this /64, are unaffected.
    const elsewhere = connect(credentialsFor(), "198.51.100.61");
    expect((await elsewhere.next()).type).toBe("OPEN");
    for (const member of [...crowd, elsewhere]) member.socket.close();
  });

  it("counts an IPv6 /64 as one address", async () => {
    const crowd = Array.from({ length: SIGNALING_LIMITS.socketsPerAddress }, (_, index) => connect(credentialsFor(), `2001:db8:5:6::${(index + 1).toString(16)}`));
    for (const member of crowd) expect((await member.next()).type).toBe("OPEN");
    const sameNetwork = connect(credentialsFor(), "2001:db8:5:6:abcd::1");
    expect((await sameNetwork.next()).type).toBe("ERROR");
    for (const member of crowd) member.socket.close();
  });

  it("ends every socket of a subject, telling each why", async () => {
    const device = "ses_lostlaptop";
    const first = connect(credentialsFor(device), "198.51.100.70");
    const second = connect(credentialsFor(device), "198.51.100.70");
    const bystander = connect(credentialsFor(), "198.51.100.71");
    for (const socket of [first, second, bystander]) expect((await socket.next()).type).toBe("OPEN");
    signaling.closeSubject(device, "This device was signed out.");
    for (const socket of [first, second]) {
      expect((await socket.next((frame) => frame.type === "ERROR")).payload?.msg).toBe("This device was signed out.");
      expect((await socket.closed).code).toBe(1008);
    }
    expect(bystander.socket.readyState).toBe(WebSocket.OPEN);
    bystander.socket.close();
  });
});
