import { describe, expect, it } from "vitest";
import { addressIdentity } from "./address-identity";

describe("addressIdentity", () => {
  it("counts an IPv4 address as itself, mapped or not", () => {
    expect(addressIdentity("192.0.2.1")).toBe("192.0.2.1");
    expect(addressIdentity("::ffff:192.0.2.1")).toBe("192.0.2.1");
  });

  it("counts every address of one IPv6 /64 as one", () => {
    const home = addressIdentity("2001:db8:1:2:aaaa::1");
    expect(addressIdentity("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(home);
    expect(addressIdentity("2001:0db8:0001:0002::")).toBe(home);
    expect(addressIdentity("2001:db8:1:3::1")).not.toBe(home);
    expect(home).toBe("2001:db8:1:2::/64");
  });

  it("keeps anything else as a bounded opaque key", () => {
    expect(addressIdentity("unknown")).toBe("unknown");
    expect(addressIdentity("x".repeat(500))).toHaveLength(64);
  });
});
