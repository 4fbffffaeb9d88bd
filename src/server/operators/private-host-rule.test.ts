import { describe, expect, it } from "vitest";
import { PRIVATE_HOST_RULES_MAX, ZPrivateHostRule, ZPrivateHostRules } from "./private-host-rule";

const isPrivateHostRule = (rule: string) => ZPrivateHostRule.safeParse(rule).success;

describe("private host rules", () => {
  it.each([
    "localhost",
    "localhost:11434",
    "ollama.lan",
    "gpu-box.home.arpa:8080",
    "192.168.1.20",
    "192.168.1.20:8080",
    "10.0.0.0/8",
    "169.254.0.0/16",
    "::1",
    "[::1]",
    "[::1]:11434",
    "fd00::/8",
    "[fe80::1]:443",
  ])("accepts %s", (rule) => {
    expect(isPrivateHostRule(rule)).toBe(true);
  });

  it.each([
    ["an empty entry", ""],
    ["a URL", "http://localhost:11434"],
    ["a path", "localhost/v1"],
    ["a port out of range", "localhost:70000"],
    ["port zero", "localhost:0"],
    ["two ports", "localhost:1:2"],
    ["an impossible IPv4 address", "999.1.1.1"],
    ["a prefix too long for IPv4", "10.0.0.0/33"],
    ["a prefix too long for IPv6", "fd00::/129"],
    ["a prefix on a hostname", "ollama.lan/24"],
    ["junk in a bare IPv6 address", "::1:11434:x"],
    ["an IPv4 address in brackets", "[127.0.0.1]:80"],
    ["a label starting with a hyphen", "-bad.lan"],
    ["a wildcard", "*.lan"],
    ["spaces inside", "my host"],
  ])("refuses %s", (_, rule) => {
    expect(isPrivateHostRule(rule)).toBe(false);
  });

  it("normalizes the list: trimmed, lower-cased, each rule once", () => {
    expect(ZPrivateHostRules.parse([" Ollama.LAN:11434 ", "ollama.lan:11434", "10.0.0.0/8"])).toEqual(["ollama.lan:11434", "10.0.0.0/8"]);
  });

  it("names the entry that is wrong and caps the list", () => {
    const result = ZPrivateHostRules.safeParse(["localhost", "http://bad"]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: [1], message: expect.stringMatching(/^Not a host rule: "http:\/\/bad" is a URL/) as string });
    expect(ZPrivateHostRules.safeParse(Array.from({ length: PRIVATE_HOST_RULES_MAX + 1 }, (_, index) => `host${index}.lan`)).success).toBe(false);
  });
});
