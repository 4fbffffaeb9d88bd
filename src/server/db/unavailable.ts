/**
 * "The database cannot be reached right now", told apart from "this query was wrong": the one place that reads
 * the drivers' failures, so every request path (tRPC context and procedures, route handlers, the health check)
 * answers an outage the same way, with 503 and Retry-After, and the log gets one line per outage, not a stack
 * per refused request.
 */
import "server-only";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { processGlobal } from "@/server/process-global";

export const DATABASE_UNAVAILABLE_MESSAGE = "Coterie cannot reach its database right now. Please try again in a few seconds.";
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** While an outage lasts, its warning is repeated at most this often, with the number of requests refused meanwhile. */
const WARNING_INTERVAL_MS = 60_000;

/**
 * SQLSTATE codes of a server that cannot serve now: class 08 (connection exception), 57P01/57P02 (shut down,
 * crashed: the connection was terminated), 57P03 (starting up or shutting down: no connections accepted yet),
 * 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** postgres.js's own codes for a connection that closed under a query, was ended, or did not open in time. */
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
/** Node's socket errors on the way to the server: nothing listens, the connection dropped, no route or no name. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** PGlite throws these (and no code) once it is closing or closed, i.e. while the server shuts down. */
const PGLITE_CLOSED_MESSAGES = new Set(["PGlite is closing", "PGlite is closed"]);

type TDriverFailure = Error & { code?: unknown; syscall?: unknown; severity?: unknown };

/**
 * Drizzle's DrizzleQueryError ("Failed query: …", the driver's error as its cause), told by its shape: the pool is
 * opened by the custom server's ESM copy of drizzle-orm and the error is caught in Next.js's bundles, which load
 * its CommonJS copy, so `instanceof` would say no.
 */
function isDrizzleQueryError(error: unknown): error is Error & { cause: unknown } {
  return error instanceof Error && error.message.startsWith("Failed query:") && "params" in error && "cause" in error;
}

/** The driver's own error: the cause of Drizzle's wrapper, or the error itself (a transaction that could not begin). */
function driverFailureOf(error: unknown): unknown {
  return isDrizzleQueryError(error) ? error.cause : error;
}

/**
 * Whether `error` says the database is out of reach. Only the driver's error itself is looked at (see
 * driverFailureOf), so a refused connection deeper inside another error (a provider's `fetch failed`) is not
 * taken for the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const failure = driverFailureOf(error);
  if (!(failure instanceof Error)) return false;
  const { code, syscall, severity } = failure as TDriverFailure;
  if (typeof code === "string") {
    if (typeof severity === "string") return UNAVAILABLE_SQLSTATE.test(code);
    // A Unix socket path that is gone: the server is not running.
    if (code === "ENOENT") return syscall === "connect";
    return DRIVER_CODES.has(code) || SOCKET_CODES.has(code);
  }
  return PGLITE_CLOSED_MESSAGES.has(failure.message);
}

/**
 * The AppError a request answers with when the database is out of reach (UNAVAILABLE: 503, Retry-After), or
 * null for any other error. Each one is counted towards the outage's warning in the log.
 */
export function databaseUnavailableError(error: unknown): AppError | null {
  if (!isDatabaseUnavailable(error)) return null;
  noteRefusedRequest(driverFailureOf(error));
  return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, DATABASE_RETRY_AFTER_SECONDS);
}

type TOutageNotice = { lastWarnedAt: number; refusedSinceWarning: number };

/** One per process, like the logger: the custom server and the Next.js bundles share it. */
const outageNotice = processGlobal<TOutageNotice>("database-outage-notice");

function noteRefusedRequest(failure: unknown): void {
  const notice = outageNotice.get() ?? { lastWarnedAt: Number.NEGATIVE_INFINITY, refusedSinceWarning: 0 };
  outageNotice.set(notice);
  notice.refusedSinceWarning++;
  const now = Date.now();
  if (now - notice.lastWarnedAt < WARNING_INTERVAL_MS) return;
  const { code, message } = failure as TDriverFailure;
  // The driver's code and message say what happened (refused, terminated, starting up); a stack would not.
  logger.warn(
    { code: typeof code === "string" ? code : undefined, reason: message, refusedRequests: notice.refusedSinceWarning },
    "database unavailable: requests are answered with 503 until it is back",
  );
  notice.lastWarnedAt = now;
  notice.refusedSinceWarning = 0;
}
