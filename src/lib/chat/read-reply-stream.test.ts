import { describe, expect, it } from "vitest";
import { decodeReplyStreamLine, ReplyStreamError } from "./read-reply-stream";

const savedMessage = {
  id: "msg_1",
  sequence: 3,
  swipe: 0,
  selected: true,
  role: "assistant",
  speakerName: null,
  content: "Hello",
  reasoning: null,
  translatedContent: null,
  translatedLanguage: null,
  showTranslation: false,
  status: "complete",
  error: null,
  providerLabel: "Test",
  modelId: "m",
  inputTokens: 10,
  outputTokens: 2,
  reasoningTokens: null,
  costMicros: 0,
  costCode: "free",
  latencyMs: 40,
  createdAt: "2026-12-01T10:00:00.000Z",
  editedAt: null,
};

describe("decodeReplyStreamLine", () => {
  it("reads every kind of event the server writes, dates as dates", () => {
    expect(decodeReplyStreamLine('{"type":"text","text":"Hel"}')).toEqual({ type: "text", text: "Hel" });
    expect(decodeReplyStreamLine('{"type":"start","sequence":4,"providerLabel":"Test","modelId":"m"}')).toMatchObject({ type: "start", sequence: 4 });
    const done = decodeReplyStreamLine(JSON.stringify({ type: "done", status: "complete", message: savedMessage, content: "Hello", reasoning: "", costMicros: 0, costCode: "free" }));
    expect(done.type === "done" && done.message?.createdAt).toEqual(new Date("2026-12-01T10:00:00.000Z"));
    expect(decodeReplyStreamLine(JSON.stringify({ type: "error", kind: "rate_limited", error: "Slow down.", message: null }))).toMatchObject({ kind: "rate_limited" });
  });

  it("refuses what is not an event instead of passing it on", () => {
    for (const line of ["not json", '{"type":"text"}', '{"type":"text","text":5}', '{"type":"surprise","text":"x"}', JSON.stringify({ type: "user-message", message: { ...savedMessage, role: "system" } })]) {
      expect(() => decodeReplyStreamLine(line), line).toThrow(ReplyStreamError);
    }
  });
});
