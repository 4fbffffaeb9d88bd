/**
 * tRPC setup: the request context, the error shape, and the procedure builders every router uses.
 * Authorization lives here, in the builders, so a router cannot forget it.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { TDatabase, TDatabaseDriver } from "@/server/db/client";
import { AppError, APP_ERROR_CODES } from "@/server/errors";
import { logger } from "@/server/logger";

export type TSession = {
  user: { id: string };
};

export type TRPCContext = {
  db: TDatabase;
  dbDriver: TDatabaseDriver;
  /** The caller's address as the custom server saw it (or the proxy said, with TRUST_PROXY). */
  clientIp: string;
  requestId: string | null;
  headers: Headers;
  session: TSession | null;
};

export type TCreateContextOptions = Omit<TRPCContext, "session"> & {
  resolveSession?: (headers: Headers) => Promise<TSession | null>;
};

export async function createTRPCContext({ resolveSession, ...options }: TCreateContextOptions): Promise<TRPCContext> {
  return { ...options, session: resolveSession ? await resolveSession(options.headers) : null };
}

const t = initTRPC.context<TRPCContext>().create({
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

/** Services throw AppError; this maps each code to its tRPC code once, for every procedure. */
const mapAppErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: APP_ERROR_CODES[cause.code], message: cause.message, cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ err: cause ?? result.error, path, requestId: ctx.requestId }, "procedure failed");
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapAppErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});
