/** Session resolution for plain route handlers (uploads, downloads), the same way tRPC resolves it. */
import { sessionTokenFromCookieHeader } from "@/server/auth/session-cookie";
import { resolveSession, type TResolvedSession } from "@/server/auth/sessions";
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import { expectedErrorResponse } from "./error-response";
import { isSameOriginRequest } from "./same-origin";

export function sessionOfRequest(db: TDatabase, request: Request): Promise<TResolvedSession | null> {
  return resolveSession(db, sessionTokenFromCookieHeader(request.headers.get("cookie")), request.headers);
}

export type TGuardResult = { ok: true; session: TResolvedSession } | { ok: false; response: Response };

/**
 * The checks every authenticated route handler makes: a signed-in session, and for state-changing requests
 * a same-origin caller. Returns the session, or the response to send instead.
 */
export async function guardRouteRequest(db: TDatabase, request: Request, { changesState }: { changesState: boolean }): Promise<TGuardResult> {
  if (changesState && !isSameOriginRequest(request.headers, env.TRUST_PROXY !== null)) {
    return { ok: false, response: Response.json({ error: "Cross-site requests are not allowed." }, { status: 403 }) };
  }
  let session: TResolvedSession | null;
  try {
    session = await sessionOfRequest(db, request);
  } catch (error) {
    // The handler's first query: while the database is down, this is where its 503 comes from.
    return { ok: false, response: expectedErrorResponse(error) };
  }
  if (!session) return { ok: false, response: Response.json({ error: "Sign in to continue." }, { status: 401 }) };
  return { ok: true, session };
}
