import { describe, expect, it } from "vitest";
import { classifyAddress, inRange, parseIpAddress, unmapIpv4, type TAddressClass } from "./address-ranges";

function classOf(text: string): TAddressClass {
  const address = parseIpAddress(text);
  if (!address) throw new Error(`not an address: ${text}`);
  return classifyAddress(address);
}

describe("parseIpAddress", () => {
  it("reads IPv4 and every IPv6 spelling to the same value", () => {
    expect(parseIpAddress("127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    const mapped = { family: 6, value: 0xffff7f000001n };
    expect(parseIpAddress("::ffff:127.0.0.1")).toEqual(mapped);
    expect(parseIpAddress("::ffff:7f00:1")).toEqual(mapped);
    expect(parseIpAddress("0:0:0:0:0:ffff:7f00:0001")).toEqual(mapped);
    expect(parseIpAddress("::")).toEqual({ family: 6, value: 0n });
    expect(parseIpAddress("::1")).toEqual({ family: 6, value: 1n });
    expect(parseIpAddress("fe80::")).toEqual({ family: 6, value: 0xfe80n << 112n });
    expect(parseIpAddress("2001:db8::8:800:200c:417a")).toEqual({ family: 6, value: 0x20010db80000000000080800200c417an });
  });

  it("refuses what is not a plain address", () => {
    for (const text of ["", "localhost", "1.2.3", "256.1.1.1", "[::1]", "fe80::1%eth0", "127.0.0.1:80", "::1/128", "0x7f.0.0.1"]) {
      expect(parseIpAddress(text), text).toBeNull();
    }
  });
});

describe("classifyAddress", () => {
  const cases: [string, TAddressClass][] = [
    // IPv4, at the edges of each range
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["0.0.0.0", "unspecified"],
    ["0.255.255.255", "unspecified"],
    ["1.0.0.0", "public"],
    ["9.255.255.255", "public"],
    ["10.0.0.0", "private"],
    ["10.255.255.255", "private"],
    ["11.0.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.64.0.0", "carrier-nat"],
    ["100.127.255.255", "carrier-nat"],
    ["100.128.0.0", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.0.1", "link-local"],
    ["172.15.255.255", "public"],
    ["172.16.0.0", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.0", "public"],
    ["192.0.0.8", "reserved"],
    ["192.0.2.1", "documentation"],
    ["192.88.99.1", "reserved"],
    ["192.167.255.255", "public"],
    ["192.168.1.20", "private"],
    ["192.169.0.0", "public"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.20.0.0", "public"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    // Cloud metadata, including the one on a public address (Azure) and the one inside CGNAT (Alibaba)
    ["169.254.169.254", "cloud-metadata"],
    ["169.254.170.2", "cloud-metadata"],
    ["168.63.129.16", "cloud-metadata"],
    ["100.100.100.200", "cloud-metadata"],
    ["fd00:ec2::254", "cloud-metadata"],
    // IPv6
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "private"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001:2::1", "benchmarking"],
    ["2001::1", "reserved"],
    ["2001:20::1", "reserved"],
    ["100::1", "reserved"],
    ["4000::1", "reserved"],
    ["::ffff:0:1.2.3.4", "reserved"],
    ["64:ff9b:1::a00:1", "private"],
    // IPv4 inside IPv6: judged by the IPv4 address carried
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "cloud-metadata"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "reserved"],
    ["::8.8.8.8", "reserved"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::192.168.0.1", "private"],
    ["64:ff9b::169.254.169.254", "cloud-metadata"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:a00:1::", "private"],
    ["2002:808:808::1", "public"],
  ];
  it.each(cases)("%s is %s", (text, expected) => {
    expect(classOf(text)).toBe(expected);
  });
});

describe("inRange and unmapIpv4", () => {
  it("compares only the prefix, and only within one family", () => {
    const network = parseIpAddress("192.168.0.0")!;
    expect(inRange(parseIpAddress("192.168.255.1")!, network, 16)).toBe(true);
    expect(inRange(parseIpAddress("192.169.0.1")!, network, 16)).toBe(false);
    expect(inRange(parseIpAddress("8.8.8.8")!, network, 0)).toBe(true);
    expect(inRange(parseIpAddress("::ffff:192.168.0.1")!, network, 16)).toBe(false);
  });

  it("turns an IPv4-mapped address into its IPv4 address and leaves others alone", () => {
    expect(unmapIpv4(parseIpAddress("::ffff:192.168.0.1")!)).toEqual(parseIpAddress("192.168.0.1"));
    expect(unmapIpv4(parseIpAddress("64:ff9b::192.168.0.1")!)).toEqual(parseIpAddress("64:ff9b::192.168.0.1"));
    expect(unmapIpv4(parseIpAddress("10.0.0.1")!)).toEqual(parseIpAddress("10.0.0.1"));
  });
});
