/**
 * A token bucket, as a pure value with `now` passed in: up to `burst` events at once, then `perSecond` sustained.
 * Used wherever one sender's messages are limited in memory (signaling sockets, room seats); limits that must hold
 * across servers live in Postgres (server/rate-limit).
 */
export type TBucketRule = { burst: number; perSecond: number };
export type TTokenBucket = { tokens: number; updatedAt: number };

export function newTokenBucket(rule: TBucketRule, now: number): TTokenBucket {
  return { tokens: rule.burst, updatedAt: now };
}

/** Takes one event's token; false when the sender has outrun the sustained rate for a whole burst. */
export function takeToken(bucket: TTokenBucket, rule: TBucketRule, now: number): boolean {
  const refill = (Math.max(0, now - bucket.updatedAt) / 1000) * rule.perSecond;
  bucket.tokens = Math.min(rule.burst, bucket.tokens + refill);
  bucket.updatedAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
