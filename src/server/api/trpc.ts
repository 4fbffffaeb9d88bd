/**
 * tRPC setup: the request context, the error shape, and the procedure builders every router uses.
 * Authorization lives here, in the builders, so a router cannot forget it.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { env } from "@/env";
import { containsNulCharacter, NUL_REFUSAL } from "@/lib/text/nul-characters";
import type { TDatabase, TDatabaseDriver } from "@/server/db/client";
import { databaseUnavailableError } from "@/server/db/unavailable";
import { AppError, APP_ERROR_CODES } from "@/server/errors";
import { serializeSessionCookie, sessionTokenFromCookieHeader } from "@/server/auth/session-cookie";
import { resolveSession, type TSessionUser } from "@/server/auth/sessions";
import { isSameOriginRequest } from "@/server/http/same-origin";
import { logger } from "@/server/logger";

export type TSession = {
  sessionId: string;
  user: TSessionUser;
};

export type TRPCContext = {
  db: TDatabase;
  dbDriver: TDatabaseDriver;
  /** The caller's address as the custom server saw it (or the proxy said, with TRUST_PROXY). */
  clientIp: string;
  requestId: string | null;
  headers: Headers;
  /** Where procedures set cookies; null when called in-process (server components, tests). */
  responseHeaders: Headers | null;
  /** The session cookie's value, for signing this device out. */
  sessionToken: string | null;
  session: TSession | null;
};

export type TCreateContextOptions = Omit<TRPCContext, "session" | "sessionToken">;

/** Resolves the caller's session from the cookie; a renewed session gets a refreshed cookie. */
export async function createTRPCContext(options: TCreateContextOptions): Promise<TRPCContext> {
  const sessionToken = sessionTokenFromCookieHeader(options.headers.get("cookie"));
  // Every request with a cookie reads the database here, before any procedure runs: an outage is a 503 already.
  const resolved = await resolveSession(options.db, sessionToken, options.headers).catch((error: unknown) => {
    throw expectedTRPCError(error) ?? error;
  });
  if (resolved?.renewed && sessionToken) {
    const maxAgeSeconds = Math.max(0, Math.floor((resolved.expires.getTime() - Date.now()) / 1000));
    options.responseHeaders?.append("set-cookie", serializeSessionCookie(sessionToken, { maxAgeSeconds }));
  }
  const session = resolved ? { sessionId: resolved.sessionId, user: resolved.user } : null;
  return { ...options, sessionToken: resolved ? sessionToken : null, session };
}

/**
 * `requiresSession` marks procedures built on protectedProcedure and `requiresAdmin` those built on
 * adminProcedure, so tests can find every one of them.
 */
export type TProcedureMeta = { requiresSession?: boolean; requiresAdmin?: boolean };

const t = initTRPC.context<TRPCContext>().meta<TProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const appError = error.cause instanceof AppError ? error.cause : null;
    const hidden = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // An unexpected failure says nothing about its internals; the log has the details.
      message: hidden ? "Something went wrong on our side. Please try again." : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodIssues: error.cause instanceof ZodError ? error.cause.issues : null,
        retryAfterSeconds: appError?.retryAfterSeconds ?? null,
      },
    };
  },
});

/** An AppError, or a database out of reach (as UNAVAILABLE), as its tRPC error; null for anything unexpected. */
function expectedTRPCError(cause: unknown): TRPCError | null {
  const appError = cause instanceof AppError ? cause : databaseUnavailableError(cause);
  return appError ? new TRPCError({ code: APP_ERROR_CODES[appError.code], message: appError.message, cause: appError }) : null;
}

/** Retry-After on HTTP responses whose errors say when to try again (a rate limit, an unreachable database). */
export function retryAfterResponseMeta({ errors }: { errors: TRPCError[] }): { headers?: Headers } {
  const seconds = Math.max(0, ...errors.map((error) => (error.cause instanceof AppError ? (error.cause.retryAfterSeconds ?? 0) : 0)));
  return seconds > 0 ? { headers: new Headers({ "retry-after": String(Math.ceil(seconds)) }) } : {};
}

/** Services throw AppError; this maps each code to its tRPC code once, for every procedure. */
const mapAppErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const expected = expectedTRPCError(cause);
  if (expected) throw expected;
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: cause ?? result.error, path, requestId: ctx.requestId }, "procedure failed");
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Mutations change state, so a page on another site must not be able to trigger them with the visitor's
 * cookie. SameSite=Lax already keeps the cookie off cross-site POSTs; this refuses them outright as well.
 */
const refuseCrossSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !isSameOriginRequest(ctx.headers, env.TRUST_PROXY !== null)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Cross-site requests are not allowed." });
  }
  return next();
});

/**
 * Refused for every procedure at once, before its own schema: the database could not store the text anyway.
 * Reading the input reads the request body, so for a procedure that needs a session this runs after the session
 * check: a stranger is refused without the server reading what they send (see http/body-limits).
 */
const refuseNulCharacters = t.middleware(async ({ getRawInput, next }) => {
  if (containsNulCharacter(await getRawInput())) throw new TRPCError({ code: "BAD_REQUEST", message: NUL_REFUSAL });
  return next();
});

const baseProcedure = t.procedure.use(mapAppErrors).use(refuseCrossSiteMutations);

export const publicProcedure = baseProcedure.use(refuseNulCharacters);

export const protectedProcedure = baseProcedure
  .meta({ requiresSession: true })
  .use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    return next({ ctx: { ...ctx, session: ctx.session } });
  })
  .use(refuseNulCharacters);

/** The instance's administrators only; the role is read afresh with the session on every request. */
export const adminProcedure = protectedProcedure.meta({ requiresAdmin: true }).use(({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only an administrator can do that." });
  return next({ ctx });
});
