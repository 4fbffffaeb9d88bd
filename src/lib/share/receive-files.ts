/**
 * Browser-only, downloader side: asks the uploader for files one at a time, stores what arrives (chunk-store),
 * hashes it on the way, acknowledges each stored batch (the uploader's progress and its send window follow the
 * acknowledgements), and checks the SHA-256 at the end: a mismatch discards the file. A file partly received
 * before a reload is requested from where it stopped, after re-hashing the stored part.
 */
import type { DataConnection } from "peerjs";
import { appendBlob, discardFile, storedBlobs } from "./chunk-store";
import type { TShareFile } from "./manifest";
import { PieceHasher } from "./piece-hasher";
import { ackDue, type TLastAck } from "./progress-acks";
import { decodeShareFrame, sendShareMessage } from "./protocol";

/**
 * Received bytes are stored in batches this large. Each IndexedDB write costs the browser process a commit, and on
 * a small machine that work competes with the data channel's own threads: in bench:share (interleaved A/B, ratio to
 * raw) 1 MiB batches gave ~0.71, 4 MiB ~0.79, 8 MiB ~0.85–0.91, 16 MiB ~0.87–0.97, 32 MiB no more than 16, and
 * relaxed durability adds a little. The tab holds a batch only while it fills: once it is a Blob, its chunks are
 * released (releaseChunks), so a 1 GiB download peaks at ~23 MiB of tab memory with 8 MiB batches, ~30 with 16.
 */
const BATCH_BYTES = 16 * 1024 * 1024;
/** Batches being written while the next one fills. */
const MAX_WRITES_IN_FLIGHT = 2;
/** Stored batches read back from IndexedDB together (see readBack). */
const READ_BACK_BATCHES = 4;

/**
 * A Blob holds its own copy of the bytes it is made from, so the chunks are spent once their batch is a Blob.
 * Detaching their buffers hands the memory back at once instead of at some later garbage collection: spent chunks
 * waiting for one were most of the tab's memory (1 GiB download: a peak of ~115 MiB, ~23 MiB when released).
 * Browsers without ArrayBuffer.prototype.transfer (before 2024) leave them to the garbage collector.
 */
function releaseChunks(chunks: Uint8Array<ArrayBuffer>[]): void {
  for (const chunk of chunks) if (typeof chunk.buffer.transfer === "function") chunk.buffer.transfer(0);
}

export type TReceivedFile = { fileIndex: number; blob: Blob };

export type TReceiveEvents = {
  /** Bytes of the file received so far, as acknowledged to the uploader: at least every MiB or 250 ms (progress-acks.ts). */
  onBytes: (fileIndex: number, storedInFile: number) => void;
  /** A file partly stored by an earlier visit continues from `offset`. */
  onResume: (fileIndex: number, offset: number) => void;
  onFileVerified: (file: TReceivedFile) => void;
  onFailed: (message: string) => void;
};

export function fileKeyOf(slug: string, fileIndex: number, file: TShareFile): string {
  return `${slug}:${fileIndex}:${file.size}:${file.path}`;
}

/** Which link this is, what it offers, and who this downloader is (its tab's id, and the server's ticket for its peer). */
export type TDownloadOf = { slug: string; files: TShareFile[]; clientId: string; ticket: string };

