import { APP_ERROR_HTTP_STATUS, type AppError } from "@/server/errors";

/** An AppError as a plain route handler's answer: its status, its message, and Retry-After when rate-limited. */
export function appErrorResponse(error: AppError): Response {
  const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return Response.json({ error: error.message, code: error.code }, { status: APP_ERROR_HTTP_STATUS[error.code], headers });
}
