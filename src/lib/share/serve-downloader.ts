/**
 * Browser-only, uploader side: answers one downloader's data connection, and only after the server has checked the
 * ticket its hello carries (issued for this share and this downloader's peer). Files are read from disk a slice at a
 * time, hashed as they are read, and sent in chunks while the channel's buffer has room (bufferedAmount, with a
 * bufferedamountlow wake-up) and while the downloader has acknowledged enough (a window of unacknowledged bytes
 * keeps its memory bounded). A request with an offset resumes: the part the downloader has is hashed, not sent,
 * unless an earlier full read of the file already gave its checksum (kept for the whole share).
 */
import type { DataConnection } from "peerjs";
import { PieceHasher, SHARE_PIECE_BYTES } from "./piece-hasher";
import { chunkBytesFor, decodeShareFrame, sendShareMessage, SHARE_HIGH_WATER_BYTES, SHARE_LOW_WATER_BYTES, type TShareMessage } from "./protocol";

/**
 * Bytes sent but not yet acknowledged as stored by the downloader, which acknowledges a batch once it is stored:
 * room for the two batches being written and the one filling (16 MiB each, receive-files.ts), and a bound on what
 * a slow downloader can have queued in its tab.
 */
const ACK_WINDOW_BYTES = 48 * 1024 * 1024;
/** Slices read from disk: whole pieces, so the hasher takes them without copying. */
const READ_BYTES = 4 * SHARE_PIECE_BYTES;

export type TDownloaderState = "connected" | "sending" | "done" | "stopped" | "disconnected";

export type TDownloaderProgress = {
  connectionId: string;
  state: TDownloaderState;
  fileIndex: number | null;
  /** Bytes the downloader has acknowledged receiving, across every file it has asked for. */
  acknowledgedBytes: number;
  requestedBytes: number;
};

export type TShareableFile = { path: string; file: File };

/** What every downloader of one share is served from: the files, and each file's checksum once a read has found it. */
export type TServedShare = { files: TShareableFile[]; checksums: Map<number, string> };

export type TServeEvents = {
  /** Asks the server whether this ticket lets this peer download this share; rejects (with the reason) if not. */
  admit: (peerId: string, ticket: string) => Promise<void>;
  onProgress: (progress: TDownloaderProgress) => void;
  onCompleted: () => void;
};

