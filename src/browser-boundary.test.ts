/**
 * The lint rule that keeps server code out of the browser (eslint.config.mjs), run through ESLint's own API with
 * the project's config: each snippet is linted as if it were the file named, so the rule's scoping is tested too.
 * Type-aware rules are switched off here: the boundary needs no types, and building the program takes a minute.
 */
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";

const BOUNDARY_RULES = new Set(["@typescript-eslint/no-restricted-imports", "coterie/client-module-imports"]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, ".."), overrideConfig: tseslint.configs.disableTypeChecked });
});

/** The boundary's complaints about `code` linted as if it were `filePath`. */
async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((message) => message.ruleId && BOUNDARY_RULES.has(message.ruleId)).map((message) => message.message);
}

const runtimeImport = `import { db } from "@/server/db";\nexport const database = db;\n`;
const typeImport = `import type { TDatabase } from "@/server/db/client";\nexport type TAlias = TDatabase;\n`;
const inlineTypeImport = `import { type TDatabase } from "@/server/db/client";\nexport type TAlias = TDatabase;\n`;
const browserMessage = /Browser code must not import server code/;

// The first lint loads the config and its plugins: seconds on a busy machine.
describe("the browser boundary", { timeout: 30_000 }, () => {
  it.each([
    ["a component", "src/components/auth/account-slot.tsx"],
    ["shared code", "src/lib/base58.ts"],
    ["the browser tRPC client", "src/trpc/react.tsx"],
  ])("refuses a runtime import of server code in %s, and allows its types", async (_, filePath) => {
    expect(await boundaryErrors(filePath, runtimeImport)).toEqual([expect.stringMatching(browserMessage)]);
    expect(await boundaryErrors(filePath, `export { db } from "@/server/db";\n`)).toEqual([expect.stringMatching(browserMessage)]);
    expect(await boundaryErrors(filePath, `export { db } from "../../server/db";\n`)).toEqual([expect.stringMatching(browserMessage)]);
    expect(await boundaryErrors(filePath, typeImport)).toEqual([]);
    expect(await boundaryErrors(filePath, inlineTypeImport)).toEqual([]);
  });

  it("leaves the server-component caller and server pages free to call the server", async () => {
    expect(await boundaryErrors("src/trpc/server.ts", runtimeImport)).toEqual([]);
    expect(await boundaryErrors("src/app/layout.tsx", runtimeImport)).toEqual([]);
  });

  it("holds a page marked \"use client\" to the same rule", async () => {
    expect(await boundaryErrors("src/app/page.tsx", `"use client";\n${runtimeImport}`)).toEqual([expect.stringMatching(browserMessage)]);
    expect(await boundaryErrors("src/app/page.tsx", `"use client";\nimport "@/server/logger";\n`)).toEqual([expect.stringMatching(browserMessage)]);
    expect(await boundaryErrors("src/app/page.tsx", `"use client";\n${typeImport}`)).toEqual([]);
    expect(await boundaryErrors("src/app/page.tsx", `"use client";\n${inlineTypeImport}`)).toEqual([]);
  });

  it("does not mistake the tRPC server caller's path for server code", async () => {
    expect(await boundaryErrors("src/components/auth/account-slot.tsx", `import { serverApi } from "@/trpc/server";\nexport const api = serverApi;\n`)).toEqual([]);
  });
});
