/**
 * A database outage, for real: a PostgreSQL server of the test's own (never the machine's) is stopped under the
 * app and started again. While it is down, tRPC (the context's session lookup and procedures) and route handlers
 * answer 503 with Retry-After within a moment, however many requests have failed before, and the log gets one
 * warning; once it is back, the same connection pool serves again. And the classifier, against the errors the
 * drivers really throw (postgres.js, PGlite) and ones that only look alike.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { sql, type DrizzleQueryError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const logLines = await vi.hoisted(async () => {
  const { installCapturedLogger } = await import("@/server/testing/captured-logger");
  return installCapturedLogger("info");
});

const { GET: avatarRoute } = await import("@/app/api/avatars/[userId]/route");
const { GET: personaAvatarRoute } = await import("@/app/api/personas/[id]/avatar/route");
const { GET: trpcRoute } = await import("@/app/api/trpc/[trpc]/route");
const { SESSION_COOKIE_NAME } = await import("@/server/auth/session-cookie");
const { openDatabase } = await import("./client");
const { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } = await import("./unavailable");
const { AppError } = await import("@/server/errors");
const { startPostgresCluster } = await import("@/server/testing/postgres-cluster");
const { serveRoute, setRouteDatabase } = await import("@/server/testing/route-server");
const { installTestAppSecret } = await import("@/server/testing/secret");
const { signedUpCaller } = await import("@/server/testing/trpc");

type TCluster = Awaited<ReturnType<typeof startPostgresCluster>>;
type TConnection = ReturnType<typeof openDatabase>;

/** Fail-fast bound for one refused request. postgres.js alone would hold requests for up to 20 s between attempts. */
const FAIL_FAST_MS = 1000;
/** How long the app may take to serve again once the server accepts connections. */
const RECOVERY_MS = 5000;

let cluster: TCluster | null = null;

