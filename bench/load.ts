/**
 * bench:load — the HTTP surface under load on loopback (autocannon), against the production build on a
 * PostgreSQL server of the bench's own (a throwaway cluster, never the machine's), in two phases:
 *   steady:  each endpoint alone, CONNECTIONS at a time for STEADY_SECONDS: POST auth.signIn (right password;
 *            argon2id, so tens per second at most), GET share.open, GET chats.list (signed in), GET /api/health;
 *            requests/s, p50/p99 latency, non-2xx answers and socket errors (timeouts included);
 *   restart: the four together, plus WRITERS creating personas and recording each one that got a 2xx; after
 *            WARM_SECONDS PostgreSQL is stopped (fast shutdown), left down for DOWN_SECONDS and started again.
 *            Requests sent while it is down must fail fast with 503 (their count and p99; those caught in its
 *            shutdown are counted apart), the app must serve again without being restarted (the time from the
 *            start command to the first success), nothing but those 503s may fail, and every persona that got a
 *            2xx must be in the database afterwards.
 * Public endpoints are rate-limited per client address: the app runs with TRUST_PROXY=1 and every request
 * carries its own X-Forwarded-For, so the load is many visitors, as on the internet, not one address flooding.
 * Needs a production build (`npm run build`) and PostgreSQL's server binaries with pgvector (.ci/run installs them).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { startPostgresCluster, type TPostgresCluster } from "../src/server/testing/postgres-cluster";
import { lighthouseCardJson } from "../src/server/testing/lighthouse-card";
import { requireBuild, startApp } from "./support/app";
import { percentile, printResult } from "./support/harness";
import { appClient, fromManyClients, sessionCookieOf, trpcMutationBody, trpcQueryPath, type TAppClient } from "./support/load-clients";

const CONNECTIONS = 10;
const STEADY_SECONDS = 10;
const WARM_SECONDS = 6;
const DOWN_SECONDS = 4;
const RESTART_SECONDS = 24;
const WRITERS = 2;
const PASSWORD = "correct horse battery staple";
/** An uploader's page renews its link every 20 s; the bench does the same so the link stays open. */
const SHARE_RENEW_MS = 20_000;

type TSeed = { username: string; userId: string; cookie: string; shareId: string; shareSlug: string; peerId: string };

async function seed(app: TAppClient): Promise<TSeed> {
  const username = `load${Date.now().toString(36)}`;
  const signUp = await app.mutate("auth.signUp", { username, password: PASSWORD });
  if (!signUp.ok) throw new Error(`sign-up failed: HTTP ${signUp.status} ${await signUp.text()}`);
  const cookie = sessionCookieOf(signUp);
  const { userId } = ((await signUp.json()) as { result: { data: { json: { userId: string } } } }).result.data.json;

  const form = new FormData();
  form.append("files", new Blob([lighthouseCardJson()], { type: "application/json" }), "iris.json");
  const imported = await fetch(`${app.url}/api/characters/import`, { method: "POST", headers: app.headers({ cookie }), body: form });
  const [result] = ((await imported.json()) as { results: { ok: boolean; characterId?: string }[] }).results;
  if (!result?.ok || !result.characterId) throw new Error(`character import failed: HTTP ${imported.status}`);
  await app.mutation("chats.start", { characterId: result.characterId, personaId: null, greetingIndex: 0 }, { cookie });

  const peerId = "bench-load-uploader";
  const share = await app.mutation<{ id: string; shortSlug: string }>("share.create", { manifest: { files: [{ path: "notes.txt", size: 1024, type: "text/plain" }] }, peerId }, { cookie });
  return { username, userId, cookie, shareId: share.id, shareSlug: share.shortSlug, peerId };
}

function endpoints(app: TAppClient, seeded: TSeed): { name: string; request: autocannon.Request }[] {
  return [
    {
      name: "POST auth.signIn",
      request: { method: "POST", path: "/api/trpc/auth.signIn", headers: { origin: app.url, "content-type": "application/json" }, body: trpcMutationBody({ username: seeded.username, password: PASSWORD }) },
    },
    { name: "GET share.open", request: { method: "GET", path: trpcQueryPath("share.open", { slug: seeded.shareSlug }) } },
    { name: "GET chats.list", request: { method: "GET", path: trpcQueryPath("chats.list", {}), headers: { cookie: seeded.cookie } } },
    { name: "GET /api/health", request: { method: "GET", path: "/api/health" } },
  ];
}

/** Runs autocannon, handing the running instance to `watch` (to listen to each response). */
function load(options: autocannon.Options, watch?: (instance: autocannon.Instance) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error("autocannon failed")) : resolve(result)));
    watch?.(instance);
  });
}

