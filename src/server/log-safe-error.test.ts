import { DrizzleQueryError } from "drizzle-orm/errors";
import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { safeErrorOf } from "./log-safe-error";

describe("safeErrorOf", () => {
  it("keeps a failed query's SQL and leaves out its parameters, at any depth of causes", () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "sessions_pkey"'), {
      code: "23505",
      constraint_name: "sessions_pkey",
      detail: "Key (session_token)=(tok-SECRET-123) already exists.",
      parameters: ["tok-SECRET-123"],
    });
    const failed = new DrizzleQueryError('insert into "sessions" ("session_token") values ($1)', ["tok-SECRET-123"], driverError);
    const wrapped = new Error("sign-in failed", { cause: failed });
    const safe = JSON.stringify(safeErrorOf(wrapped));
    expect(safe).not.toContain("tok-SECRET-123");
    expect(safe).toContain('insert into \\"sessions\\"');
    expect(safe).toContain("23505");
    expect(safe).toContain("sessions_pkey");
  });

  it("leaves out the values PostgreSQL quotes in its messages, keeping the names in their own fields", () => {
    const driverError = Object.assign(new Error('invalid input syntax for type integer: "tok-SECRET-456"'), { code: "22P02", severity: "ERROR", routine: "pg_strtoint32" });
    expect(safeErrorOf(driverError)).toMatchObject({ message: 'invalid input syntax for type integer: "…"', code: "22P02" });
    // Other errors keep their message as it is.
    expect(safeErrorOf(new Error('Unknown "thing"'))).toMatchObject({ message: 'Unknown "thing"' });
  });

  it("leaves out what a provider call error carries of the request", () => {
    const error = new APICallError({ message: "Unauthorized", url: "https://api.example/v1/chat", requestBodyValues: { messages: [{ content: "my diary" }] }, statusCode: 401, responseBody: "{}" });
    const safe = safeErrorOf(error) as Record<string, unknown>;
    expect(JSON.stringify(safe)).not.toContain("my diary");
    expect(safe).toMatchObject({ type: "APICallError", message: "Unauthorized", statusCode: 401 });
  });

  it("passes anything that is not an error through", () => {
    expect(safeErrorOf("plain")).toBe("plain");
    expect(safeErrorOf(null)).toBeNull();
  });
});
