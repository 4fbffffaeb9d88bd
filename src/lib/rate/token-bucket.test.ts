import { describe, expect, it } from "vitest";
import { newTokenBucket, takeToken } from "./token-bucket";

const rule = { burst: 5, perSecond: 2 };

describe("token bucket", () => {
  it("allows a burst, then the sustained rate", () => {
    const bucket = newTokenBucket(rule, 0);
    expect(Array.from({ length: 6 }, () => takeToken(bucket, rule, 0))).toEqual([true, true, true, true, true, false]);
    expect(takeToken(bucket, rule, 499)).toBe(false);
    expect(takeToken(bucket, rule, 500)).toBe(true);
    expect(takeToken(bucket, rule, 500)).toBe(false);
  });

  it("refills no further than the burst, and ignores a clock that goes back", () => {
    const bucket = newTokenBucket(rule, 0);
    for (let event = 0; event < 5; event++) takeToken(bucket, rule, 0);
    let allowed = 0;
    while (takeToken(bucket, rule, 60_000)) allowed++;
    expect(allowed).toBe(rule.burst);
    expect(takeToken(bucket, rule, 10_000)).toBe(false);
  });
});
