import type { NextConfig } from "next";

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` runs `tsc --noEmit` over the whole project (server, tests, scripts); checking again here would
  // only slow every build, including the first `npm start` on a fresh machine.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node at run time rather than bundled: PGlite ships WebAssembly and data files, pino starts
  // worker threads, and the process-wide singletons must be the same module instances the custom server uses.
  // undici (the guarded fetch's connections) is the one copy the AI SDK also loads.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pino-pretty", "postgres", "peer", "ws", "sharp", "@node-rs/argon2", "undici"],
  // Headers for every response, fixed at build time. The pages' own (the CSP with each request's nonce, HSTS
  // under an https PUBLIC_URL, which is read at run time, and Permissions-Policy) are set in src/proxy.ts.
  headers() {
    return Promise.resolve([
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ]);
  },
};

export default config;
