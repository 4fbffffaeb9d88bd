import { afterEach, expect, it } from "vitest";
import { createSignalingServer, runningSignalingServer } from "@/server/signaling/peer-server";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller } from "@/server/testing/trpc";
import packageJson from "../../../../package.json";

describeWithDatabases("system router", (database) => {
  afterEach(() => {
    runningSignalingServer.get()?.close();
    runningSignalingServer.set(undefined);
  });

  it("reports a healthy database and running signaling", async () => {
    runningSignalingServer.set(createSignalingServer({ tokenKey: Buffer.alloc(32, 1), clientAddressOf: () => "127.0.0.1", isSubjectLive: () => Promise.resolve(true) }));
    const status = await (await createTestCaller(database())).system.status();
    expect(status).toEqual({
      status: "ok",
      version: packageJson.version,
      database: { status: "ok", driver: database().driver, migrations: expect.any(Number) as number },
      signaling: { status: "ok", path: "/peerjs", peers: 0 },
    });
    expect(status.database.migrations).toBeGreaterThanOrEqual(1);
  });

  it("reports degraded when signaling is not running", async () => {
    const status = await (await createTestCaller(database())).system.status();
    expect(status.status).toBe("degraded");
    expect(status.signaling.status).toBe("down");
  });
});
