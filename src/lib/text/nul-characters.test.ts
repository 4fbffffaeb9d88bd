import { describe, expect, it } from "vitest";
import { containsNulCharacter, withoutNulCharacters, withoutNulCharactersDeep } from "./nul-characters";

describe("NUL characters", () => {
  it("are found in strings, nested values and object keys", () => {
    expect(containsNulCharacter("fine")).toBe(false);
    expect(containsNulCharacter("a\u0000b")).toBe(true);
    expect(containsNulCharacter({ list: [1, { deep: ["x", "y\u0000"] }] })).toBe(true);
    expect(containsNulCharacter({ "key\u0000": 1 })).toBe(true);
    expect(containsNulCharacter([null, undefined, 3, true, new Date(0)])).toBe(false);
  });

  it("are found anywhere in wide or deeply nested input", () => {
    const wide = Array.from({ length: 100_000 }, () => "clean");
    expect(containsNulCharacter(["first\u0000", ...wide])).toBe(true);
    let deep: unknown = "bottom\u0000";
    for (let level = 0; level < 50_000; level++) deep = [deep];
    expect(containsNulCharacter(deep)).toBe(true);
  });

  it("are removed from imported text, keys included", () => {
    expect(withoutNulCharacters("a\u0000b\u0000")).toBe("ab");
    expect(withoutNulCharacters("plain")).toBe("plain");
    expect(withoutNulCharactersDeep({ "na\u0000me": ["x\u0000", 1, null, { deep: "y\u0000" }] })).toEqual({ name: ["x", 1, null, { deep: "y" }] });
  });
});
