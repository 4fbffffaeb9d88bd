// Bundles the custom server (src/server.ts and what it imports from src/) into dist/server.mjs, so that
// `npm start` runs plain Node with no TypeScript loader. npm packages stay external and load from node_modules.
import { build } from "esbuild";

/** `server-only` guards modules against client bundles; in the server's own bundle it has nothing to guard. */
const serverOnlyIsEmpty = {
  name: "server-only-is-empty",
  setup(builder) {
    builder.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty-module" }));
    builder.onLoad({ filter: /.*/, namespace: "empty-module" }, () => ({ contents: "" }));
  },
};

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
  plugins: [serverOnlyIsEmpty],
  // Some dependencies are CommonJS; give the ESM bundle a `require` for them.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
