/** The production build, started on a free port with a fresh embedded database, for browser benchmarks. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort } from "./harness";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-loopback-in-peer-connection"];

export function requireBuild(): void {
  if (!existsSync("dist/server.mjs") || !existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
}

/** `showLogs`: the server's log lines (warnings and worse, on stdout) are printed with the bench's output. */
export async function startApp(dataDir: string, extraEnv: Record<string, string> = {}, { showLogs = false } = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn("node", ["dist/server.mjs"], {
    // Open registration: a bench signs up as many people as it measures, as the e2e suite does.
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn", REGISTRATION_MODE: "open", ...extraEnv },
    stdio: ["ignore", showLogs ? "inherit" : "ignore", "inherit"],
  });
  // A bench that fails exits without calling stop(); the server must not outlive it (and skew the next run).
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  const url = `http://localhost:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await fetch(`${url}/api/health`).then((response) => response.ok).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () => {
      process.off("exit", killOnExit);
      return new Promise((resolve) => child.once("exit", resolve) && child.kill("SIGTERM"));
    },
  };
}
