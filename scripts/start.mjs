// `npm start`: builds once when there is no build yet, then runs the production server in this same process
// (one Node start fewer than spawning it).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const built = existsSync(".next/BUILD_ID") && existsSync("dist/server.mjs");
if (!built) {
  console.log("No build found: building Coterie once (about a minute)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.NODE_ENV = "production";
process.setSourceMapsEnabled(true);
await import("../dist/server.mjs");
