/**
 * Revoking a device ends what it held: its signaling sockets close with the reason, the share link its page served
 * and the room it hosted end at once, the room's other seats with it, and its token no longer registers a peer.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { isSessionLive } from "@/server/auth/sessions";
import { connectParticipants, connectSessions } from "@/server/db/schema";
import { deriveKey } from "@/server/secrets";
import { DEVICE_SIGNED_OUT, endWhatSessionsHeld } from "@/server/session-cleanup";
import { isShareLive } from "@/server/share/channels";
import { subjectLiveness } from "@/server/signaling/credentials";
import { createSignalingServer, PEERJS_KEY, runningSignalingServer, SIGNALING_SOCKET_PATH, type TSignalingServer } from "@/server/signaling/peer-server";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { createTestCaller, sessionTokenSetBy, signedUpCaller } from "@/server/testing/trpc";

beforeAll(installTestAppSecret);

type TFrame = { type: string; payload?: { msg?: string } };

describeWithDatabases("a device signed out", (database) => {
  let server: Server;
  let signaling: TSignalingServer;
  let stop: () => void;
  let port: number;

  beforeAll(async () => {
    const { db } = database();
    signaling = createSignalingServer({
      tokenKey: deriveKey("peer-token"),
      clientAddressOf: () => "203.0.113.50",
      isSubjectLive: subjectLiveness({ session: (id) => isSessionLive(db, id), share: (id) => isShareLive(db, id) }),
    });
    runningSignalingServer.set(signaling);
    stop = endWhatSessionsHeld(db, signaling);
    server = createServer((_, response) => response.writeHead(404).end());
    server.on("upgrade", (request, socket, head: Buffer) => signaling.handleUpgrade(request, socket, head) || socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    stop();
    signaling.close();
    runningSignalingServer.set(undefined);
    await new Promise((resolve) => server.close(resolve));
  });

  function register(credentials: { peerId: string; token: string }) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${SIGNALING_SOCKET_PATH}?key=${PEERJS_KEY}&id=${credentials.peerId}&token=${credentials.token}`);
    const frames: TFrame[] = [];
    socket.on("message", (data: Buffer) => frames.push(JSON.parse(data.toString()) as TFrame));
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    return { socket, frames, closed };
  }

  it("closes its sockets, ends the link it served and the room it hosted, and its token registers nothing more", async () => {
    const { db } = database();
    const alice = await signedUpCaller(database(), "laptopowner");
    const laptopId = (await alice.caller.account.devices()).find((device) => device.current)!.id;
    const signedIn = new Headers();
    await (await createTestCaller(database(), { clientIp: "192.0.2.90", responseHeaders: signedIn })).auth.signIn({ username: alice.username, password: "correct horse battery staple" });
    const phone = await createTestCaller(database(), { clientIp: "192.0.2.90", sessionToken: sessionTokenSetBy(signedIn) });

    // The laptop's page registers a peer, serves a link from it and hosts a room with it; Bob takes a seat.
    const credentials = await alice.caller.signaling.credentials();
    const laptopPage = register(credentials);
    await vi.waitFor(() => expect(laptopPage.frames[0]?.type).toBe("OPEN"));
    const share = await alice.caller.share.create({ manifest: { files: [{ path: "a.txt", size: 1, type: "" }] }, peerId: credentials.peerId });
    const room = await alice.caller.rooms.create({ title: "Laptop room" });
    await alice.caller.rooms.join({ slug: room.shortSlug, peerId: credentials.peerId, character: { kind: "quick", name: "Iris", thumbnail: null } });
    const bob = await signedUpCaller(database(), "roomguest");
    const guestSeat = await bob.caller.rooms.join({ slug: room.shortSlug, peerId: "peer-guest-00001", character: { kind: "quick", name: "Bram", thumbnail: null } });

    await phone.account.revokeDevice({ id: laptopId });

    expect(await laptopPage.closed).toBe(1008);
    expect(laptopPage.frames.at(-1)).toEqual({ type: "ERROR", payload: { msg: DEVICE_SIGNED_OUT } });
    const stranger = await createTestCaller(database(), { clientIp: "192.0.2.91" });
    await vi.waitFor(async () => {
      await expect(stranger.share.open({ slug: share.shortSlug })).rejects.toMatchObject({ code: "NOT_FOUND" });
      const [closedRoom] = await db.select({ closedAt: connectSessions.closedAt }).from(connectSessions).where(eq(connectSessions.id, room.id));
      expect(closedRoom?.closedAt).not.toBeNull();
      const [seat] = await db.select({ leftAt: connectParticipants.leftAt }).from(connectParticipants).where(eq(connectParticipants.id, guestSeat.participantId));
      expect(seat?.leftAt).not.toBeNull();
    });
    // The laptop's token has not expired, but what it was issued for has.
    const again = register(credentials);
    expect(await again.closed).toBe(1008);
    expect(again.frames[0]?.payload?.msg).toMatch(/has ended/);
  });

  it("lets a room's host drop seats the server ended, at its next heartbeat", async () => {
    const host = await signedUpCaller(database(), "steadyhost");
    const room = await host.caller.rooms.create({ title: "Steady room" });
    await host.caller.rooms.join({ slug: room.shortSlug, peerId: "peer-host-000001", character: { kind: "quick", name: "Iris", thumbnail: null } });
    const guest = await signedUpCaller(database(), "revokedguest");
    const guestDevice = (await guest.caller.account.devices()).find((device) => device.current)!.id;
    const credentials = await guest.caller.signaling.credentials();
    const guestPage = register(credentials);
    await vi.waitFor(() => expect(guestPage.frames[0]?.type).toBe("OPEN"));
    const seat = await guest.caller.rooms.join({ slug: room.shortSlug, peerId: credentials.peerId, character: { kind: "quick", name: "Bram", thumbnail: null } });
    expect((await host.caller.rooms.renew({ roomId: room.id })).seated).toContain(seat.participantId);

    await guest.caller.auth.signOut();
    expect(await guestPage.closed).toBe(1008);
    await vi.waitFor(async () => expect((await host.caller.rooms.renew({ roomId: room.id })).seated).not.toContain(seat.participantId));
    expect(await isSessionLive(database().db, guestDevice)).toBe(false);
  });
});
