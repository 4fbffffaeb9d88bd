/**
 * Which body cap a tRPC request gets. Procedures that require a session refuse an anonymous caller before
 * they read their input, so only public ones (sign-in, sign-up, share links) ever read a stranger's body:
 * a request that names any of them, or a name that is no procedure, gets the small public cap; one that
 * names only session procedures gets the signed-in cap.
 */
import "server-only";
import { appRouter } from "@/server/api/root";
import type { TProcedureMeta } from "@/server/api/trpc";
import { BODY_LIMITS, type TBodyLimit } from "@/server/http/body-limits";

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: TProcedureMeta } } | undefined>;

function requiresSession(path: string): boolean {
  return Object.hasOwn(procedures, path) && procedures[path]?._def.meta?.requiresSession === true;
}

/** `pathname` is the request's, e.g. `/api/trpc/rooms.saveTranscript` or a batch `/api/trpc/a.b,c.d`. */
export function trpcBodyLimit(pathname: string): TBodyLimit {
  let paths: string[];
  try {
    paths = decodeURIComponent(pathname.slice(pathname.lastIndexOf("/") + 1)).split(",");
  } catch {
    return BODY_LIMITS.trpcPublic;
  }
  return paths.every(requiresSession) ? BODY_LIMITS.trpc : BODY_LIMITS.trpcPublic;
}
