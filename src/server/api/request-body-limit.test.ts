import { expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { trpcBodyLimit } from "./request-body-limit";

const at = (path: string) => trpcBodyLimit(`/api/trpc/${path}`);

it("gives requests that name only session procedures the signed-in cap", () => {
  expect(at("rooms.saveTranscript")).toBe(BODY_LIMITS.trpc);
  expect(at("characters.update,characters.saveLorebook")).toBe(BODY_LIMITS.trpc);
  expect(at(encodeURIComponent("characters.update,rooms.saveTranscript"))).toBe(BODY_LIMITS.trpc);
});

it("gives anything a stranger can reach the small public cap", () => {
  expect(at("auth.signIn")).toBe(BODY_LIMITS.trpcPublic);
  // A batch is read once for all its calls, so one public call makes the whole body public.
  expect(at("rooms.saveTranscript,auth.signIn")).toBe(BODY_LIMITS.trpcPublic);
  for (const path of ["no.suchProcedure", "", "constructor", "__proto__", "rooms", "%E0%A4%A"]) expect(at(path)).toBe(BODY_LIMITS.trpcPublic);
});

it("follows each procedure's own rule", () => {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { requiresSession?: boolean } } }>;
  for (const [path, procedure] of Object.entries(procedures)) {
    expect(at(path), path).toBe(procedure._def.meta?.requiresSession ? BODY_LIMITS.trpc : BODY_LIMITS.trpcPublic);
  }
});
