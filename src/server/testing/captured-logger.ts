/**
 * The app's logger, replaced by one that keeps every line, for tests that read what the server logs. Call it from
 * `vi.hoisted` (before any module of the app is imported): the app's logger module takes the logger already in
 * its process slot (see logger.ts), so every module then logs here, through the app's own options.
 */
import { Writable } from "node:stream";
import pino, { type LevelWithSilent } from "pino";
import { loggerOptions } from "@/server/logger-options";

export function installCapturedLogger(level: LevelWithSilent): string[] {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  (globalThis as Record<symbol, unknown>)[Symbol.for("coterie.logger")] = pino(loggerOptions(level, false), stream);
  return lines;
}
