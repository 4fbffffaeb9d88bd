import pino from "pino";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "./logger-options";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino(loggerOptions("info", false), stream), lines };
}

describe("logger", () => {
  it("redacts secrets at any depth and keeps the rest", () => {
    const { log, lines } = capture();
    log.info(
      {
        password: "hunter2hunter2",
        user: { token: "tok-123", name: "ada" },
        request: { headers: { authorization: "Bearer abc", cookie: "sid=1" } },
        config: { AUTH_SECRET: "master-secret", DATABASE_URL: "postgres://u:pw@db/x" },
      },
      "event",
    );
    const line = lines.join("");
    for (const secret of ["hunter2hunter2", "tok-123", "Bearer abc", "sid=1", "master-secret", "u:pw@db"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('"name":"ada"');
    expect(line).toContain("[redacted]");
  });
});
