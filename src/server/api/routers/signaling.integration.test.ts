import { TRPCError } from "@trpc/server";
import { beforeAll, expect, it } from "vitest";
import { deriveKey } from "@/server/secrets";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { verifyPeerToken } from "@/server/signaling/peer-token";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { createTestCaller } from "@/server/testing/trpc";

describeWithDatabases("signaling router", (database) => {
  beforeAll(installTestAppSecret);

  it("issues a fresh peer ID with a token the signaling server accepts", async () => {
    const caller = await createTestCaller(database(), { clientIp: "198.51.100.1" });
    const first = await caller.signaling.credentials();
    const second = await caller.signaling.credentials();
    expect(first.peerId).not.toBe(second.peerId);
    expect(first).toMatchObject({ path: "/peerjs", key: "coterie", iceServers: [] });
    expect(first.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(verifyPeerToken(deriveKey("peer-token"), first.peerId, first.token)).toEqual({ ok: true });
    expect(verifyPeerToken(deriveKey("peer-token"), second.peerId, first.token).ok).toBe(false);
  });

  it("rate-limits each address with a clear message", async () => {
    const caller = await createTestCaller(database(), { clientIp: "198.51.100.2" });
    for (let attempt = 0; attempt < RATE_LIMITS.peerCredentialsPerIp.limit; attempt++) await caller.signaling.credentials();
    const refusal = await caller.signaling.credentials().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^Too many attempts/) as string });
    // Another address is unaffected.
    await expect((await createTestCaller(database(), { clientIp: "198.51.100.3" })).signaling.credentials()).resolves.toBeDefined();
  });
});
