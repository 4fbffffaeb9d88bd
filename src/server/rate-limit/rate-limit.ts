/**
 * Postgres-backed fixed-window rate limits. One atomic upsert per attempt: a row per action and identifier
 * counts attempts in the current window and starts a new window once the old one has passed.
 */
import { and, eq, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { rateLimitBuckets } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { countOf } from "@/lib/format/plural";

export type TRateLimitRule = {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
};

export type TRateLimitResult = {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
};

export async function consumeRateLimit(
  db: TDatabase,
  action: string,
  identifier: string,
  rule: TRateLimitRule,
): Promise<TRateLimitResult> {
  const key = `${action}:${identifier}`;
  const window = sql`make_interval(secs => ${rule.windowSeconds})`;
  const windowIsOver = sql`${rateLimitBuckets.windowStartedAt} + ${window} <= now()`;
  const [bucket] = await db
    .insert(rateLimitBuckets)
    .values({ key, count: 1, windowStartedAt: sql`now()`, expiresAt: sql`now() + ${window}` })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`case when ${windowIsOver} then 1 else ${rateLimitBuckets.count} + 1 end`,
        windowStartedAt: sql`case when ${windowIsOver} then now() else ${rateLimitBuckets.windowStartedAt} end`,
        expiresAt: sql`case when ${windowIsOver} then now() + ${window} else ${rateLimitBuckets.expiresAt} end`,
      },
    })
    .returning({
      count: rateLimitBuckets.count,
      secondsLeft: sql<number>`greatest(0, ceil(extract(epoch from ${rateLimitBuckets.expiresAt} - now())))::int`,
    });
  if (!bucket) throw new Error("rate limit upsert returned no row");
  return {
    allowed: bucket.count <= rule.limit,
    remaining: Math.max(0, rule.limit - bucket.count),
    retryAfterSeconds: bucket.secondsLeft,
  };
}

/** Consumes one attempt or throws RATE_LIMITED with a message a person can act on. */
export async function enforceRateLimit(
  db: TDatabase,
  action: string,
  identifier: string,
  rule: TRateLimitRule,
): Promise<void> {
  const result = await consumeRateLimit(db, action, identifier, rule);
  if (!result.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many attempts. Try again in ${formatWait(result.retryAfterSeconds)}.`,
      result.retryAfterSeconds,
    );
  }
}

export type TRateLimitAttempt = { action: string; identifier: string; rule: TRateLimitRule };

/** Counts one attempt against every bucket given; refuses with the longest wait if any of them is over. */
export async function enforceRateLimits(db: TDatabase, attempts: TRateLimitAttempt[]): Promise<void> {
  const results = await Promise.all(attempts.map(({ action, identifier, rule }) => consumeRateLimit(db, action, identifier, rule)));
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return;
  const wait = Math.max(...refused.map((result) => result.retryAfterSeconds));
  throw new AppError("RATE_LIMITED", `Too many attempts. Try again in ${formatWait(wait)}.`, wait);
}

/**
 * Takes back attempts that turned out fine, for limits that count failures only (sign-in, share passwords).
 * Counting first and refunding success, rather than counting failures afterwards, keeps parallel guesses from
 * all passing the check before any of them is recorded.
 */
export async function refundRateLimits(db: TDatabase, attempts: Omit<TRateLimitAttempt, "rule">[]): Promise<void> {
  for (const { action, identifier } of attempts) {
    await db
      .update(rateLimitBuckets)
      .set({ count: sql`greatest(${rateLimitBuckets.count} - 1, 0)` })
      .where(and(eq(rateLimitBuckets.key, `${action}:${identifier}`), sql`${rateLimitBuckets.expiresAt} > now()`));
  }
}

/** Drops buckets whose window has passed; they would start afresh anyway. */
export async function deleteExpiredRateLimitBuckets(db: TDatabase): Promise<void> {
  await db.delete(rateLimitBuckets).where(sql`${rateLimitBuckets.expiresAt} < now()`);
}

export function formatWait(seconds: number): string {
  if (seconds <= 1) return "a second";
  if (seconds < 60) return countOf(seconds, "second");
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : countOf(minutes, "minute");
}
