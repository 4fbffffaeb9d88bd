import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, sessionTokenSetBy, signedUpCaller } from "@/server/testing/trpc";

describeWithDatabases("account router: devices", (database) => {
  async function secondDevice(username: string) {
    const responseHeaders = new Headers();
    const laptop = await createTestCaller(database(), {
      clientIp: "192.0.2.40",
      headers: { "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0" },
      responseHeaders,
    });
    await laptop.auth.signIn({ username, password: "correct horse battery staple" });
    return sessionTokenSetBy(responseHeaders);
  }

  it("lists every signed-in device, marking this one", async () => {
    const { caller, username } = await signedUpCaller(database(), "lister");
    await secondDevice(username);
    const devices = await caller.account.devices();
    expect(devices.map(({ label, current }) => ({ label, current })).sort((a, b) => a.label.localeCompare(b.label))).toEqual([
      { label: "Chromium on Linux", current: true },
      { label: "Firefox on macOS", current: false },
    ]);
    expect(JSON.stringify(devices)).not.toMatch(/sessionToken|[\w-]{43}/);
  });

  it("revokes one device, which is refused on its very next request", async () => {
    const { caller, username } = await signedUpCaller(database(), "revoker");
    const laptopToken = await secondDevice(username);
    const laptopBefore = await createTestCaller(database(), { sessionToken: laptopToken });
    expect(await laptopBefore.account.devices()).toHaveLength(2);
    const laptopId = (await caller.account.devices()).find((device) => !device.current)?.id ?? "";
    await caller.account.revokeDevice({ id: laptopId });
    // Each request resolves its session afresh: the laptop's next one carries the same cookie and is refused.
    const laptopAfter = await createTestCaller(database(), { sessionToken: laptopToken });
    const refusal = await laptopAfter.account.devices().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await caller.account.devices()).map((device) => device.current)).toEqual([true]);
  });

  it("signs out everywhere else", async () => {
    const { caller, username } = await signedUpCaller(database(), "everywhere");
    await secondDevice(username);
    await secondDevice(username);
    expect(await caller.account.revokeOtherDevices()).toEqual({ revoked: 2 });
    expect(await caller.account.devices()).toHaveLength(1);
  });

  it("cannot see or revoke another user's devices", async () => {
    const alice = await signedUpCaller(database(), "alice");
    const bob = await signedUpCaller(database(), "bob");
    const [aliceDevice] = await alice.caller.account.devices();
    expect((await bob.caller.account.devices()).map((device) => device.id)).not.toContain(aliceDevice?.id);
    const refusal = await bob.caller.account.revokeDevice({ id: aliceDevice?.id ?? "" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "NOT_FOUND" });
    expect(await alice.caller.account.devices()).toHaveLength(1);
  });
});
