/**
 * bench:startup — from `npm start` (already built) to a healthy /api/health on the embedded database.
 * Cold: a fresh data directory (secret generated, PGlite files created, migrations applied). Warm: the same
 * directory again. Median of RUNS each.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, median, printResult } from "./support/harness";

const RUNS = 3;
const HEALTH_TIMEOUT_MS = 60_000;

async function timeToHealthy(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // its own process group, so npm and the server it starts stop together
  });
  try {
    while (performance.now() - started < HEALTH_TIMEOUT_MS) {
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the server did not become healthy within a minute");
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

async function main(): Promise<void> {
  if (!existsSync("dist/server.mjs") || !existsSync(".next/BUILD_ID")) {
    throw new Error("No production build: run `npm run build` first.");
  }
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "coterie-bench-startup-"));
    try {
      cold.push(await timeToHealthy(dataDir));
      warm.push(await timeToHealthy(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    console.log(`run ${run}: cold ${Math.round(cold.at(-1) ?? 0)} ms, warm ${Math.round(warm.at(-1) ?? 0)} ms`);
  }
  printResult({ cold_ms: median(cold), warm_ms: median(warm), goal_ms: 5000 });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