type TSteadyRow = { name: string; requestsPerSecond: number; p50: number; p99: number; ok: number; non2xx: number; socketErrors: number };

async function steadyPhase(app: TAppClient, seeded: TSeed): Promise<TSteadyRow[]> {
  console.log(`\nsteady: each endpoint alone, ${CONNECTIONS} connections for ${STEADY_SECONDS} s, every request from its own X-Forwarded-For address (TRUST_PROXY=1)`);
  console.log("endpoint            req/s   p50 ms   p99 ms      2xx  non-2xx  socket errors");
  const rows: TSteadyRow[] = [];
  for (const { name, request } of endpoints(app, seeded)) {
    const result = await load({ url: app.url, connections: CONNECTIONS, duration: STEADY_SECONDS, requests: [fromManyClients(request)] });
    const row = { name, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], non2xx: result.non2xx, socketErrors: result.errors };
    rows.push(row);
    console.log(
      `${name.padEnd(18)} ${row.requestsPerSecond.toFixed(1).padStart(6)} ${row.p50.toFixed(0).padStart(8)} ${row.p99.toFixed(0).padStart(8)} ${String(row.ok).padStart(8)} ${String(row.non2xx).padStart(8)} ${String(row.socketErrors).padStart(14)}`,
    );
  }
  return rows;
}

type TAnswer = { sentAt: number; at: number; status: number; ms: number };
type TTimeline = { stopIssuedAt: number; stoppedAt: number; startIssuedAt: number; readyAt: number };

