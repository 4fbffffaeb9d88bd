import { describe, expect, it } from "vitest";
import { parseIpAddress } from "./address-ranges";
import { parseOutboundRule, permitsTarget, type TOutboundRule } from "./host-rules";

function rule(text: string): TOutboundRule {
  const parsed = parseOutboundRule(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.rule;
}

const ip = (text: string) => parseIpAddress(text)!;

describe("parseOutboundRule", () => {
  it("reads hostnames, with or without a port, in URL form", () => {
    expect(rule("localhost:11434")).toEqual({ kind: "host", hostname: "localhost", port: 11434 });
    expect(rule(" Ollama.LAN. ")).toEqual({ kind: "host", hostname: "ollama.lan", port: null });
    expect(rule("gpu_box.home.arpa:8080")).toEqual({ kind: "host", hostname: "gpu_box.home.arpa", port: 8080 });
    expect(rule("bücher.lan")).toEqual({ kind: "host", hostname: "xn--bcher-kva.lan", port: null });
  });

  it("reads IPv4 addresses and ranges, with or without a port", () => {
    expect(rule("127.0.0.1")).toEqual({ kind: "range", network: ip("127.0.0.1"), prefixLength: 32, port: null });
    expect(rule("192.168.1.20:11434")).toEqual({ kind: "range", network: ip("192.168.1.20"), prefixLength: 32, port: 11434 });
    expect(rule("10.0.0.0/8")).toEqual({ kind: "range", network: ip("10.0.0.0"), prefixLength: 8, port: null });
    expect(rule("100.64.0.0/10:443")).toEqual({ kind: "range", network: ip("100.64.0.0"), prefixLength: 10, port: 443 });
  });

  it("reads IPv6 addresses and ranges, bare or in brackets (needed for a port)", () => {
    expect(rule("::1")).toEqual({ kind: "range", network: ip("::1"), prefixLength: 128, port: null });
    expect(rule("[::1]")).toEqual({ kind: "range", network: ip("::1"), prefixLength: 128, port: null });
    expect(rule("[::1]:11434")).toEqual({ kind: "range", network: ip("::1"), prefixLength: 128, port: 11434 });
    expect(rule("fd00::/8")).toEqual({ kind: "range", network: ip("fd00::"), prefixLength: 8, port: null });
    expect(rule("[fd00::/8]:8080")).toEqual({ kind: "range", network: ip("fd00::"), prefixLength: 8, port: 8080 });
  });

  it("reads an IPv4-mapped address or range as the IPv4 one it maps", () => {
    expect(rule("::ffff:127.0.0.1")).toEqual({ kind: "range", network: ip("127.0.0.1"), prefixLength: 32, port: null });
    expect(rule("[::ffff:10.0.0.0/104]:80")).toEqual({ kind: "range", network: ip("10.0.0.0"), prefixLength: 8, port: 80 });
  });

  it.each([
    ["", "empty"],
    ["http://localhost:11434", "is a URL"],
    ["localhost:0", "port outside"],
    ["localhost:65536", "port outside"],
    ["localhost:", "port outside"],
    ["exa mple.lan", "not a hostname"],
    ["*.lan", "not a hostname"],
    ["-bad.lan", "not a hostname"],
    ["localhost/v1", "not a hostname"],
    ["ollama.lan/24", "not a hostname"],
    ["user@ollama.lan", "not a hostname"],
    ["ollama.lan?x", "not a hostname"],
    ["0x7f.1", "neither a hostname nor"],
    ["2130706433", "not an IPv4 address"],
    ["1.2.3", "not an IPv4 address"],
    ["300.1.1.1", "not an IPv4 address"],
    ["10.0.0.0/33", "prefix length outside"],
    ["10.0.0.1/8", "bits set past"],
    ["fd00::1/8", "bits set past"],
    ["::1/129", "prefix length outside"],
    ["::1:11434:zz", "not an IPv6 address"],
    ["[::1", "not [IPv6 address]"],
    ["[::1]x", "not [IPv6 address]"],
    ["[127.0.0.1]:80", "only an IPv6 address"],
    ["[localhost]", "only an IPv6 address"],
    ["[fe80::1%eth0]", "only an IPv6 address"],
  ])("refuses %j, saying why", (text, problem) => {
    const parsed = parseOutboundRule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe("permitsTarget", () => {
  const target = (hostname: string, port: number, ...addresses: string[]) => ({ hostname, port, addresses: addresses.map(ip) });

  it("lets public addresses through with no rules and refuses every other class", () => {
    expect(permitsTarget([], target("api.openai.com", 443, "162.159.140.245", "2606:4700::6812:1"))).toBe(true);
    for (const address of ["127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "169.254.169.254", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1"]) {
      expect(permitsTarget([], target("x.example", 80, address)), address).toBe(false);
    }
  });

  it("refuses a host if any one of its addresses is refused, and a host with none", () => {
    expect(permitsTarget([], target("mixed.example", 443, "8.8.8.8", "10.0.0.1"))).toBe(false);
    expect(permitsTarget([], target("empty.example", 443))).toBe(false);
  });

  it("matches a hostname rule on the name as written, not on what it resolves to", () => {
    const rules = [rule("localhost:11434")];
    expect(permitsTarget(rules, target("localhost", 11434, "127.0.0.1", "::1"))).toBe(true);
    expect(permitsTarget(rules, target("LOCALHOST.", 11434, "127.0.0.1"))).toBe(true);
    expect(permitsTarget(rules, target("localhost", 11435, "127.0.0.1"))).toBe(false);
    expect(permitsTarget(rules, target("127.0.0.1", 11434, "127.0.0.1"))).toBe(false);
    expect(permitsTarget(rules, target("evil.example", 11434, "127.0.0.1"))).toBe(false);
  });

  it("matches an address or range rule on every resolved address, and its port when it has one", () => {
    const rules = [rule("192.168.1.0/24"), rule("[::1]:8080")];
    expect(permitsTarget(rules, target("nas.lan", 5000, "192.168.1.20"))).toBe(true);
    expect(permitsTarget(rules, target("nas.lan", 5000, "192.168.2.20"))).toBe(false);
    expect(permitsTarget(rules, target("::1", 8080, "::1"))).toBe(true);
    expect(permitsTarget(rules, target("::1", 8081, "::1"))).toBe(false);
  });

  it("treats an IPv4-mapped address as its IPv4 address, and NAT64 forms as addresses of their own", () => {
    const rules = [rule("127.0.0.1")];
    expect(permitsTarget(rules, target("::ffff:7f00:1", 80, "::ffff:7f00:1"))).toBe(true);
    expect(permitsTarget(rules, target("64:ff9b::7f00:1", 80, "64:ff9b::7f00:1"))).toBe(false);
  });

  it("never opens a cloud metadata address, even under a rule that covers it", () => {
    const rules = [rule("169.254.0.0/16"), rule("100.64.0.0/10"), rule("metadata.google.internal"), rule("0.0.0.0/0")];
    expect(permitsTarget(rules, target("metadata.google.internal", 80, "169.254.169.254"))).toBe(false);
    expect(permitsTarget(rules, target("100.100.100.200", 80, "100.100.100.200"))).toBe(false);
    expect(permitsTarget(rules, target("::ffff:a9fe:a9fe", 80, "::ffff:a9fe:a9fe"))).toBe(false);
    expect(permitsTarget(rules, target("tailnet-box", 80, "100.101.102.103"))).toBe(true);
  });
});
