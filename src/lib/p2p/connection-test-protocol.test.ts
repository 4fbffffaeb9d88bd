import { describe, expect, it } from "vitest";
import { decodeConnectionTestMessage, stampConnectionTestMessage } from "./connection-test-protocol";

describe("decodeConnectionTestMessage", () => {
  it("accepts each message of the current version", () => {
    expect(decodeConnectionTestMessage({ v: 1, type: "ping", id: "a", sentAt: 1 })).toMatchObject({ ok: true, message: { type: "ping" } });
    expect(decodeConnectionTestMessage({ v: 1, type: "pong", id: "a", sentAt: 1 })).toMatchObject({ ok: true, message: { type: "pong" } });
    expect(decodeConnectionTestMessage({ v: 1, type: "text", text: "hi" })).toEqual({ ok: true, message: { v: 1, type: "text", text: "hi" } });
  });

  it("stamps what it sends with version 1, as the other page expects", () => {
    expect(stampConnectionTestMessage({ type: "ping", id: "a", sentAt: 1 })).toEqual({ v: 1, type: "ping", id: "a", sentAt: 1 });
  });

  it.each([
    ["another version", { v: 2, type: "text", text: "hi" }, "Unsupported connection test protocol version 2."],
    ["an unknown type", { v: 1, type: "shout", text: "hi" }, "An invalid connection test message was received."],
    ["an empty text", { v: 1, type: "text", text: "" }, "An invalid connection test message was received."],
    ["an oversized text", { v: 1, type: "text", text: "x".repeat(2001) }, "An invalid connection test message was received."],
    ["a wrong field type", { v: 1, type: "ping", id: "a", sentAt: "now" }, "An invalid connection test message was received."],
    ["a string", "hello", "Unsupported connection test protocol version undefined."],
    ["nothing", null, "Unsupported connection test protocol version undefined."],
  ])("rejects %s", (_, message, reason) => {
    expect(decodeConnectionTestMessage(message)).toEqual({ ok: false, reason });
  });
});
