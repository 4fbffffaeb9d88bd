import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("isSameOriginRequest", () => {
  it("trusts the browser's Sec-Fetch-Site", () => {
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "same-origin" }), false)).toBe(true);
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "none" }), false)).toBe(true);
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "cross-site", origin: "http://app.test", host: "app.test" }), false)).toBe(false);
    expect(isSameOriginRequest(headers({ "sec-fetch-site": "same-site" }), false)).toBe(false);
  });

  it("falls back to comparing Origin with Host", () => {
    expect(isSameOriginRequest(headers({ origin: "http://app.test:3000", host: "app.test:3000" }), false)).toBe(true);
    expect(isSameOriginRequest(headers({ origin: "http://evil.test", host: "app.test:3000" }), false)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: "null", host: "app.test" }), false)).toBe(false);
  });

  it("uses X-Forwarded-Host only behind a trusted proxy", () => {
    const proxied = headers({ origin: "https://coterie.example", host: "127.0.0.1:3000", "x-forwarded-host": "coterie.example" });
    expect(isSameOriginRequest(proxied, true)).toBe(true);
    expect(isSameOriginRequest(proxied, false)).toBe(false);
  });

  it("lets non-browser clients through (they carry no ambient cookies)", () => {
    expect(isSameOriginRequest(headers({}), false)).toBe(true);
  });
});
