import { TRPCError } from "@trpc/server";
import { beforeAll, expect, it } from "vitest";
import { deriveKey } from "@/server/secrets";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { verifyPeerToken } from "@/server/signaling/peer-token";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { createTestCaller, signedUpCaller } from "@/server/testing/trpc";

describeWithDatabases("signaling router", (database) => {
  beforeAll(installTestAppSecret);

  it("issues a signed-in device a fresh peer ID with a token bound to its session", async () => {
    const { caller, sessionToken } = await signedUpCaller(database(), "signal");
    const first = await caller.signaling.credentials();
    const second = await caller.signaling.credentials();
    expect(first.peerId).not.toBe(second.peerId);
    expect(first).toMatchObject({ path: "/peerjs", key: "coterie", iceServers: [], iceTransportPolicy: "all" });
    expect(first.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const check = verifyPeerToken(deriveKey("peer-token"), first.peerId, first.token);
    expect(check).toEqual({ ok: true, subject: expect.stringMatching(/^ses_/) as string });
    expect(JSON.stringify(check)).not.toContain(sessionToken);
    expect(verifyPeerToken(deriveKey("peer-token"), second.peerId, first.token).ok).toBe(false);
  });

  it("issues nothing to an anonymous caller", async () => {
    const anonymous = await createTestCaller(database(), { clientIp: "198.51.100.9" });
    await expect(anonymous.signaling.credentials()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rate-limits each address with a clear message", async () => {
    const { sessionToken } = await signedUpCaller(database(), "chatty");
    const fromAddress = (clientIp: string) => createTestCaller(database(), { clientIp, sessionToken });
    const busy = await fromAddress("198.51.100.2");
    for (let attempt = 0; attempt < RATE_LIMITS.peerCredentialsPerIp.limit; attempt++) await busy.signaling.credentials();
    const refusal = await busy.signaling.credentials().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^Too many attempts/) as string });
    // Another address is unaffected.
    await expect((await fromAddress("198.51.100.3")).signaling.credentials()).resolves.toBeDefined();
  });
});
