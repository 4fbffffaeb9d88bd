/** Structured logs (see logger-options.ts for what they hold and leave out), one logger per process. */
import pino, { type Logger } from "pino";
import { env } from "@/env";
import { loggerOptions } from "./logger-options";
import { processGlobal } from "./process-global";

const sharedLogger = processGlobal<Logger>("logger");

/** Shared by the custom server and the Next.js bundles; a test may install its own first. */
export const logger: Logger =
  sharedLogger.get() ??
  pino(loggerOptions(env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL, env.NODE_ENV === "development"));
sharedLogger.set(logger);

export const REQUEST_ID_HEADER = "x-request-id";
