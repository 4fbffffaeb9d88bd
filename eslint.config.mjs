// Type-aware linting for the whole project. `process.env` is read only in src/env.ts (and in tooling that
// runs outside the app), so configuration is always validated before use.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// The browser boundary: code that ships to the browser may name server types, never import server code. Next.js's
// `server-only` would only fail a build that happens to bundle the module; this fails the lint, for every import.
const SERVER_MODULE = "^(@/|(\\.\\./)+)server(/|$)";
const SERVER_IMPORT_MESSAGE = "Browser code must not import server code (types are fine: `import type`). Move what both sides need to src/lib.";

/** A module marked "use client" (under src/app, where the rest is server code) may import server types only. */
const clientModuleImports = {
  meta: { type: "problem", schema: [], messages: { server: SERVER_IMPORT_MESSAGE } },
  create(context) {
    const serverModule = new RegExp(SERVER_MODULE);
    let isClientModule = false;
    const typeOnly = (node, kind) => node[kind] === "type" || (node.specifiers?.length > 0 && node.specifiers.every((specifier) => specifier[kind] === "type"));
    const check = (kind) => (node) => {
      if (isClientModule && node.source && serverModule.test(node.source.value) && !typeOnly(node, kind)) context.report({ node: node.source, messageId: "server" });
    };
    return {
      Program(program) {
        isClientModule = false;
        for (const statement of program.body) {
          if (statement.directive === undefined) break;
          if (statement.directive === "use client") isClientModule = true;
        }
      },
      ImportDeclaration: check("importKind"),
      ExportNamedDeclaration: check("exportKind"),
      ExportAllDeclaration: check("exportKind"),
      ImportExpression: check("importKind"),
    };
  },
};

export default tseslint.config(
  { ignores: [".next/**", "dist/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/consistent-type-imports": ["warn", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from src/env.ts, where it is validated." },
      ],
    },
  },
  {
    // Where configuration is defined, and tooling that runs outside the app.
    files: ["src/env.ts", "src/server/testing/**", "*.config.*", "scripts/**", "bench/**", "e2e/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Browser code. src/trpc/server.ts (the server-component caller) and require-viewer.ts (which uses it) are
    // server-only by design; src/app is routes, layouts and server pages, checked by its "use client" modules.
    files: ["src/components/**", "src/lib/**", "src/trpc/**"],
    ignores: ["src/trpc/server.ts", "src/trpc/require-viewer.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ regex: SERVER_MODULE, allowTypeImports: true, message: SERVER_IMPORT_MESSAGE }] }],
    },
  },
  {
    files: ["src/app/**"],
    plugins: { coterie: { rules: { "client-module-imports": clientModuleImports } } },
    rules: { "coterie/client-module-imports": "error" },
  },
  {
    files: ["**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
