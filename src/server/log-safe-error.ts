/**
 * What of an error may go into a log. Errors carry more than their message: Drizzle's query errors put the
 * query's parameters (password hashes, session tokens, sealed keys) into their message and a `params` field, the
 * database quotes offending values in its messages and `detail`, and the AI SDK's call errors hold the whole
 * request body (a person's chat). Only the type, a scrubbed message and stack, and fields known to be harmless are kept,
 * for the error and each of its causes.
 */
const SAFE_FIELDS = ["code", "errno", "syscall", "severity", "routine", "table_name", "column_name", "constraint_name", "table", "column", "constraint", "statusCode", "status", "isRetryable"] as const;
const MAX_DEPTH = 5;

export type TSafeError = { type: string; message: string; stack?: string; cause?: TSafeError; errors?: TSafeError[] } & Partial<Record<(typeof SAFE_FIELDS)[number], unknown>>;

function isErrorLike(value: unknown): value is Error {
  return typeof value === "object" && value !== null && typeof (value as Error).message === "string";
}

/** A PostgreSQL error (from postgres.js or PGlite): a SQLSTATE code and a severity. */
function isDatabaseError(error: Error): boolean {
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && typeof severity === "string";
}

/**
 * Drizzle: "Failed query: <sql>\nparams: <values>"; the SQL has placeholders, the values are what leak.
 * PostgreSQL quotes the offending value in its messages (`invalid input syntax for type integer: "…"`), and the
 * names it quotes are kept apart in the safe fields (constraint, column, table), so every quoted part goes.
 */
function scrubbedMessage(error: Error): string {
  const params = error.message.indexOf("\nparams:");
  if (error.message.startsWith("Failed query:") && params !== -1) return error.message.slice(0, params);
  if (isDatabaseError(error)) return error.message.replace(/"(?:[^"]|"")*"/g, '"…"');
  return error.message;
}

export function safeErrorOf(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error)) return error;
  const type = error.constructor.name === "Object" ? error.name : error.constructor.name;
  const message = scrubbedMessage(error);
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  const safe: TSafeError = { type, message, stack: [`${type}: ${message}`, ...frames].join("\n") };
  const source = error as unknown as Record<string, unknown>;
  for (const field of SAFE_FIELDS) if (source[field] !== undefined && typeof source[field] !== "object") safe[field] = source[field];
  if (depth < MAX_DEPTH && isErrorLike(error.cause)) safe.cause = safeErrorOf(error.cause, depth + 1) as TSafeError;
  if (depth < MAX_DEPTH && error instanceof AggregateError) safe.errors = error.errors.slice(0, 10).map((inner) => safeErrorOf(inner, depth + 1) as TSafeError);
  return safe;
}