beforeAll(async () => {
  installTestAppSecret();
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.destroy();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("isDatabaseUnavailable, on the errors the drivers throw", () => {
  it("recognises postgres.js finding nothing listening, a transaction that cannot begin, and a connect timeout", async () => {
    const closed = openDatabase({ driver: "postgres", url: `postgres://postgres@127.0.0.1:${await freePort()}/none`, maxConnections: 1 });
    const refused = await failureOf(closed.db.execute(sql`select 1`));
    expect(refused).toMatchObject({ cause: { code: "ECONNREFUSED" } });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    const notBegun = await failureOf(closed.db.transaction((tx) => tx.execute(sql`select 1`)));
    expect(notBegun).toMatchObject({ code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(notBegun)).toBe(true);
    // Wrapped by drizzle-orm's other build: Next.js's bundles load its CommonJS copy, the server opened the pool with the ESM one.
    const { DrizzleQueryError: OtherBuildsQueryError } = createRequire(import.meta.url)("drizzle-orm") as { DrizzleQueryError: typeof DrizzleQueryError };
    expect(isDatabaseUnavailable(new OtherBuildsQueryError("select 1", [], (refused as Error).cause as Error))).toBe(true);
    await closed.close();

    // A Unix socket that is not there: the server is not running.
    const noSocket = openDatabase({ driver: "postgres", url: "postgres://postgres@localhost/none?host=/nonexistent-coterie-socket-dir", maxConnections: 1 });
    const missing = await failureOf(noSocket.db.execute(sql`select 1`));
    expect(missing).toMatchObject({ cause: { code: "ENOENT" } });
    expect(isDatabaseUnavailable(missing)).toBe(true);
    await noSocket.close();

    // Something accepts the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const hung = openDatabase({ driver: "postgres", url: `postgres://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/none`, maxConnections: 1 });
    const startedAt = performance.now();
    const timedOut = await failureOf(hung.db.execute(sql`select 1`));
    expect(performance.now() - startedAt).toBeLessThan(6000);
    expect(timedOut).toMatchObject({ cause: { code: "CONNECT_TIMEOUT" } });
    expect(isDatabaseUnavailable(timedOut)).toBe(true);
    await hung.close();
    silent.close();
  });

  it("recognises a session the server terminated, and a pool that was ended", async () => {
    const connection = openDatabase({ driver: "postgres", url: cluster!.url, maxConnections: 2 });
    const terminated = await failureOf(connection.db.execute(sql`select pg_terminate_backend(pg_backend_pid())`));
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    await connection.close();
    const ended = await failureOf(connection.db.execute(sql`select 1`));
    expect(ended).toMatchObject({ cause: { code: "CONNECTION_ENDED" } });
    expect(isDatabaseUnavailable(ended)).toBe(true);
  });

  it("recognises PGlite once it is closed", async () => {
    const connection = openDatabase({ driver: "pglite", dataDir: null });
    await connection.db.execute(sql`select 1`);
    await connection.close();
    const closed = await failureOf(connection.db.execute(sql`select 1`));
    expect(isDatabaseUnavailable(closed)).toBe(true);
  });

  it("does not take a wrong query, an app error, a file error or a provider's refused fetch for an outage", async () => {
    const connection = openDatabase({ driver: "postgres", url: cluster!.url, maxConnections: 1 });
    const syntax = await failureOf(connection.db.execute(sql`selec 1`));
    expect(syntax).toMatchObject({ cause: { code: "42601" } });
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    const badValue = await failureOf(connection.db.execute(sql`select ${"x"}::int`));
    expect(isDatabaseUnavailable(badValue)).toBe(false);
    await connection.close();

    const fetchRefused = await failureOf(fetch(`http://127.0.0.1:${await freePort()}/`));
    expect(fetchRefused).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
    expect(isDatabaseUnavailable(fetchRefused)).toBe(false);
    expect(isDatabaseUnavailable(await failureOf(readFile("/nonexistent-coterie-file")))).toBe(false);
    expect(isDatabaseUnavailable(new AppError("NOT_FOUND", "Not here."))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});

describe("a PostgreSQL outage under the app", () => {
  let connection: TConnection | null = null;
  let server: Awaited<ReturnType<typeof serveRoute>> | null = null;
  let cookie = "";
  let userId = "";
  let shareSlug = "";
  let username = "";

  beforeAll(async () => {
    connection = openDatabase({ driver: "postgres", url: cluster!.url });
    await connection.migrate();
    setRouteDatabase(connection);
    const user = await signedUpCaller(connection, "outage");
    ({ userId, username } = user);
    cookie = `${SESSION_COOKIE_NAME}=${user.sessionToken}`;
    shareSlug = (await user.caller.share.create({ manifest: { files: [{ path: "a.txt", size: 1, type: "" }] }, peerId: "peer-outage-0001" })).shortSlug;
    // The app's routes behind real HTTP: tRPC, a signed-in route handler, and a public one.
    server = await serveRoute((request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith("/api/trpc/")) return trpcRoute(request);
      if (pathname.startsWith("/api/personas/")) return personaAvatarRoute(request, { params: Promise.resolve({ id: "per_anyPersonaAtAll" }) });
      return avatarRoute(request, { params: Promise.resolve({ userId }) });
    });
  });
  afterAll(async () => {
    await server?.close();
    await connection?.close();
  });

  const query = (procedure: string, input: unknown) => `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  /** One of each way a request reaches the database first. */
  const requests = (): { name: string; path: string; init: RequestInit }[] => [
    { name: "tRPC context (session lookup)", path: query("chats.list", {}), init: { headers: { cookie } } },
    { name: "tRPC public query", path: query("share.open", { slug: shareSlug }), init: {} },
    {
      name: "tRPC public mutation",
      path: "/api/trpc/auth.signIn",
      init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { username, password: "correct horse battery staple" } }) },
    },
    { name: "signed-in route handler", path: "/api/personas/per_anyPersonaAtAll/avatar", init: { headers: { cookie } } },
    { name: "public route handler", path: `/api/avatars/${userId}`, init: {} },
  ];

  async function timed(path: string, init: RequestInit) {
    const startedAt = performance.now();
    const response = await fetch(`${server!.origin}${path}`, init);
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get("retry-after"), text, ms: performance.now() - startedAt };
  }

  /** The person-facing message of a route handler's or a tRPC error body. */
  function messageOf(text: string): string {
    const body = JSON.parse(text) as { error: string | { json: { message: string; data: { code: string; retryAfterSeconds: number | null } } } };
    return typeof body.error === "string" ? body.error : body.error.json.message;
  }

  it("answers 503 with Retry-After within a moment while PostgreSQL is down, logs it once, and serves again once it is back", async () => {
    expect((await timed(query("chats.list", {}), { headers: { cookie } })).status).toBe(200);
    expect((await timed(query("share.open", { slug: shareSlug }), {})).status).toBe(200);
    const logsBefore = logLines.length;

    await cluster!.stop();
    // Twelve rounds of every kind at once: 60 refused requests, enough failed connection attempts that
    // postgres.js's default backoff would be holding each request for many seconds by the end.
    const answers: (Awaited<ReturnType<typeof timed>> & { name: string })[] = [];
    for (let round = 0; round < 12; round++) {
      answers.push(...(await Promise.all(requests().map(async ({ name, path, init }) => ({ name, ...(await timed(path, init)) })))));
    }
    for (const answer of answers) {
      expect({ name: answer.name, status: answer.status, retryAfter: answer.retryAfter, message: messageOf(answer.text) }).toEqual({
        name: answer.name,
        status: 503,
        retryAfter: String(DATABASE_RETRY_AFTER_SECONDS),
        message: DATABASE_UNAVAILABLE_MESSAGE,
      });
      expect(answer.ms, answer.name).toBeLessThan(FAIL_FAST_MS);
    }
    const tRPCError = JSON.parse(answers[0]!.text) as { error: { json: { data: { code: string; httpStatus: number; retryAfterSeconds: number } } } };
    expect(tRPCError.error.json.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });

    // One warning for the whole outage, with what happened and no stack; nothing logged as an unexpected failure.
    const outageLogs = logLines.slice(logsBefore);
    const warnings = outageLogs.filter((line) => line.includes("database unavailable"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, code: "ECONNREFUSED" });
    expect(warnings[0]).not.toContain("stack");
    expect(outageLogs.filter((line) => !line.includes("database unavailable"))).toEqual([]);

    await cluster!.start();
    const backAt = performance.now();
    let status = 0;
    while (performance.now() - backAt < RECOVERY_MS) {
      status = (await timed(query("chats.list", {}), { headers: { cookie } })).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
    // Every path works again, on the same pool and the same session: nothing had to be reopened.
    for (const { name, path, init } of requests().slice(0, 3)) {
      const answer = await timed(path, init);
      expect({ name, status: answer.status }).toEqual({ name, status: 200 });
    }
  }, 60_000);
});
