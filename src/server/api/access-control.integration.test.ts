/**
 * Every procedure either is on the short list of public ones, or refuses an anonymous caller. New procedures
 * join this table automatically; a new public one must be added to PUBLIC_PROCEDURES on purpose.
 */
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller } from "@/server/testing/trpc";

const PUBLIC_PROCEDURES = ["system.status", "auth.viewer", "auth.providers", "auth.signUp", "auth.signIn", "share.open", "share.unlock"];

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { requiresSession?: boolean } } }>);
const protectedPaths = procedures.filter(([, procedure]) => procedure._def.meta?.requiresSession).map(([path]) => path);

it("every procedure is either deliberately public or protected", () => {
  const unprotected = procedures.filter(([, procedure]) => !procedure._def.meta?.requiresSession).map(([path]) => path);
  expect(unprotected.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
  expect(protectedPaths).toEqual(
    expect.arrayContaining(["auth.signOut", "account.devices", "account.revokeDevice", "account.profile", "account.delete", "characters.list", "characters.byId"]),
  );
});

describeWithDatabases("anonymous callers", (database) => {
  it.each(protectedPaths)("are refused by %s", async (path) => {
    const caller = await createTestCaller(database());
    let procedure: unknown = caller;
    for (const segment of path.split(".")) procedure = (procedure as Record<string, unknown>)[segment];
    const refusal = await (procedure as (input: unknown) => Promise<unknown>)(undefined).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
