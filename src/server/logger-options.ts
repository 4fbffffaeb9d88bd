/**
 * How Coterie's logs are written: JSON lines (pretty in development). Known secret-bearing fields are redacted
 * wherever they appear, so passing a config or request object by mistake leaks nothing, and errors go through
 * safeErrorOf, which leaves out the query parameters and row values they carry. Kept apart from logger.ts so a
 * test can build the same logger around a stream of its own before the app's logger exists.
 */
import type { LoggerOptions } from "pino";
import { safeErrorOf } from "./log-safe-error";

export const REDACTED_FIELDS = [
  "password",
  "token",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "credential",
  "AUTH_SECRET",
  "TURN_SECRET",
  "DATABASE_URL",
];

export function loggerOptions(level: LoggerOptions["level"], pretty: boolean): LoggerOptions {
  return {
    level,
    serializers: { err: safeErrorOf, error: safeErrorOf },
    redact: {
      paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
      censor: "[redacted]",
    },
    transport: pretty ? { target: "pino-pretty", options: { translateTime: "HH:MM:ss" } } : undefined,
  };
}
