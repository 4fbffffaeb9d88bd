import { describe, expect, it } from "vitest";
import { KeyIndex } from "./key-index";

describe("KeyIndex", () => {
  it("finds every key that occurs, as a substring, including short and overlapping ones", () => {
    const index = new KeyIndex(["dragon", "drag", "on", "lighthouse", "house", "absent", "x"]);
    expect([...index.findIn("the dragons near the lighthouse")].sort()).toEqual(["drag", "dragon", "house", "lighthouse", "on"]);
  });

  it("finds keys at the very start and end, and nothing in an empty text", () => {
    const index = new KeyIndex(["abc", "xyz"]);
    expect([...index.findIn("abc-xyz")].sort()).toEqual(["abc", "xyz"]);
    expect(index.findIn("").size).toBe(0);
  });
});
