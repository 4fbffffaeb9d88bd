import { randomBytes } from "node:crypto";
import type { DataConnection } from "peerjs";
import { describe, expect, it, vi } from "vitest";
import { SHARE_PIECE_BYTES } from "./piece-hasher";
import { decodeShareFrame, encodeShareMessage, type TShareMessage, type TShareMessageBody } from "./protocol";
import { serveDownloader, type TDownloaderProgress, type TServedShare } from "./serve-downloader";
import { referenceChecksum } from "./testing/reference-checksum";

/** A downloader's end of the data connection, as far as the uploader uses it: it records what arrives. */
class DownloaderEnd {
  readonly connectionId = `connection-${Math.random().toString(36).slice(2)}`;
  readonly peer = `peer${Math.random().toString(36).slice(2)}`;
  open = true;
  readonly peerConnection = { sctp: { maxMessageSize: 256 * 1024 } };
  readonly messages: TShareMessage[] = [];
  readonly chunks: Uint8Array[] = [];
  readonly dataChannel = {
    bufferedAmount: 0,
    bufferedAmountLowThreshold: 0,
    addEventListener: () => undefined,
    send: (chunk: Uint8Array) => this.chunks.push(chunk.slice()),
  };
  private readonly handlers = new Map<string, (data?: unknown) => void>();

  on(event: string, handler: (data?: unknown) => void) {
    this.handlers.set(event, handler);
  }
  send(data: string) {
    const frame = decodeShareFrame(data);
    if (frame.kind === "message") this.messages.push(frame.message);
  }
  close() {
    this.open = false;
  }

  /** Opens the connection; `admit` stands for the server's ticket check (by default: every ticket is fine). */
  readonly progress: TDownloaderProgress[] = [];

