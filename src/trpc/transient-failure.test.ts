import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isTransientFailure } from "./transient-failure";

const answered = (httpStatus: number) => new TRPCClientError("refused", { result: { error: { message: "refused", code: -32600, data: { httpStatus } } } });

describe("isTransientFailure", () => {
  it("retries what got no answer or a server failure", () => {
    expect(isTransientFailure(TRPCClientError.from(new TypeError("Failed to fetch")))).toBe(true);
    expect(isTransientFailure(new TypeError("Failed to fetch"))).toBe(true);
    expect(isTransientFailure(answered(502))).toBe(true);
    expect(isTransientFailure(answered(429))).toBe(true);
  });

  it("does not retry a refusal", () => {
    expect(isTransientFailure(answered(404))).toBe(false);
    expect(isTransientFailure(answered(403))).toBe(false);
  });
});
