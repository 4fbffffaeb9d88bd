import { describe, expect, it } from "vitest";
import { newTokenBucket, takeToken } from "@/lib/rate/token-bucket";
import { decodeClientFrame, OfflineQueueBudget, PeerInboundLimiter, SIGNALING_LIMITS, SOCKET_MESSAGE_RULE } from "./traffic-policy";

describe("signaling frames", () => {
  it("accept what PeerJS clients send", () => {
    expect(decodeClientFrame(JSON.stringify({ type: "HEARTBEAT" }))).toEqual({ type: "HEARTBEAT" });
    expect(decodeClientFrame(JSON.stringify({ type: "OFFER", dst: "peerB1234", payload: { sdp: "v=0" } }))).toMatchObject({ type: "OFFER", dst: "peerB1234" });
  });

  it.each([
    "not json",
    JSON.stringify({ type: "EXPIRE", dst: "peerB1234" }),
    JSON.stringify({ type: "OPEN" }),
    JSON.stringify({ type: "OFFER" }),
    JSON.stringify({ type: "OFFER", dst: "../../x" }),
    JSON.stringify([1, 2]),
  ])("refuse anything else (%s)", (frame) => {
    expect(decodeClientFrame(frame)).toBeNull();
  });
});

describe("the message bucket", () => {
  it("allows a burst, then the sustained rate, and refuses a flood", () => {
    const bucket = newTokenBucket(SOCKET_MESSAGE_RULE, 0);
    for (let message = 0; message < SIGNALING_LIMITS.messageBurst; message++) expect(takeToken(bucket, SOCKET_MESSAGE_RULE, 0)).toBe(true);
    expect(takeToken(bucket, SOCKET_MESSAGE_RULE, 0)).toBe(false);
    // A second later the sustained rate's worth is back.
    let allowed = 0;
    while (takeToken(bucket, SOCKET_MESSAGE_RULE, 1000)) allowed++;
    expect(allowed).toBe(SIGNALING_LIMITS.messagesPerSecond);
  });
});

describe("the offline queue budget", () => {
  it("caps what waits for one absent peer, and forgets it when PeerJS would have", () => {
    const budget = new OfflineQueueBudget();
    for (let message = 0; message < SIGNALING_LIMITS.queuedPerDestination; message++) expect(budget.admit("absent1", 100, 0)).toBe(true);
    expect(budget.admit("absent1", 100, 10)).toBe(false);
    expect(budget.admit("absent2", 100, 10)).toBe(true);
    expect(budget.admit("absent1", 100, SIGNALING_LIMITS.queueWindowMs)).toBe(true);
  });

  it("caps the total, and frees a destination's share when it connects", () => {
    const budget = new OfflineQueueBudget();
    const big = 60 * 1024;
    let admitted = 0;
    for (let destination = 0; destination < 1000; destination++) if (budget.admit(`peer${destination}`, big, 0)) admitted++;
    expect(admitted * big).toBeLessThanOrEqual(SIGNALING_LIMITS.queuedBytesTotal);
    expect(budget.admit("late", big, 0)).toBe(false);
    budget.delivered("peer0");
    expect(budget.admit("late", big, 0)).toBe(true);
  });
});

describe("frames to one peer", () => {
  it("are limited per sending address, whatever number of sockets it uses", () => {
    const limiter = new PeerInboundLimiter();
    let admitted = 0;
    for (let frame = 0; frame < SIGNALING_LIMITS.toPeerBurst + 50; frame++) if (limiter.admit("203.0.113.7", "uploader1", 0)) admitted++;
    expect(admitted).toBe(SIGNALING_LIMITS.toPeerBurst);
    // Another address, or another destination, has its own allowance.
    expect(limiter.admit("203.0.113.8", "uploader1", 0)).toBe(true);
    expect(limiter.admit("203.0.113.7", "someoneelse", 0)).toBe(true);
    expect(limiter.admit("203.0.113.7", "uploader1", 1000)).toBe(true);
  });
});
