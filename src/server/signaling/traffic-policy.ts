/**
 * What one signaling socket may send, as pure rules with `now` passed in. PeerJS relays whatever a registered
 * socket writes and queues messages for peers that are not connected; on its own nothing bounds either. These
 * rules do: a token bucket per socket (lib/rate/token-bucket), a frame shape check, and a budget for the offline
 * queue.
 */
import { z } from "zod";
import { newTokenBucket, takeToken, type TBucketRule, type TTokenBucket } from "@/lib/rate/token-bucket";

export const SIGNALING_LIMITS = {
  /** Offers with many candidates are a few KiB; nothing legitimate comes near this. */
  maxFrameBytes: 64 * 1024,
  /** Sockets open from one address identity (an IPv4 address or an IPv6 /64): a household with many tabs fits. */
  socketsPerAddress: 64,
  /**
   * A room host whose seven guests all rejoin at once answers seven offers with a dozen candidates each: a burst of
   * ~100. Steady traffic is a heartbeat every 5 s. A socket that empties the bucket is flooding and is closed.
   */
  messageBurst: 200,
  messagesPerSecond: 50,
  /**
   * What all sockets of one address may send to one peer: however many sockets an address opens, it cannot bury a
   * peer (a share's uploader, whose ID is on every download page) in offers. An honest page sends one offer and a
   * few dozen candidates per connection.
   */
  toPeerBurst: 200,
  toPeerPerSecond: 50,
  /** PeerJS keeps a message for an absent peer 5 s (checked every second), then tells the sender it expired. */
  queueWindowMs: 6_000,
  queuedPerDestination: 64,
  queuedBytesTotal: 16 * 1024 * 1024,
} as const;

/** The only frames a PeerJS client sends; PeerJS itself stamps `src`, so a socket cannot speak for another peer. */
const RELAYED_TYPES = ["OFFER", "ANSWER", "CANDIDATE", "LEAVE"] as const;
const ZClientFrame = z.union([
  z.object({ type: z.literal("HEARTBEAT") }).loose(),
  z.object({ type: z.enum(RELAYED_TYPES), dst: z.string().regex(/^[\w-]{1,64}$/), payload: z.unknown().optional() }).loose(),
]);
export type TClientFrame = z.infer<typeof ZClientFrame>;

export function decodeClientFrame(data: string): TClientFrame | null {
  try {
    const parsed = ZClientFrame.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What one signaling socket may send before it is closed as a flood. */
export const SOCKET_MESSAGE_RULE: TBucketRule = { burst: SIGNALING_LIMITS.messageBurst, perSecond: SIGNALING_LIMITS.messagesPerSecond };
const TO_PEER_RULE: TBucketRule = { burst: SIGNALING_LIMITS.toPeerBurst, perSecond: SIGNALING_LIMITS.toPeerPerSecond };
/** Buckets idle this long are full again and may be forgotten. */
const IDLE_BUCKET_MS = (SIGNALING_LIMITS.toPeerBurst / SIGNALING_LIMITS.toPeerPerSecond) * 1000;
const MAX_TRACKED_PAIRS = 50_000;

/** Per sending address and destination peer: past the rule, frames to that peer are dropped. */
export class PeerInboundLimiter {
  private readonly buckets = new Map<string, TTokenBucket>();

  admit(fromAddress: string, toPeer: string, now: number): boolean {
    const key = `${fromAddress}|${toPeer}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_PAIRS) this.forgetIdle(now);
      bucket = newTokenBucket(TO_PEER_RULE, now);
      this.buckets.set(key, bucket);
    }
    return takeToken(bucket, TO_PEER_RULE, now);
  }

  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > IDLE_BUCKET_MS) this.buckets.delete(key);
    // Everyone is busy (an attack from very many addresses): start over rather than grow without bound.
    if (this.buckets.size >= MAX_TRACKED_PAIRS) this.buckets.clear();
  }
}

type TQueued = { count: number; bytes: number; since: number };

/**
 * Counts what is waiting in PeerJS's queue for absent peers, per destination and in total, over the window in
 * which PeerJS keeps it. A message over budget is dropped before PeerJS sees it; its sender hears nothing back,
 * exactly as if the peer had never come.
 */
export class OfflineQueueBudget {
  private readonly queued = new Map<string, TQueued>();
  private totalBytes = 0;

  admit(destination: string, bytes: number, now: number): boolean {
    this.expire(now);
    const entry = this.queued.get(destination) ?? { count: 0, bytes: 0, since: now };
    if (entry.count >= SIGNALING_LIMITS.queuedPerDestination || this.totalBytes + bytes > SIGNALING_LIMITS.queuedBytesTotal) return false;
    entry.count += 1;
    entry.bytes += bytes;
    this.totalBytes += bytes;
    this.queued.set(destination, entry);
    return true;
  }

  /** The destination connected: PeerJS hands it its queue at once. */
  delivered(destination: string): void {
    const entry = this.queued.get(destination);
    if (!entry) return;
    this.totalBytes -= entry.bytes;
    this.queued.delete(destination);
  }

  get queuedBytes(): number {
    return this.totalBytes;
  }

  /** Entries sit in the map in the order their window started, so expiry stops at the first one still open. */
  private expire(now: number): void {
    for (const [destination, entry] of this.queued) {
      if (now - entry.since < SIGNALING_LIMITS.queueWindowMs) return;
      this.delivered(destination);
    }
  }
}
