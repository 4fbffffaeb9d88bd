import { APICallError, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { OutboundFetchError } from "@/server/net/outbound-errors";
import { describeProviderError } from "./provider-errors";

describe("describeProviderError for the guarded fetch's failures", () => {
  it("explains a refused address in the same words however the SDK wrapped it", () => {
    const refused = new OutboundFetchError("refused");
    const wrapped = new APICallError({ message: "Cannot connect to API", url: "http://10.0.0.1/v1", requestBodyValues: {}, cause: refused });
    const retried = new RetryError({ message: "failed after 1 attempt", reason: "maxRetriesExceeded", errors: [wrapped] });
    const failures = [refused, wrapped, retried].map((error) => describeProviderError(error, "Home box"));
    for (const failure of failures) expect(failure).toEqual(failures[0]);
    expect(failures[0]?.kind).toBe("refused_address");
    expect(failures[0]?.message).toMatch(/^Home box: The server refused this address\. .*ALLOW_PRIVATE_HOSTS/);
    expect(failures[0]?.message).not.toContain("10.0.0.1");
  });

  it("says when the answer took too long or was too large", () => {
    expect(describeProviderError(new OutboundFetchError("timed_out"), "OpenAI")).toMatchObject({ kind: "unreachable", message: expect.stringMatching(/^OpenAI: The server stopped waiting/) as string });
    expect(describeProviderError(new OutboundFetchError("too_large"), "OpenAI")).toEqual({ kind: "provider_error", message: "OpenAI: The answer was larger than the server accepts." });
  });
});
