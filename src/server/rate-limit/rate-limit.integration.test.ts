import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { describeWithDatabases } from "@/server/testing/databases";
import { consumeRateLimit, deleteExpiredRateLimitBuckets, enforceRateLimit, formatWait } from "./rate-limit";

describeWithDatabases("rate limits", (database) => {
  it("allow up to the limit, then refuse with the wait", async () => {
    const { db } = database();
    const rule = { limit: 3, windowSeconds: 60 };
    const results = [];
    for (let attempt = 0; attempt < 5; attempt++) results.push(await consumeRateLimit(db, "sign-in", "ip-a", rule));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((result) => result.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(results[4]?.retryAfterSeconds).toBeGreaterThan(55);
    expect(results[4]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("count each action and identifier separately", async () => {
    const { db } = database();
    const rule = { limit: 1, windowSeconds: 60 };
    expect((await consumeRateLimit(db, "unlock", "ip-b", rule)).allowed).toBe(true);
    expect((await consumeRateLimit(db, "unlock", "ip-c", rule)).allowed).toBe(true);
    expect((await consumeRateLimit(db, "open", "ip-b", rule)).allowed).toBe(true);
    expect((await consumeRateLimit(db, "unlock", "ip-b", rule)).allowed).toBe(false);
  });

  it("start a new window once the old one has passed", async () => {
    const { db } = database();
    const rule = { limit: 1, windowSeconds: 1 };
    expect((await consumeRateLimit(db, "short", "ip-d", rule)).allowed).toBe(true);
    expect((await consumeRateLimit(db, "short", "ip-d", rule)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await consumeRateLimit(db, "short", "ip-d", rule)).allowed).toBe(true);
  });

  it("count concurrent attempts exactly", async () => {
    const { db } = database();
    const rule = { limit: 10, windowSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 25 }, () => consumeRateLimit(db, "burst", "ip-e", rule)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
  });

  it("throw a typed, readable error when enforced", async () => {
    const { db } = database();
    const rule = { limit: 1, windowSeconds: 120 };
    await enforceRateLimit(db, "enforced", "ip-f", rule);
    const refusal = await enforceRateLimit(db, "enforced", "ip-f", rule).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "RATE_LIMITED", message: "Too many attempts. Try again in 2 minutes." });
  });

  it("clean up only expired buckets", async () => {
    const { db } = database();
    await consumeRateLimit(db, "stale", "ip-g", { limit: 5, windowSeconds: 1 });
    await consumeRateLimit(db, "fresh", "ip-g", { limit: 5, windowSeconds: 600 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await deleteExpiredRateLimitBuckets(db);
    const keys = rows<{ key: string }>(await db.execute(sql`select key from rate_limit_buckets where key like '%:ip-g'`));
    expect(keys.map((row) => row.key)).toEqual(["fresh:ip-g"]);
  });
});

describe("formatWait", () => {
  it("speaks in seconds, then minutes", () => {
    expect(formatWait(1)).toBe("a second");
    expect(formatWait(42)).toBe("42 seconds");
    expect(formatWait(60)).toBe("a minute");
    expect(formatWait(61)).toBe("2 minutes");
  });
});
