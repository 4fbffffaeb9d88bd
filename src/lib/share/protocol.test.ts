import { describe, expect, it } from "vitest";
import { chunkBytesFor, decodeShareFrame, encodeShareMessage, SHARE_CHUNK_BYTES, SHARE_PROTOCOL_VERSION, type TShareMessageBody } from "./protocol";

describe("share protocol", () => {
  it("round-trips every control message, stamped with the protocol version", () => {
    const messages: TShareMessageBody[] = [
      { type: "hello", clientId: "client-1234", ticket: "st1.123.abc" },
      { type: "request", fileIndex: 2, offset: 65_536 },
      { type: "ack", fileIndex: 2, received: 1_310_720, stored: 131_072 },
      { type: "done" },
      { type: "cancel" },
      { type: "file-start", fileIndex: 0, offset: 0, size: 1_000_000 },
      { type: "file-end", fileIndex: 0, sha256: "a".repeat(64) },
      { type: "stop", reason: "The link was revoked." },
    ];
    for (const message of messages) expect(decodeShareFrame(encodeShareMessage(message))).toEqual({ kind: "message", message: { v: SHARE_PROTOCOL_VERSION, ...message } });
  });

  it("passes binary chunks through without copying", () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const frame = decodeShareFrame(buffer);
    expect(frame.kind).toBe("chunk");
    expect(frame.kind === "chunk" && frame.bytes.buffer).toBe(buffer);
  });

  it("gives a reason for anything else", () => {
    expect(decodeShareFrame("{nope")).toEqual({ kind: "invalid", reason: "A share message was not JSON." });
    // Older versions (a different checksum, no ticket) are refused by name rather than misread.
    expect(decodeShareFrame(JSON.stringify({ v: 1, type: "hello", clientId: "client-1234" }))).toEqual({ kind: "invalid", reason: "Unsupported share protocol version 1." });
    expect(decodeShareFrame(JSON.stringify({ v: 2, type: "hello", clientId: "client-1234" }))).toEqual({ kind: "invalid", reason: "Unsupported share protocol version 2." });
    expect(decodeShareFrame(JSON.stringify({ v: SHARE_PROTOCOL_VERSION, type: "request", fileIndex: -1, offset: 0 }))).toEqual({ kind: "invalid", reason: "An invalid share message was received." });
    expect(decodeShareFrame(JSON.stringify({ v: SHARE_PROTOCOL_VERSION, type: "file-end", fileIndex: 0, sha256: "not-hex" })).kind).toBe("invalid");
    expect(decodeShareFrame(42)).toEqual({ kind: "invalid", reason: "Unexpected data on the share channel." });
  });

  it("sends chunks no larger than the connection takes", () => {
    expect(chunkBytesFor(262_144)).toBe(SHARE_CHUNK_BYTES);
    expect(chunkBytesFor(Number.POSITIVE_INFINITY)).toBe(SHARE_CHUNK_BYTES);
    expect(chunkBytesFor(65_536)).toBe(65_536);
    // A connection that does not say: what every browser takes.
    expect(chunkBytesFor(undefined)).toBe(65_536);
  });
});
