/**
 * Every procedure either is on the short list of public ones, or refuses an anonymous caller; every procedure of
 * the admin router also refuses a signed-in member. New procedures join these tables automatically; a new public
 * one must be added to PUBLIC_PROCEDURES on purpose, and one under `admin.` cannot forget adminProcedure.
 */
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import type { TProcedureMeta } from "@/server/api/trpc";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, signedUpCaller } from "@/server/testing/trpc";

const PUBLIC_PROCEDURES = [
  "system.status",
  "auth.viewer",
  "auth.providers",
  "auth.registration",
  "auth.signUp",
  "auth.holdInvite",
  "auth.signIn",
  "auth.passwordResetLink",
  "auth.resetPassword",
  "share.open",
  "share.unlock",
];

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: TProcedureMeta } }>);
const protectedPaths = procedures.filter(([, procedure]) => procedure._def.meta?.requiresSession).map(([path]) => path);
const adminPaths = procedures.filter(([, procedure]) => procedure._def.meta?.requiresAdmin).map(([path]) => path);

it("every procedure is either deliberately public or protected", () => {
  const unprotected = procedures.filter(([, procedure]) => !procedure._def.meta?.requiresSession).map(([path]) => path);
  expect(unprotected.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
  expect(protectedPaths).toEqual(
    expect.arrayContaining(["auth.signOut", "account.devices", "account.revokeDevice", "account.profile", "account.delete", "characters.list", "characters.byId"]),
  );
});

it("every procedure of the admin router, and only those, is for administrators", () => {
  const underAdmin = procedures.map(([path]) => path).filter((path) => path.startsWith("admin."));
  expect(underAdmin.length).toBeGreaterThan(0);
  expect([...adminPaths].sort()).toEqual([...underAdmin].sort());
  // Admin procedures are signed-in procedures too: an anonymous caller gets UNAUTHORIZED, not FORBIDDEN.
  expect(protectedPaths).toEqual(expect.arrayContaining(adminPaths));
});

async function call(caller: unknown, path: string): Promise<unknown> {
  let procedure: unknown = caller;
  for (const segment of path.split(".")) procedure = (procedure as Record<string, unknown>)[segment];
  return (procedure as (input: unknown) => Promise<unknown>)(undefined).catch((error: unknown) => error);
}

describeWithDatabases("anonymous callers", (database) => {
  it.each(protectedPaths)("are refused by %s", async (path) => {
    const refusal = await call(await createTestCaller(database()), path);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describeWithDatabases("members who are not administrators", (database) => {
  let member: Awaited<ReturnType<typeof signedUpCaller>> | undefined;
  const memberCaller = async () => {
    if (!member) {
      // The database's first account is its administrator; the second is an ordinary member.
      await signedUpCaller(database(), "first");
      member = await signedUpCaller(database(), "member");
    }
    return member.caller;
  };

  it.each(adminPaths)("are refused by %s", async (path) => {
    const refusal = await call(await memberCaller(), path);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "FORBIDDEN", message: "Only an administrator can do that." });
  });
});
