import { describe, expect, it } from "vitest";
import { decodeFromHost, decodeFromParticipant, encodeRoomMessage, historyBatches, type TRoomTranscriptMessage } from "./protocol";

describe("room protocol", () => {
  it("round-trips a participant's messages at the host's edge", () => {
    const wire = encodeRoomMessage({ type: "chat", text: "hello" });
    expect(decodeFromParticipant(wire)).toEqual({ ok: true, message: { v: 1, type: "chat", text: "hello" } });
  });

  it("refuses a host's message coming from a participant, and the other way round", () => {
    expect(decodeFromParticipant(encodeRoomMessage({ type: "room-closed", reason: "ha" }))).toEqual({ ok: false, reason: 'A participant may not send "room-closed".' });
    expect(decodeFromHost(encodeRoomMessage({ type: "chat", text: "hi" }))).toEqual({ ok: false, reason: 'A host may not send "chat".' });
  });

  it("drops what is not a valid message of this version", () => {
    expect(decodeFromParticipant("{not json")).toMatchObject({ ok: false, reason: "A room message was not JSON." });
    expect(decodeFromParticipant(JSON.stringify({ v: 2, type: "chat", text: "hi" }))).toMatchObject({ ok: false, reason: "Unsupported room protocol version 2." });
    expect(decodeFromParticipant(JSON.stringify({ v: 1, type: "chat", text: "   " }))).toMatchObject({ ok: false, reason: "An invalid room message was received." });
    expect(decodeFromParticipant(new ArrayBuffer(4))).toMatchObject({ ok: false });
    expect(decodeFromParticipant(JSON.stringify({ v: 1, type: "chat", text: "x".repeat(4_001) }))).toMatchObject({ ok: false });
  });

  it("splits long histories into frames of bounded size, keeping order", () => {
    const messages: TRoomTranscriptMessage[] = Array.from({ length: 40 }, (_, index) => ({ seq: index + 1, kind: "human", participantId: "rpt_a", speakerName: "A", text: "x".repeat(5_000), at: 0 }));
    const batches = historyBatches(messages);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(JSON.stringify(batch).length).toBeLessThan(70_000);
    expect(batches.flat().map((message) => message.seq)).toEqual(messages.map((message) => message.seq));
  });
});
