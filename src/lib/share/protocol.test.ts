import { describe, expect, it } from "vitest";
import { decodeShareFrame, encodeShareMessage, type TShareMessage } from "./protocol";

describe("share protocol", () => {
  it("round-trips every control message", () => {
    const messages: TShareMessage[] = [
      { v: 1, type: "hello", clientId: "client-1234" },
      { v: 1, type: "request", fileIndex: 2, offset: 65_536 },
      { v: 1, type: "ack", fileIndex: 2, bytes: 131_072 },
      { v: 1, type: "done" },
      { v: 1, type: "cancel" },
      { v: 1, type: "file-start", fileIndex: 0, offset: 0, size: 1_000_000 },
      { v: 1, type: "file-end", fileIndex: 0, sha256: "a".repeat(64) },
      { v: 1, type: "stop", reason: "The link was revoked." },
    ];
    for (const message of messages) expect(decodeShareFrame(encodeShareMessage(message))).toEqual({ kind: "message", message });
  });

  it("passes binary chunks through without copying", () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const frame = decodeShareFrame(buffer);
    expect(frame.kind).toBe("chunk");
    expect(frame.kind === "chunk" && frame.bytes.buffer).toBe(buffer);
  });

  it("gives a reason for anything else", () => {
    expect(decodeShareFrame("{nope")).toEqual({ kind: "invalid", reason: "A share message was not JSON." });
    expect(decodeShareFrame(JSON.stringify({ v: 2, type: "hello", clientId: "client-1234" }))).toEqual({ kind: "invalid", reason: "Unsupported share protocol version 2." });
    expect(decodeShareFrame(JSON.stringify({ v: 1, type: "request", fileIndex: -1, offset: 0 }))).toEqual({ kind: "invalid", reason: "An invalid share message was received." });
    expect(decodeShareFrame(JSON.stringify({ v: 1, type: "file-end", fileIndex: 0, sha256: "not-hex" })).kind).toBe("invalid");
    expect(decodeShareFrame(42)).toEqual({ kind: "invalid", reason: "Unexpected data on the share channel." });
  });
});
