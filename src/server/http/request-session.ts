/** Session resolution for plain route handlers (uploads, downloads), the same way tRPC resolves it. */
import type { z } from "zod";
import { sessionTokenFromCookieHeader } from "@/server/auth/session-cookie";
import { resolveSession, type TResolvedSession } from "@/server/auth/sessions";
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import { isSameOriginRequest } from "./same-origin";

export function sessionOfRequest(db: TDatabase, request: Request): Promise<TResolvedSession | null> {
  return resolveSession(db, sessionTokenFromCookieHeader(request.headers.get("cookie")), request.headers);
}

/** Reads a request body, refusing it as soon as it passes `maxBytes` (Content-Length can lie or be absent). */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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
  const session = await sessionOfRequest(db, request);
  if (!session) return { ok: false, response: Response.json({ error: "Sign in to continue." }, { status: 401 }) };
  return { ok: true, session };
}

export type TJsonBody<T> = { ok: true; data: T } | { ok: false; response: Response };

/** A JSON body within `maxBytes`, validated; or the 400/413 answer to send instead. */
export async function readJsonBody<T>(request: Request, maxBytes: number, schema: z.ZodType<T>): Promise<TJsonBody<T>> {
  const bytes = await readBodyWithLimit(request, maxBytes);
  if (!bytes) return { ok: false, response: Response.json({ error: "The request is too large." }, { status: 413 }) };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { ok: false, response: Response.json({ error: "Send the request as JSON." }, { status: 400 }) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, response: Response.json({ error: parsed.error.issues[0]?.message ?? "Invalid request.", issues: parsed.error.issues }, { status: 400 }) };
  return { ok: true, data: parsed.data };
}
