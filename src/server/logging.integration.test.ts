/**
 * Nothing secret reaches the server's log: the app's own logger is replaced by one that keeps every line (at
 * trace level), then real procedures run with passwords, keys and share passwords, and a real query fails with a
 * marker among its parameters, logged the way a failing procedure is.
 */
import { sql } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";

const captured = await vi.hoisted(async () => {
  const { installCapturedLogger } = await import("@/server/testing/captured-logger");
  return installCapturedLogger("trace");
});

const { logger } = await import("./logger");
const { describeWithDatabases } = await import("./testing/databases");
const { installTestAppSecret } = await import("./testing/secret");
const { createTestCaller, signedUpCaller } = await import("./testing/trpc");

const SECRETS = {
  signInGuess: "wrong-guess-SECRET-5517",
  providerKey: "sk-live-SECRET-8841-abcdef",
  sharePassword: "share-pass-SECRET-2290",
  shareGuess: "share-guess-SECRET-7731",
  queryMarker: "param-SECRET-4406",
};

beforeAll(installTestAppSecret);

describeWithDatabases("server logs", (database) => {
  it("hold none of the secrets people type, nor a failed query's parameters", async () => {
    const { caller, username, sessionToken } = await signedUpCaller(database(), "logged");
    const stranger = await createTestCaller(database(), { clientIp: "192.0.2.200" });
    await stranger.auth.signIn({ username, password: SECRETS.signInGuess }).catch(() => undefined);
    await caller.models.createProvider({ kind: "openai", label: "Logged provider", baseUrl: null, apiKey: SECRETS.providerKey });
    const share = await caller.share.create({ manifest: { files: [{ path: "a.txt", size: 1, type: "" }] }, peerId: "peer-logged-0001", password: SECRETS.sharePassword });
    await stranger.share.unlock({ slug: share.shortSlug, password: SECRETS.shareGuess }).catch(() => undefined);
    await stranger.share.unlock({ slug: share.shortSlug, password: SECRETS.sharePassword });

    // A query that fails with a marker among its parameters, logged as a failing procedure logs its cause.
    const failure = await database()
      .db.execute(sql`select ${SECRETS.queryMarker}::int as impossible`)
      .then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    logger.error({ err: failure, path: "test.query" }, "procedure failed");

    const log = captured.join("");
    expect(log).toContain("procedure failed");
    expect(log).toContain("::int as impossible");
    for (const secret of [...Object.values(SECRETS), sessionToken, "correct horse battery staple"]) expect(log).not.toContain(secret);
  });
});
