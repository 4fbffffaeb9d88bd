import { databaseUnavailableError } from "@/server/db/unavailable";
import { AppError, APP_ERROR_HTTP_STATUS } from "@/server/errors";

/** An AppError as a plain route handler's answer: its status, its message, and Retry-After when it has one. */
export function appErrorResponse(error: AppError): Response {
  const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return Response.json({ error: error.message, code: error.code }, { status: APP_ERROR_HTTP_STATUS[error.code], headers });
}

/**
 * For a route handler's catch: an AppError's answer, or 503 with Retry-After when the database is out of reach.
 * Anything else is rethrown, to be logged and answered 500 as an unexpected failure.
 */
export function expectedErrorResponse(error: unknown): Response {
  const appError = error instanceof AppError ? error : databaseUnavailableError(error);
  if (!appError) throw error;
  return appErrorResponse(appError);
}