export function serveDownloader(connection: DataConnection, share: TServedShare, events: TServeEvents): { stop: (reason: string) => void } {
  const channel = () => connection.dataChannel;
  const progress: TDownloaderProgress = { connectionId: connection.connectionId, state: "connected", fileIndex: null, acknowledgedBytes: 0, requestedBytes: 0 };
  /** Per file: acknowledged as received (progress), and as stored (the send window). */
  const receivedPerFile = new Map<number, number>();
  const storedPerFile = new Map<number, number>();
  let sentInFile = 0;
  let wake: (() => void) | null = null;
  let closed = false;
  let admission: Promise<void> | null = null;
  let queue = Promise.resolve();

  const report = () => events.onProgress({ ...progress });
  const nudge = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };

  function close(state: TDownloaderState, reason?: string) {
    if (closed) return;
    closed = true;
    progress.state = state;
    report();
    if (reason && connection.open) sendShareMessage(connection, { type: "stop", reason });
    // Give the stop message a moment to leave before the channel closes.
    setTimeout(() => connection.close(), reason ? 200 : 0);
    nudge();
  }

  /** Waits until the channel's buffer and the acknowledgement window both have room. */
  async function roomToSend(fileIndex: number): Promise<void> {
    for (;;) {
      if (closed) return;
      const unacknowledged = sentInFile - (storedPerFile.get(fileIndex) ?? 0);
      if (channel().bufferedAmount <= SHARE_HIGH_WATER_BYTES && unacknowledged <= ACK_WINDOW_BYTES) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  async function sendFile(fileIndex: number, offset: number): Promise<void> {
    const entry = share.files[fileIndex];
    if (!entry) return close("stopped", "That file is not part of this share.");
    const { file } = entry;
    const start = Math.min(offset, file.size);
    progress.state = "sending";
    progress.fileIndex = fileIndex;
    progress.requestedBytes += file.size - start;
    receivedPerFile.set(fileIndex, start);
    storedPerFile.set(fileIndex, start);
    sentInFile = start;
    report();
    sendShareMessage(connection, { type: "file-start", fileIndex, offset: start, size: file.size });
    const chunkBytes = chunkBytesFor(connection.peerConnection?.sctp?.maxMessageSize);
    // With the checksum known, nothing before the offset needs reading: a resume starts at once, even deep in a file.
    const known = share.checksums.get(fileIndex);
    const hasher = known === undefined ? new PieceHasher() : null;
    const firstRead = known === undefined ? 0 : start;
    const read = (position: number) => {
      const reading = file.slice(position, Math.min(position + READ_BYTES, file.size)).arrayBuffer();
      // A read still pending when the transfer stops is never awaited; its failure must not go unhandled.
      reading.catch(() => undefined);
      return reading;
    };
    let nextRead = read(firstRead);
    for (let position = firstRead; position < file.size && !closed; position += READ_BYTES) {
      const bytes = new Uint8Array(await nextRead);
      // The next slice is read from disk while this one is hashed and sent.
      if (position + READ_BYTES < file.size) nextRead = read(position + READ_BYTES);
      hasher?.update(bytes);
      for (let at = Math.max(0, start - position); at < bytes.length && !closed; at += chunkBytes) {
        await roomToSend(fileIndex);
        if (closed) return;
        const chunk = bytes.subarray(at, Math.min(at + chunkBytes, bytes.length));
        channel().send(chunk);
        sentInFile += chunk.length;
      }
    }
    if (closed) return;
    const checksum = known ?? (await hasher!.digest());
    share.checksums.set(fileIndex, checksum);
    if (!closed) sendShareMessage(connection, { type: "file-end", fileIndex, sha256: checksum });
  }

  function onMessage(message: TShareMessage) {
    switch (message.type) {
      case "hello": {
        if (admission) return close("stopped", "The downloader introduced itself twice.");
        const admitted = events.admit(connection.peer, message.ticket);
        admission = admitted;
        admitted.catch((error: unknown) => close("stopped", error instanceof Error ? error.message : "This download is not allowed."));
        return;
      }
      case "request": {
        if (!admission) return close("stopped", "The downloader did not introduce itself.");
        const admitted = admission;
        // One file at a time, in the order asked, and not a byte before the ticket is checked.
        queue = queue.then(
          () => admitted.then(() => sendFile(message.fileIndex, message.offset)).catch(() => close("stopped", "The file could not be read.")),
        );
        return;
      }
      case "ack": {
        // Acknowledgements only ever move forward; a stored batch's may arrive after a later received count.
        const before = receivedPerFile.get(message.fileIndex) ?? 0;
        if (message.received > before) {
          progress.acknowledgedBytes += message.received - before;
          receivedPerFile.set(message.fileIndex, message.received);
          report();
        }
        if (message.stored > (storedPerFile.get(message.fileIndex) ?? 0)) {
          storedPerFile.set(message.fileIndex, message.stored);
          nudge();
        }
        return;
      }
      case "done":
        progress.state = "done";
        report();
        events.onCompleted();
        return;
      case "cancel":
        return close("stopped");
      default:
        return close("stopped", "Unexpected message from the downloader.");
    }
  }

  connection.on("open", () => {
    channel().bufferedAmountLowThreshold = SHARE_LOW_WATER_BYTES;
    channel().addEventListener("bufferedamountlow", nudge);
    report();
  });
  connection.on("data", (data) => {
    const frame = decodeShareFrame(data);
    if (frame.kind === "message") onMessage(frame.message);
    else close("stopped", frame.kind === "invalid" ? frame.reason : "Downloaders do not send file data.");
  });
  connection.on("close", () => {
    if (!closed) close(progress.state === "done" ? "done" : "disconnected");
  });
  connection.on("error", () => close("disconnected"));

  return { stop: (reason) => close("stopped", reason) };
}