  connect(share: TServedShare, admit: (peerId: string, ticket: string) => Promise<void> = () => Promise.resolve()) {
    serveDownloader(this as unknown as DataConnection, share, { admit, onProgress: (progress) => this.progress.push(progress), onCompleted: () => undefined });
    this.handlers.get("open")?.();
  }
  hello(ticket = "st1.ticket") {
    this.ask({ type: "hello", clientId: "client-1234", ticket });
  }
  ask(body: TShareMessageBody) {
    this.handlers.get("data")?.(encodeShareMessage(body));
  }
  async fileEnd(): Promise<TShareMessage> {
    return vi.waitFor(() => {
      const end = this.messages.find((message) => message.type === "file-end");
      expect(end).toBeDefined();
      return end!;
    });
  }
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

describe("serveDownloader", () => {
  const bytes = new Uint8Array(randomBytes(5 * SHARE_PIECE_BYTES + 4_321));
  const file = () => new File([bytes], "notes.bin");

  it("sends a file from the offset asked for, with the whole file's checksum", async () => {
    const share: TServedShare = { files: [{ path: "notes.bin", file: file() }], checksums: new Map() };
    const downloader = new DownloaderEnd();
    downloader.connect(share);
    downloader.hello();
    const offset = 2 * SHARE_PIECE_BYTES + 17;
    downloader.ask({ type: "request", fileIndex: 0, offset });

    expect(await downloader.fileEnd()).toMatchObject({ sha256: referenceChecksum(bytes) });
    expect(downloader.messages[0]).toMatchObject({ type: "file-start", fileIndex: 0, offset, size: bytes.length });
    expect(downloader.received().equals(Buffer.from(bytes.subarray(offset)))).toBe(true);
  });

  it("resumes without reading what comes before the offset once a full read has found the checksum", async () => {
    const shared = file();
    const share: TServedShare = { files: [{ path: "notes.bin", file: shared }], checksums: new Map() };
    const first = new DownloaderEnd();
    first.connect(share);
    first.hello();
    first.ask({ type: "request", fileIndex: 0, offset: 0 });
    await first.fileEnd();
    expect(share.checksums.get(0)).toBe(referenceChecksum(bytes));

    const slices = vi.spyOn(shared, "slice");
    const resuming = new DownloaderEnd();
    resuming.connect(share);
    resuming.hello();
    const offset = 4 * SHARE_PIECE_BYTES + 99;
    resuming.ask({ type: "request", fileIndex: 0, offset });

    expect(await resuming.fileEnd()).toMatchObject({ sha256: referenceChecksum(bytes) });
    expect(resuming.received().equals(Buffer.from(bytes.subarray(offset)))).toBe(true);
    expect(slices.mock.calls.every(([from]) => (from ?? 0) >= offset)).toBe(true);
    expect(slices).toHaveBeenCalled();
  });

  it("sends nothing until the server has checked the downloader's ticket for this peer", async () => {
    const share: TServedShare = { files: [{ path: "notes.bin", file: file() }], checksums: new Map() };
    const downloader = new DownloaderEnd();
    let letIn: () => void = () => undefined;
    const checked: { peerId: string; ticket: string }[] = [];
    downloader.connect(share, (peerId, ticket) => {
      checked.push({ peerId, ticket });
      return new Promise<void>((resolve) => (letIn = resolve));
    });
    downloader.hello("st1.for-this-peer");
    downloader.ask({ type: "request", fileIndex: 0, offset: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(downloader.messages).toEqual([]);
    expect(downloader.chunks).toEqual([]);
    expect(checked).toEqual([{ peerId: downloader.peer, ticket: "st1.for-this-peer" }]);
    letIn();
    expect(await downloader.fileEnd()).toMatchObject({ sha256: referenceChecksum(bytes) });
  });

  it("stops a downloader whose ticket the server refuses, without a byte", async () => {
    const share: TServedShare = { files: [{ path: "notes.bin", file: file() }], checksums: new Map() };
    const downloader = new DownloaderEnd();
    downloader.connect(share, () => Promise.reject(new Error("This downloader has no valid ticket for this link.")));
    downloader.hello("st1.from-another-share");
    downloader.ask({ type: "request", fileIndex: 0, offset: 0 });
    await vi.waitFor(() => expect(downloader.messages).toEqual([expect.objectContaining({ type: "stop", reason: "This downloader has no valid ticket for this link." })]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(downloader.chunks).toEqual([]);
  });

  it("counts progress from the bytes the downloader acknowledges receiving, each byte once", async () => {
    const share: TServedShare = { files: [{ path: "notes.bin", file: file() }], checksums: new Map() };
    const downloader = new DownloaderEnd();
    downloader.connect(share);
    downloader.hello();
    downloader.ask({ type: "request", fileIndex: 0, offset: 0 });
    await downloader.fileEnd();
    const acknowledged = () => downloader.progress.at(-1)?.acknowledgedBytes;
    downloader.ask({ type: "ack", fileIndex: 0, received: 1_048_576, stored: 0 });
    expect(acknowledged()).toBe(1_048_576);
    downloader.ask({ type: "ack", fileIndex: 0, received: 2_097_152, stored: 0 });
    expect(acknowledged()).toBe(2_097_152);
    // A stored batch's acknowledgement that arrives late does not move progress back, nor count twice.
    downloader.ask({ type: "ack", fileIndex: 0, received: 1_048_576, stored: 1_048_576 });
    expect(acknowledged()).toBe(2_097_152);
    downloader.ask({ type: "ack", fileIndex: 0, received: bytes.length, stored: bytes.length });
    expect(acknowledged()).toBe(bytes.length);
  });

  it("stops a downloader that asks for a file before introducing itself", async () => {
    const share: TServedShare = { files: [{ path: "notes.bin", file: file() }], checksums: new Map() };
    const downloader = new DownloaderEnd();
    downloader.connect(share);
    downloader.ask({ type: "request", fileIndex: 0, offset: 0 });
    await vi.waitFor(() => expect(downloader.messages).toEqual([expect.objectContaining({ type: "stop" })]));
    expect(downloader.chunks).toEqual([]);
  });
});
