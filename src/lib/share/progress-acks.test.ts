import { describe, expect, it } from "vitest";
import { ACK_EVERY_BYTES, ACK_EVERY_MS, ackDue, type TLastAck } from "./progress-acks";
import { SHARE_CHUNK_BYTES } from "./protocol";

const MiB = 1024 * 1024;

/** Feeds chunks arriving every `gapMs` and returns the bytes each acknowledgement reported. */
function acknowledgedAlong(total: number, chunkBytes: number, gapMs: number): number[] {
  const acks: number[] = [];
  let last: TLastAck = { bytes: 0, at: 0 };
  for (let received = 0, now = 0; received < total; now += gapMs) {
    received = Math.min(total, received + chunkBytes);
    if (ackDue(last, received, now)) {
      acks.push(received);
      last = { bytes: received, at: now };
    }
  }
  return acks;
}

const steps = (acks: number[]) => acks.map((bytes, index) => bytes - (acks[index - 1] ?? 0));

describe("progress acknowledgements", () => {
  it("a fast transfer is acknowledged every MiB, never in bigger steps than a MiB and a chunk", () => {
    const acks = acknowledgedAlong(32 * MiB, SHARE_CHUNK_BYTES, 1);
    expect(acks).toHaveLength(32);
    expect(Math.max(...steps(acks))).toBe(ACK_EVERY_BYTES);
    // Chunks that do not divide a MiB overshoot by less than one chunk.
    const odd = acknowledgedAlong(32 * MiB, 100_000, 1);
    expect(Math.max(...steps(odd))).toBeLessThan(ACK_EVERY_BYTES + 100_000);
    expect(odd.length).toBeGreaterThanOrEqual(30);
  });

  it("a slow transfer is acknowledged every 250 ms, so progress still moves between MiBs", () => {
    // 64 KiB every 100 ms: a MiB takes 1.6 s, yet an acknowledgement comes with the first chunk past each 250 ms.
    const acks = acknowledgedAlong(2 * MiB, 64 * 1024, 100);
    expect(acks.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...steps(acks))).toBeLessThanOrEqual(4 * 64 * 1024);
  });

  it("says nothing when nothing new arrived, however long ago the last acknowledgement was", () => {
    expect(ackDue({ bytes: 5 * MiB, at: 0 }, 5 * MiB, 10 * ACK_EVERY_MS)).toBe(false);
    expect(ackDue({ bytes: 5 * MiB, at: 0 }, 5 * MiB + 1, ACK_EVERY_MS - 1)).toBe(false);
    expect(ackDue({ bytes: 5 * MiB, at: 0 }, 5 * MiB + 1, ACK_EVERY_MS)).toBe(true);
  });
});
