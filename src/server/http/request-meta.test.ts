import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFromHeaders, clientIpOf } from "./request-meta";

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress },
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  } as unknown as IncomingMessage;
}

describe("clientIpOf", () => {
  it("uses the socket address unless a proxy is trusted", () => {
    expect(clientIpOf(request("10.0.0.5", "198.51.100.7"), false)).toBe("10.0.0.5");
  });

  it("takes the first forwarded address behind a trusted proxy", () => {
    expect(clientIpOf(request("10.0.0.5", "198.51.100.7, 10.0.0.1"), true)).toBe("198.51.100.7");
    expect(clientIpOf(request("10.0.0.5"), true)).toBe("10.0.0.5");
  });
});

describe("clientIpFromHeaders", () => {
  it("reads the address the server stamped", () => {
    expect(clientIpFromHeaders(new Headers({ [CLIENT_IP_HEADER]: "192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientIpFromHeaders(new Headers())).toBe("unknown");
  });
});