/** Creates personas one after another until told to stop; records every answer and the ids that got a 2xx. */
async function writer(app: TAppClient, cookie: string, running: () => boolean, answers: TAnswer[], acknowledged: string[], number: number): Promise<void> {
  for (let row = 0; running(); row++) {
    const sentAt = performance.now();
    let status = 0;
    try {
      const response = await app.mutate("personas.create", { name: `load writer ${number} row ${row}`, description: "", isDefault: false }, { cookie });
      status = response.status;
      const body = (await response.json()) as { result?: { data: { json: { id: string } } } };
      if (response.ok && body.result) acknowledged.push(body.result.data.json.id);
    } catch {
      status = 0;
    }
    answers.push({ sentAt, at: performance.now(), status, ms: performance.now() - sentAt });
    // A client that was refused waits a moment before trying again, rather than spinning.
    if (status < 200 || status > 299) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function restartPhase(app: TAppClient, seeded: TSeed, cluster: TPostgresCluster) {
  console.log(
    `\nrestart: all four endpoints together (${CONNECTIONS} connections) and ${WRITERS} writers creating personas for ${RESTART_SECONDS} s; PostgreSQL stopped after ${WARM_SECONDS} s, down for ${DOWN_SECONDS} s, then started again`,
  );
  const answers: TAnswer[] = [];
  let socketErrors = 0;
  const acknowledged: string[] = [];
  let writing = true;
  const timeline: Partial<TTimeline> = {};

  const mixed = load(
    { url: app.url, connections: CONNECTIONS, duration: RESTART_SECONDS, requests: endpoints(app, seeded).map(({ request }) => fromManyClients(request)) },
    (instance) => {
      instance.on("response", (_client, status, _bytes, responseTime) => {
        const at = performance.now();
        answers.push({ sentAt: at - responseTime, at, status, ms: responseTime });
      });
      instance.on("reqError", () => socketErrors++);
    },
  );
  const writers = Array.from({ length: WRITERS }, (_, index) => writer(app, seeded.cookie, () => writing, answers, acknowledged, index + 1));

  await new Promise((resolve) => setTimeout(resolve, WARM_SECONDS * 1000));
  timeline.stopIssuedAt = performance.now();
  await cluster.stop();
  timeline.stoppedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, DOWN_SECONDS * 1000));
  timeline.startIssuedAt = performance.now();
  await cluster.start();
  timeline.readyAt = performance.now();

  const result = await mixed;
  writing = false;
  await Promise.all(writers);
  const { stopIssuedAt, stoppedAt, startIssuedAt, readyAt } = timeline as TTimeline;

  // 503s that met the outage: to requests caught in PostgreSQL's shutdown (it ends their sessions, and may first
  // finish a commit or its shutdown checkpoint, at disk speed), and to requests sent while it was down. Any other
  // failure, before, during or after, is an error.
  const unavailable = (answer: TAnswer) => answer.status === 503;
  const inShutdown = answers.filter((answer) => unavailable(answer) && answer.at >= stopIssuedAt && answer.sentAt < stoppedAt);
  const down = answers.filter((answer) => unavailable(answer) && answer.sentAt >= stoppedAt && answer.sentAt < readyAt);
  const otherFailures = answers.filter((answer) => (answer.status < 200 || answer.status > 299) && !inShutdown.includes(answer) && !down.includes(answer));
  const lateUnavailable = otherFailures.filter((answer) => unavailable(answer) && answer.sentAt >= readyAt);
  const firstSuccess = answers.filter((answer) => answer.status >= 200 && answer.status <= 299 && answer.sentAt >= stoppedAt).sort((a, b) => a.at - b.at)[0];
  const recoveredMs = firstSuccess ? firstSuccess.at - startIssuedAt : Number.NaN;
  const succeeded = answers.filter((answer) => answer.status >= 200 && answer.status <= 299);

  console.log(`PostgreSQL: fast shutdown took ${(stoppedAt - stopIssuedAt).toFixed(0)} ms, down ${((startIssuedAt - stoppedAt) / 1000).toFixed(1)} s, start took ${(readyAt - startIssuedAt).toFixed(0)} ms until it accepted connections`);
  console.log(`answers: ${answers.length} (${succeeded.length} 2xx), autocannon ${result.requests.total} requests, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  const latencies = (list: TAnswer[]) => {
    const ms = list.map((answer) => answer.ms);
    return `p50 ${percentile(ms, 0.5).toFixed(1)} ms, p99 ${percentile(ms, 0.99).toFixed(1)} ms, slowest ${Math.max(0, ...ms).toFixed(1)} ms`;
  };
  console.log(`caught in the shutdown: ${inShutdown.length} answered 503, ${latencies(inShutdown)}`);
  console.log(`sent while down: ${down.length} answered 503, ${latencies(down)}`);
  const statuses = new Map<number, number>();
  for (const answer of otherFailures) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  console.log(
    `other failures: ${otherFailures.length + socketErrors} (${[...statuses].map(([status, count]) => `${count}× ${status === 0 ? "no answer" : status}`).join(", ") || "none"}; socket errors ${socketErrors}; 503 to requests sent after PostgreSQL was back: ${lateUnavailable.length})`,
  );
  console.log(`first success after the restart: ${recoveredMs.toFixed(0)} ms after the start command (the server itself needed ${(readyAt - startIssuedAt).toFixed(0)} ms)`);
  return { down, otherFailures: otherFailures.length + socketErrors, recoveredMs, acknowledged };
}

/** Every persona that got a 2xx must be in the database; also says how many were committed without an answer. */
async function lostRows(databaseUrl: string, userId: string, acknowledged: string[]): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const stored = new Set((await sql<{ id: string }[]>`select id from personas where user_id = ${userId}`).map((row) => row.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    console.log(`rows: ${acknowledged.length} personas got a 2xx, ${stored.size} are stored, ${lost.length} acknowledged ones missing (${stored.size - (acknowledged.length - lost.length)} committed whose answer was lost in the outage)`);
    return lost.length;
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  requireBuild();
  const cluster = await startPostgresCluster();
  const dataDir = mkdtempSync(path.join(tmpdir(), "coterie-bench-load-"));
  let stopApp: (() => Promise<void>) | null = null;
  let renewer: NodeJS.Timeout | null = null;
  try {
    const started = await startApp(dataDir, { DATABASE_URL: cluster.url, AUTH_SECRET: randomBytes(48).toString("base64"), TRUST_PROXY: "1" }, { showLogs: true });
    stopApp = started.stop;
    const app = appClient(started.url);
    const health = await fetch(`${started.url}/api/health`);
    if (!health.ok) throw new Error(`the app did not become healthy on PostgreSQL (HTTP ${health.status})`);
    console.log(`app ${started.url} on PostgreSQL ${cluster.url} (a throwaway cluster)`);
    const seeded = await seed(app);
    renewer = setInterval(() => void app.mutate("share.renew", { id: seeded.shareId, peerId: seeded.peerId }, { cookie: seeded.cookie }).catch(() => undefined), SHARE_RENEW_MS);

    const steady = await steadyPhase(app, seeded);
    const restart = await restartPhase(app, seeded, cluster);
    const lost = await lostRows(cluster.url, seeded.userId, restart.acknowledged);

    const steadyErrors = steady.reduce((total, row) => total + row.non2xx + row.socketErrors, 0);
    printResult({
      p99_ms: Math.max(...steady.map((row) => row.p99)),
      errors: steadyErrors + restart.otherFailures,
      down_503: restart.down.length,
      down_p99_ms: percentile(restart.down.map((answer) => answer.ms), 0.99),
      recovered_ms: restart.recoveredMs,
      lost_rows: lost,
    });
  } finally {
    if (renewer) clearInterval(renewer);
    await stopApp?.();
    await cluster.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Ctrl-C: exit through the exit hooks, which stop the app and remove the cluster.
process.once("SIGINT", () => process.exit(130));
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
