// `npm start`: builds once when there is no build yet, then serves the production server.
import { spawnSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

const built = existsSync(".next/BUILD_ID") && existsSync("dist/server.mjs");
if (!built) {
  console.log("No build found: building Coterie once (about a minute)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(process.execPath, ["--enable-source-maps", "dist/server.mjs"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
