import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_AUTH_SECRET, E2E_TURN_SECRET, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PROVIDER_NAME, SERVER_LOG_FILE, TURN_LOG_FILE } from "./e2e/support/constants";

// Started by scripts/e2e.sh, which builds nothing itself: `npm run test:e2e` builds first, then runs this suite
// inside a network namespace of its own on a free port with a fresh embedded database.
const port = Number(process.env.E2E_PORT ?? 3900);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
const llmPort = Number(process.env.E2E_LLM_PORT ?? port + 2);
const turnPort = Number(process.env.E2E_TURN_PORT ?? port + 3);
const relayAppPort = Number(process.env.E2E_RELAY_APP_PORT ?? port + 4);
const appUrl = `http://localhost:${port}`;
const relayAppUrl = `http://localhost:${relayAppPort}`;
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const turnserverPath = "/usr/bin/turnserver";

if (!existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${chromiumPath}. Install the Debian package: apt-get install chromium ` +
      "(or point CHROMIUM_PATH at a Chromium binary).",
  );
}
if (!existsSync(turnserverPath)) {
  throw new Error(`coturn not found at ${turnserverPath}. Install the Debian package: apt-get install coturn`);
}

/**
 * The relay stories' TURN server: Debian's coturn with the TURN REST API credentials Coterie mints, on loopback,
 * plain UDP/TCP, no CLI, logging verbosely to a fresh file in the run's data directory (no machine config read).
 */
const turnserverArgs = [
  "-n",
  "--listening-ip=127.0.0.1",
  "--relay-ip=127.0.0.1",
  `--listening-port=${turnPort}`,
  "--use-auth-secret",
  `--static-auth-secret=${E2E_TURN_SECRET}`,
  "--realm=coterie.test",
  "--fingerprint",
  "--no-tls",
  "--no-dtls",
  "--no-cli",
  "--no-multicast-peers",
  // Only for this suite: in its loopback-only namespace every browser, and so every relay address a peer sends to,
  // is 127.0.0.1. A production coturn must never relay to loopback (its own services would be reachable through
  // it), which is its default; the README lists the settings that also keep it off private ranges.
  "--allow-loopback-peers",
  // Allocations a browser closed without releasing end within 30 s (Chromium refreshes live ones every 15 s), so
  // coturn's final usage line for a session, which the relay story reads, comes soon. Production keeps the default.
  "--max-allocate-lifetime=30",
  "--verbose",
  `--log-file=${TURN_LOG_FILE}`,
  "--simple-log",
  "--no-stdout-log",
  `--pidfile=${dataDir}/turnserver.pid`,
  `--userdb=${dataDir}/turndb`,
];

/** What every app server of the suite runs with; each entry below adds its own port, data directory and extras. */
const appServerEnv = {
  NODE_ENV: "production",
  HOSTNAME: "127.0.0.1",
  AUTH_SECRET: E2E_AUTH_SECRET,
  LOG_LEVEL: "info",
  // Stories give each visitor its own address through X-Forwarded-For (see e2e/support/test.ts).
  TRUST_PROXY: "true",
  // The suite's own servers always run embedded, whatever the calling shell has configured.
  DATABASE_URL: "",
  // Every story signs its people up freely; the invite story shows that invite links still work once.
  REGISTRATION_MODE: "open",
};

/** An app server of the suite: the production build with the shared settings and its own. */
function appServer(command: string, url: string, env: Record<string, string>) {
  return { command, url: `${url}/api/health`, timeout: 60_000, reuseExistingServer: false, stdout: "ignore" as const, stderr: "pipe" as const, env: { ...appServerEnv, ...env } };
}

export default defineConfig({
  testDir: "./e2e",
  // Runs once the servers are up: the first account, and so the administrator, is the suite's own.
  globalSetup: "./e2e/support/global-setup.ts",
  // P2P stories start several browser contexts each; on two cores they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // WebRTC between pages on one machine may use loopback candidates too.
        "--allow-loopback-in-peer-connection",
      ],
    },
  },
  // The real browser's own identity (Chromium on Linux), not an emulated device's user agent. Relay stories talk to
  // the relay-only app server; every other story to the main one, whose browsers connect directly.
  projects: [
    { name: "chromium", testIgnore: /-relay\.spec\.ts$/, use: { viewport: { width: 1280, height: 720 } } },
    { name: "chromium-relay", testMatch: /-relay\.spec\.ts$/, use: { viewport: { width: 1280, height: 720 }, baseURL: relayAppUrl } },
  ],
  webServer: [
    {
      // A real OpenID Connect provider for the sign-in stories.
      command: "npx tsx e2e/support/oidc-provider.ts",
      url: `http://localhost:${oidcPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { E2E_OIDC_PORT: String(oidcPort), E2E_APP_URL: appUrl },
    },
    {
      // An OpenAI-compatible server the chat stories script; the app reaches it like any provider.
      command: "npx tsx e2e/support/llm-server.ts",
      url: `http://127.0.0.1:${llmPort}/v1/models`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { E2E_LLM_PORT: String(llmPort) },
    },
    // The server's log goes to a file the stories can read (one searches it for the secrets it typed).
    appServer(`mkdir -p "${path.dirname(SERVER_LOG_FILE)}" && node --enable-source-maps dist/server.mjs > "${SERVER_LOG_FILE}"`, appUrl, {
      PORT: String(port),
      DATA_DIR: dataDir,
      // The chat stories' provider is the test LLM server on this machine, which the server refuses unless allowed.
      ALLOW_PRIVATE_HOSTS: `127.0.0.1:${llmPort}`,
      AUTH_OIDC_ISSUER: `http://localhost:${oidcPort}`,
      AUTH_OIDC_ID: OIDC_CLIENT_ID,
      AUTH_OIDC_SECRET: OIDC_CLIENT_SECRET,
      AUTH_OIDC_NAME: OIDC_PROVIDER_NAME,
    }),
    {
      // coturn answers STUN/TURN on UDP and TCP on its port; the TCP listener tells Playwright it is up. Its stderr
      // shows "socket: Protocol not supported" twice where the kernel has no SCTP, which is harmless.
      command: [turnserverPath, ...turnserverArgs].join(" "),
      port: turnPort,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    // A second app server, on its own port and database, that hands browsers TURN credentials for the coturn above
    // and relay-only ICE: the relay stories' peers can then connect through coturn only.
    appServer("node --enable-source-maps dist/server.mjs", relayAppUrl, {
      PORT: String(relayAppPort),
      DATA_DIR: path.join(dataDir, "relay-app"),
      ICE_TURN_URLS: `turn:127.0.0.1:${turnPort}?transport=udp`,
      TURN_SECRET: E2E_TURN_SECRET,
      ICE_TRANSPORT_POLICY: "relay",
    }),
  ],
});
