import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PieceHasher } from "./piece-hasher";
import { referenceChecksum } from "./testing/reference-checksum";

async function checksum(parts: Uint8Array<ArrayBuffer>[], pieceBytes: number): Promise<string> {
  const hasher = new PieceHasher(pieceBytes);
  for (const part of parts) hasher.update(part);
  return hasher.digest();
}

describe("PieceHasher", () => {
  const file = new Uint8Array(randomBytes(10_000));

  it("hashes fixed pieces however the bytes arrive", async () => {
    const want = referenceChecksum(file, 1_024);
    expect(await checksum([file], 1_024)).toBe(want);
    // Odd sizes that straddle piece boundaries, and piece-aligned slices that take the no-copy path.
    expect(await checksum([file.subarray(0, 700), file.subarray(700, 3_000), file.subarray(3_000, 3_001), file.subarray(3_001)], 1_024)).toBe(want);
    expect(await checksum([file.subarray(0, 2_048), file.subarray(2_048, 5_120), file.subarray(5_120)], 1_024)).toBe(want);
  });

  it("tells files apart by a single changed byte, and by their length", async () => {
    const damaged = file.slice();
    damaged[5_000] = (damaged[5_000]! + 1) % 256;
    expect(await checksum([damaged], 1_024)).not.toBe(await checksum([file], 1_024));
    expect(await checksum([file.subarray(0, 9_999)], 1_024)).not.toBe(await checksum([file], 1_024));
  });

  it("is not disturbed when the caller reuses its buffer after handing it over", async () => {
    const buffer = new Uint8Array(1_024);
    const hasher = new PieceHasher(1_024);
    buffer.set(file.subarray(0, 1_024));
    hasher.update(buffer);
    buffer.set(file.subarray(1_024, 2_048));
    hasher.update(buffer);
    expect(await hasher.digest()).toBe(referenceChecksum(file.subarray(0, 2_048), 1_024));
  });

  it("gives an empty file a checksum too", async () => {
    expect(await checksum([], 1_024)).toBe(createHash("sha256").update(Buffer.alloc(0)).digest("hex"));
  });
});
