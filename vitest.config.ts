import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // Next.js resolves "server-only" to an empty module on the server; so do the tests.
  "server-only": path.resolve(import.meta.dirname, "src/server/testing/empty-module.ts"),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["src/**/*.test.ts"],
          exclude: ["src/**/*.integration.test.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          include: ["src/**/*.integration.test.ts"],
          // next-auth imports "next/server" without an extension, which only a bundler resolves: let Vite load it.
          server: { deps: { inline: ["next-auth"] } },
          // Each file opens its own databases; two cores run two files at a time comfortably.
          maxWorkers: 2,
          // Runs after the unit project when both are run together (`vitest run`).
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // The test LLM and HTTP servers listen on 127.0.0.1; the guarded fetch refuses it unless allowed.
          env: { ALLOW_PRIVATE_HOSTS: "127.0.0.1" },
        },
      },
    ],
  },
});
