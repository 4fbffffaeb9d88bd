import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_AUTH_SECRET, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PROVIDER_NAME, SERVER_LOG_FILE } from "./e2e/support/constants";

// Started by scripts/e2e.sh, which builds nothing itself: `npm run test:e2e` builds first, then runs this suite
// inside a network namespace of its own on a free port with a fresh embedded database.
const port = Number(process.env.E2E_PORT ?? 3900);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1);
const llmPort = Number(process.env.E2E_LLM_PORT ?? port + 2);
const appUrl = `http://localhost:${port}`;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${chromiumPath}. Install the Debian package: apt-get install chromium ` +
      "(or point CHROMIUM_PATH at a Chromium binary).",
  );
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
  // The real browser's own identity (Chromium on Linux), not an emulated device's user agent.
  projects: [{ name: "chromium", use: { viewport: { width: 1280, height: 720 } } }],
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
    {
      // The server's log goes to a file the stories can read (one searches it for the secrets it typed).
      command: `mkdir -p "${path.dirname(SERVER_LOG_FILE)}" && node --enable-source-maps dist/server.mjs > "${SERVER_LOG_FILE}"`,
      url: `${appUrl}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
        AUTH_SECRET: E2E_AUTH_SECRET,
        LOG_LEVEL: "info",
        // Stories give each visitor its own address through X-Forwarded-For (see e2e/support/test.ts).
        TRUST_PROXY: "true",
        // The suite's own server always runs embedded, whatever the calling shell has configured.
        DATABASE_URL: "",
        // The chat stories' provider is the test LLM server on this machine, which the server refuses unless allowed.
        ALLOW_PRIVATE_HOSTS: `127.0.0.1:${llmPort}`,
        // Every story signs its people up freely; the invite story shows that invite links still work once.
        REGISTRATION_MODE: "open",
        AUTH_OIDC_ISSUER: `http://localhost:${oidcPort}`,
        AUTH_OIDC_ID: OIDC_CLIENT_ID,
        AUTH_OIDC_SECRET: OIDC_CLIENT_SECRET,
        AUTH_OIDC_NAME: OIDC_PROVIDER_NAME,
      },
    },
  ],
});
