import { describe, expect, it } from "vitest";
import { newLongSlug, newShortSlug, SHORT_SLUG_LENGTH, ZSlug } from "./slugs";

describe("share slugs", () => {
  it("makes short slugs of base58 characters and readable long ones, both accepted by the slug pattern", () => {
    const short = newShortSlug();
    expect(short).toMatch(new RegExp(`^[1-9A-HJ-NP-Za-km-z]{${SHORT_SLUG_LENGTH}}$`));
    expect(newLongSlug()).toMatch(/^[a-z]+-[a-z]+-[1-9A-HJ-NP-Za-km-z]{8}$/);
    expect(ZSlug.test(short) && ZSlug.test(newLongSlug())).toBe(true);
    expect(ZSlug.test("../etc/passwd")).toBe(false);
  });

  it("does not repeat itself", () => {
    const slugs = new Set(Array.from({ length: 10_000 }, newShortSlug));
    expect(slugs.size).toBe(10_000);
  });
});
