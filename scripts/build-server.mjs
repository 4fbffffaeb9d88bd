// Bundles the custom server (src/server.ts and what it imports from src/) into dist/server.mjs, so that
// `npm start` runs plain Node with no TypeScript loader. npm packages stay external and load from node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["src/server.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Some dependencies are CommonJS; give the ESM bundle a `require` for them.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
