import { describe, expect, it } from "vitest";
import { decodeConnectionTestMessage } from "./connection-test-protocol";

describe("decodeConnectionTestMessage", () => {
  it("accepts each message of the current version", () => {
    expect(decodeConnectionTestMessage({ v: 1, type: "ping", id: "a", sentAt: 1 })).toMatchObject({ type: "ping" });
    expect(decodeConnectionTestMessage({ v: 1, type: "pong", id: "a", sentAt: 1 })).toMatchObject({ type: "pong" });
    expect(decodeConnectionTestMessage({ v: 1, type: "text", text: "hi" })).toEqual({ v: 1, type: "text", text: "hi" });
  });

  it.each([
    ["another version", { v: 2, type: "text", text: "hi" }],
    ["an unknown type", { v: 1, type: "shout", text: "hi" }],
    ["an empty text", { v: 1, type: "text", text: "" }],
    ["an oversized text", { v: 1, type: "text", text: "x".repeat(2001) }],
    ["a wrong field type", { v: 1, type: "ping", id: "a", sentAt: "now" }],
    ["a string", "hello"],
    ["nothing", null],
  ])("rejects %s", (_, message) => {
    expect(decodeConnectionTestMessage(message)).toBeNull();
  });
});
