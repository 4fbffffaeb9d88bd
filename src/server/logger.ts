/**
 * Structured logs. JSON lines in production (for any log shipper), pretty in development. Known secret-bearing
 * fields are redacted wherever they appear, so passing a config or request object by mistake leaks nothing.
 */
import pino, { type Logger, type LoggerOptions } from "pino";
import { env } from "@/env";
import { processGlobal } from "./process-global";

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
    redact: {
      paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
      censor: "[redacted]",
    },
    transport: pretty ? { target: "pino-pretty", options: { translateTime: "HH:MM:ss" } } : undefined,
  };
}

const sharedLogger = processGlobal<Logger>("logger");

/** One logger per process, shared by the custom server and the Next.js bundles. */
export const logger: Logger =
  sharedLogger.get() ??
  pino(loggerOptions(env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL, env.NODE_ENV === "development"));
sharedLogger.set(logger);

export const REQUEST_ID_HEADER = "x-request-id";
