import { describe, expect, it } from "vitest";
import { countOf } from "./plural";

describe("countOf", () => {
  it("puts the noun in the right number", () => {
    expect(countOf(1, "message")).toBe("1 message");
    expect(countOf(0, "message")).toBe("0 messages");
    expect(countOf(2, "entry", "entries")).toBe("2 entries");
    expect(countOf(12_000, "token")).toBe("12,000 tokens");
  });
});
