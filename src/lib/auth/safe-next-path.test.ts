import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path";

describe("safeNextPath", () => {
  it.each([
    ["/", "/"],
    ["/settings/devices", "/settings/devices"],
    ["/chats/cht_abc123?tab=memories#latest", "/chats/cht_abc123?tab=memories#latest"],
    ["/s/4kT9xQ2mWv8z", "/s/4kT9xQ2mWv8z"],
    ["/rooms/quiet-harbor-42", "/rooms/quiet-harbor-42"],
    ["/search?q=caf%C3%A9", "/search?q=caf%C3%A9"],
  ])("keeps the same-origin path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ["nothing", null],
    ["an empty value", ""],
    ["a relative path", "settings"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a protocol-relative URL", "//evil.example"],
    ["a backslash that browsers read as a slash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a tab that browsers drop", "/\t/evil.example"],
    ["a newline that browsers drop", "/\n/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["an encoded slash making it protocol-relative", "/%2Fevil.example"],
    ["an encoded newline", "/%0a/evil.example"],
    ["broken percent-encoding", "/%E0%A4%A"],
    ["a NUL byte", "/\u0000/evil.example"],
    ["dot segments that collapse into //", "/..//evil.example"],
    ["something enormous", `/${"a".repeat(2001)}`],
  ])("sends %s home", (_, next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("never returns anything that resolves to another origin", () => {
    const tricky = ["/\\/evil.example", "/\t\\evil.example", "/ /evil.example", "/..//evil.example", "/.%2e//evil.example", "/@evil.example"];
    for (const next of tricky) {
      expect(new URL(safeNextPath(next), "https://coterie.example").origin).toBe("https://coterie.example");
    }
  });
});
