import { describe, expect, it } from "vitest";
import { newLongSlug, newShortSlug, SHORT_SLUG_LENGTH, slugSchema, SLUG_PATTERN } from "./slugs";

describe("link slugs", () => {
  it("makes short slugs of base58 characters and readable long ones, both accepted by the slug pattern", () => {
    const short = newShortSlug();
    expect(short).toMatch(new RegExp(`^[1-9A-HJ-NP-Za-km-z]{${SHORT_SLUG_LENGTH}}$`));
    expect(newLongSlug()).toMatch(/^[a-z]+-[a-z]+-[1-9A-HJ-NP-Za-km-z]{8}$/);
    expect(SLUG_PATTERN.test(short) && SLUG_PATTERN.test(newLongSlug())).toBe(true);
    expect(SLUG_PATTERN.test("../etc/passwd")).toBe(false);
  });

  it("refuses anything else in the words of the link it is for", () => {
    const roomSlug = slugSchema("Not a room link.");
    expect(roomSlug.parse(newLongSlug())).toMatch(/-/);
    expect(roomSlug.safeParse("../etc/passwd").error?.issues[0]?.message).toBe("Not a room link.");
  });

  it("does not repeat itself", () => {
    const slugs = new Set(Array.from({ length: 10_000 }, newShortSlug));
    expect(slugs.size).toBe(10_000);
  });
});
