import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineProtocol } from "./versioned-protocol";

const demo = defineProtocol({ name: "demo", version: 3 });
const ZDemoMessage = z.discriminatedUnion("type", [demo.message("say", { text: z.string().min(1).max(10) }), demo.message("bye", {})]);
const values = demo.codec(ZDemoMessage);
const frames = demo.jsonCodec(ZDemoMessage, { maxFrameChars: 64 });

describe("defineProtocol", () => {
  it("adds the version and the type to each message's fields", () => {
    expect(demo.message("say", { text: z.string() }).parse({ v: 3, type: "say", text: "hi" })).toEqual({ v: 3, type: "say", text: "hi" });
    expect(demo.message("say", { text: z.string() }).safeParse({ v: 2, type: "say", text: "hi" }).success).toBe(false);
    expect(demo.message("say", { text: z.string() }).safeParse({ v: 3, type: "bye", text: "hi" }).success).toBe(false);
  });

  it("round-trips every message through a JSON frame, version first on the wire", () => {
    expect(frames.encode({ type: "say", text: "hello" })).toBe('{"v":3,"type":"say","text":"hello"}');
    expect(frames.decode(frames.encode({ type: "say", text: "hello" }))).toEqual({ ok: true, message: { v: 3, type: "say", text: "hello" } });
    expect(frames.decode(frames.encode({ type: "bye" }))).toEqual({ ok: true, message: { v: 3, type: "bye" } });
  });

  it("round-trips a value for a channel that serializes it itself", () => {
    const stamped = values.stamp({ type: "say", text: "hello" });
    expect(stamped).toEqual({ v: 3, type: "say", text: "hello" });
    expect(values.parse(stamped)).toEqual({ ok: true, message: stamped });
  });

  it("names another version as unsupported, whatever else the message holds", () => {
    expect(frames.decode('{"v":2,"type":"say","text":"hello"}')).toEqual({ ok: false, reason: "Unsupported demo protocol version 2." });
    expect(values.parse({ v: 4, type: "bye" })).toEqual({ ok: false, reason: "Unsupported demo protocol version 4." });
    expect(values.parse({ type: "bye" })).toEqual({ ok: false, reason: "Unsupported demo protocol version undefined." });
  });

  it("calls a message of this version that breaks its schema invalid", () => {
    expect(frames.decode('{"v":3,"type":"say","text":""}')).toEqual({ ok: false, reason: "An invalid demo message was received." });
    expect(values.parse({ v: 3, type: "shout", text: "hi" })).toEqual({ ok: false, reason: "An invalid demo message was received." });
    expect(values.parse({ v: 3, type: "say", text: "far too long" })).toEqual({ ok: false, reason: "An invalid demo message was received." });
  });

  it("refuses a frame that is not text, too long or not JSON before reading it", () => {
    expect(frames.decode(new ArrayBuffer(8))).toEqual({ ok: false, reason: "Unexpected data on the demo channel." });
    expect(frames.decode({ v: 3, type: "bye" })).toEqual({ ok: false, reason: "Unexpected data on the demo channel." });
    expect(frames.decode(JSON.stringify({ v: 3, type: "bye", padding: "x".repeat(64) }))).toEqual({ ok: false, reason: "Unexpected data on the demo channel." });
    expect(frames.decode("{nope")).toEqual({ ok: false, reason: "A demo message was not JSON." });
  });
});
