import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFromHeaders, clientIpOf } from "./request-meta";

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress },
    connection: { remoteAddress },
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  } as unknown as IncomingMessage;
}

describe("clientIpOf", () => {
  it("uses the socket address unless a proxy is trusted", () => {
    expect(clientIpOf(request("10.0.0.5", "198.51.100.7"), null)).toBe("10.0.0.5");
  });

  it("takes the rightmost address the trusted hops did not add, never a forged leftmost one", () => {
    // The client wrote "6.6.6.6" itself; the one proxy in front appended the address it really saw.
    expect(clientIpOf(request("10.0.0.1", "6.6.6.6, 198.51.100.7"), { hops: 1 })).toBe("198.51.100.7");
    expect(clientIpOf(request("10.0.0.1", "198.51.100.7"), { hops: 1 })).toBe("198.51.100.7");
    expect(clientIpOf(request("10.0.0.5"), { hops: 1 })).toBe("10.0.0.5");
    // Two proxies: the second-nearest appended the client, the nearest appended the second.
    expect(clientIpOf(request("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2"), { hops: 2 })).toBe("198.51.100.7");
  });

  it("skips only the trusted ranges", () => {
    const trust = { ranges: ["loopback", "10.0.0.0/8"] };
    expect(clientIpOf(request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3"), trust)).toBe("198.51.100.7");
    // An untrusted socket is itself the client, whatever it forwards.
    expect(clientIpOf(request("203.0.113.9", "198.51.100.7"), trust)).toBe("203.0.113.9");
  });
});

describe("clientIpFromHeaders", () => {
  it("reads the address the server stamped", () => {
    expect(clientIpFromHeaders(new Headers({ [CLIENT_IP_HEADER]: "192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientIpFromHeaders(new Headers())).toBe("unknown");
  });
});