export function receiveFiles(connection: DataConnection, { slug, files, clientId, ticket }: TDownloadOf, events: TReceiveEvents) {
  let current: {
    fileIndex: number;
    received: number;
    /** Bytes in batches IndexedDB has committed. */
    stored: number;
    lastAck: TLastAck;
    hasher: PieceHasher;
    batch: Uint8Array<ArrayBuffer>[];
    batchBytes: number;
    sequence: number;
    /** The file's stored pieces, read back as disk-backed Blobs a group at a time once their writes have committed. */
    parts: Promise<Blob[]>[];
    /** The first stored batch not read back yet. */
    unreadSequence: number;
  } | null = null;
  let pending: number[] = [];
  const writes: Promise<void>[] = [];
  let failed = false;
  // Frames are handled strictly in order: storing a batch is asynchronous, and a chunk must not overtake it.
  let work = Promise.resolve();

  function fail(message: string) {
    if (failed) return;
    failed = true;
    events.onFailed(message);
    connection.close();
  }

  /**
   * Stores the batch without waiting for it, so receiving goes on while IndexedDB writes. At most
   * MAX_WRITES_IN_FLIGHT are pending; each is acknowledged when it is stored, in order (IndexedDB runs write
   * transactions on one store in the order they were created).
   */
  async function flush(): Promise<void> {
    if (!current || current.batchBytes === 0) return;
    const { fileIndex, received } = current;
    const key = fileKeyOf(slug, fileIndex, files[fileIndex]!);
    const sequence = current.sequence++;
    const blob = new Blob(current.batch);
    releaseChunks(current.batch);
    const batchOf = current;
    const stored = appendBlob(key, sequence, blob).then(() => {
      // Stored bytes free the uploader's window; the received count here may lag one sent since, which is fine.
      batchOf.stored = received;
      sendShareMessage(connection, { type: "ack", fileIndex, received, stored: received });
    });
    void stored.catch((error: unknown) => fail(error instanceof Error ? `Storing the download failed: ${error.message}` : "Storing the download failed."));
    if (sequence + 1 - current.unreadSequence >= READ_BACK_BATCHES) readBack(key, stored, sequence);
    current.batch = [];
    current.batchBytes = 0;
    writes.push(stored);
    if (writes.length > MAX_WRITES_IN_FLIGHT) await writes.shift();
  }

  /**
   * The finished file is a Blob made of its stored pieces as IndexedDB returns them (backed by files on disk).
   * They are read back a group at a time, once the group's last write has committed, while the rest arrives:
   * reading them all after the last one held up the end of a download by ~4 ms per record.
   */
  function readBack(key: string, committed: Promise<void>, lastSequence = Number.MAX_SAFE_INTEGER): void {
    if (!current) return;
    const from = current.unreadSequence;
    const pieces = committed.then(() => storedBlobs(key, from, lastSequence));
    // A failure surfaces where the file is assembled.
    pieces.catch(() => undefined);
    current.parts.push(pieces);
    current.unreadSequence = lastSequence + 1;
  }

  /** Tells the uploader (and this page's progress) how much has arrived, when progress-acks says it is time. */
  function acknowledgeReceived(): void {
    if (!current) return;
    const now = performance.now();
    if (!ackDue(current.lastAck, current.received, now)) return;
    current.lastAck = { bytes: current.received, at: now };
    sendShareMessage(connection, { type: "ack", fileIndex: current.fileIndex, received: current.received, stored: current.stored });
    events.onBytes(current.fileIndex, current.received);
  }

  async function allStored(): Promise<void> {
    await Promise.all(writes.splice(0));
  }

  async function requestNext(): Promise<void> {
    const fileIndex = pending.shift();
    if (fileIndex === undefined) {
      sendShareMessage(connection, { type: "done" });
      return;
    }
    const file = files[fileIndex]!;
    const stored = await storedBlobs(fileKeyOf(slug, fileIndex, file));
    // Re-hash what a previous visit stored, a batch at a time, so the final check covers the whole file.
    const hasher = new PieceHasher();
    let received = 0;
    for (const blob of stored) {
      hasher.update(new Uint8Array(await blob.arrayBuffer()));
      received += blob.size;
    }
    current = { fileIndex, received, stored: received, lastAck: { bytes: received, at: performance.now() }, hasher, batch: [], batchBytes: 0, sequence: stored.length, parts: [Promise.resolve(stored)], unreadSequence: stored.length };
    events.onBytes(fileIndex, received);
    if (received > 0) events.onResume(fileIndex, received);
    sendShareMessage(connection, { type: "request", fileIndex, offset: received });
  }

  async function handle(data: unknown): Promise<void> {
    if (failed) return;
    const frame = decodeShareFrame(data);
    if (frame.kind === "invalid") return fail(frame.reason);
    if (frame.kind === "chunk") {
      if (!current) return fail("File data arrived before the file started.");
      current.hasher.update(frame.bytes);
      // Each data channel message arrives in a fresh ArrayBuffer, so the batch can keep it as it is.
      current.batch.push(frame.bytes);
      current.batchBytes += frame.bytes.length;
      current.received += frame.bytes.length;
      acknowledgeReceived();
      if (current.batchBytes >= BATCH_BYTES) await flush();
      return;
    }
    const message = frame.message;
    if (message.type === "stop") return fail(message.reason || "The uploader stopped the transfer.");
    if (message.type === "file-start") {
      if (current?.fileIndex !== message.fileIndex || message.offset !== current.received) return fail("The uploader sent a different file than asked for.");
      return;
    }
    if (message.type === "file-end") {
      if (current?.fileIndex !== message.fileIndex) return fail("The uploader ended a different file than asked for.");
      await flush();
      await allStored();
      // The last part of the file, short of the next MiB, counts too.
      events.onBytes(current.fileIndex, current.received);
      const file = files[current.fileIndex]!;
      const key = fileKeyOf(slug, current.fileIndex, file);
      if (current.received !== file.size || (await current.hasher.digest()) !== message.sha256) {
        await discardFile(key);
        return fail(`${file.path} arrived damaged (its checksum does not match) and was discarded. Try again.`);
      }
      // Every piece is stored by now: the ones not read back yet are read at once.
      readBack(key, Promise.resolve());
      const parts = (await Promise.all(current.parts)).flat();
      events.onFileVerified({ fileIndex: current.fileIndex, blob: new Blob(parts, { type: file.type }) });
      current = null;
      return requestNext();
    }
    return fail("Unexpected message from the uploader.");
  }

  connection.on("data", (data) => {
    work = work.then(() => handle(data)).catch((error: unknown) => fail(error instanceof Error ? error.message : "The download failed."));
  });
  connection.on("close", () => {
    if (!failed && (current || pending.length > 0)) fail("The connection to the uploader was lost. Reload to continue where it stopped.");
  });

  return {
    /** Starts once the channel is open; resolves when every file is verified (via events). */
    start(fileIndexes: number[]) {
      pending = [...fileIndexes];
      sendShareMessage(connection, { type: "hello", clientId, ticket });
      work = work.then(requestNext).catch((error: unknown) => fail(error instanceof Error ? error.message : "The download failed."));
    },
    cancel() {
      if (connection.open) sendShareMessage(connection, { type: "cancel" });
      failed = true;
      connection.close();
    },
  };
}
