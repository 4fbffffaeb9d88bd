/**
 * The share transfer protocol on the WebRTC data channel, version 4. Control messages are JSON, one versioned
 * union validated on arrival (anything else closes the connection with a reason); file bytes travel as binary
 * messages between `file-start` and `file-end`, in order, on the reliable ordered channel.
 *
 *   downloader                                  uploader
 *   hello {clientId, ticket}              →     (the server checks the ticket: this share, this downloader's peer)
 *   request {fileIndex, offset}           →     (offset > 0 resumes a file already partly received)
 *                                         ←     file-start {fileIndex, offset, size}
 *                                         ←     <binary chunks, flow-controlled on bufferedAmount>
 *   ack {fileIndex, received, stored}     →     (progress on both pages counts received bytes; the send window,
 *     (every MiB or 250 ms, and per                stored ones: progress-acks.ts)
 *      stored batch)
 *                                         ←     file-end {fileIndex, sha256: the file's checksum}
 *   done                                  →     (every file verified: the uploader counts a download)
 *   cancel                                →     or ←  stop {reason}
 *
 * The checksum is the SHA-256 of the file's 1 MiB pieces' SHA-256 digests (piece-hasher.ts). Version 2 had no
 * ticket in `hello`; version 1 sent the SHA-256 of the whole file. Version 3 acknowledged only stored bytes, so
 * progress moved in 16 MiB batches. None of them can talk to another.
 */
import { z } from "zod";
import { defineProtocol, type TWithoutVersion } from "@/lib/p2p/versioned-protocol";

export const SHARE_PROTOCOL_VERSION = 4;
const share = defineProtocol({ name: "share", version: SHARE_PROTOCOL_VERSION });
/**
 * Binary chunk size: the largest message Chromium's SCTP takes (256 KiB). Fewer, larger messages cost less per
 * byte on both pages (bench:share moved from ~19 to ~21 MB/s against 64 KiB), and never more than the two ends
 * negotiated (chunkBytesFor).
 */
export const SHARE_CHUNK_BYTES = 256 * 1024;
/** What every browser's data channel takes, for a peer connection that does not report its limit. */
const SAFE_CHUNK_BYTES = 64 * 1024;
/** The sender pauses above this much queued data and resumes when it drains below the low-water mark. */
export const SHARE_HIGH_WATER_BYTES = 8 * 1024 * 1024;
export const SHARE_LOW_WATER_BYTES = 2 * 1024 * 1024;

const fileIndex = z.number().int().min(0).max(100_000);
const byteCount = z.number().int().min(0).max(2 ** 50);
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const ZShareMessage = z.discriminatedUnion("type", [
  share.message("hello", { clientId: z.string().regex(/^[\w-]{8,64}$/), ticket: z.string().max(200) }),
  share.message("request", { fileIndex, offset: byteCount }),
  share.message("ack", { fileIndex, received: byteCount, stored: byteCount }),
  share.message("done", {}),
  share.message("cancel", {}),
  share.message("file-start", { fileIndex, offset: byteCount, size: byteCount }),
  share.message("file-end", { fileIndex, sha256: z.string().regex(SHA256_HEX) }),
  share.message("stop", { reason: z.string().max(300) }),
]);

export type TShareMessage = z.infer<typeof ZShareMessage>;
/** A message as written by its sender; the version is added on the way out. */
export type TShareMessageBody = TWithoutVersion<TShareMessage>;
/** Control messages are small; a longer text frame is not one. */
const shareCodec = share.jsonCodec(ZShareMessage, { maxFrameChars: 4_096 });

export type TDecodedShareFrame = { kind: "message"; message: TShareMessage } | { kind: "chunk"; bytes: Uint8Array<ArrayBuffer> } | { kind: "invalid"; reason: string };

/**
 * Sorts what arrived on the channel: a chunk of file bytes (binary, passed through without copying), a control
 * message (validated), or a reason to hang up.
 */
export function decodeShareFrame(data: unknown): TDecodedShareFrame {
  if (data instanceof ArrayBuffer) return { kind: "chunk", bytes: new Uint8Array(data) };
  if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) return { kind: "chunk", bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  const decoded = shareCodec.decode(data);
  return decoded.ok ? { kind: "message", message: decoded.message } : { kind: "invalid", reason: decoded.reason };
}

/** The chunk size for a connection whose SCTP transport takes messages up to `maxMessageSize` bytes (if known). */
export function chunkBytesFor(maxMessageSize: number | undefined): number {
  if (!maxMessageSize) return SAFE_CHUNK_BYTES;
  return Math.min(SHARE_CHUNK_BYTES, maxMessageSize);
}

export const encodeShareMessage = shareCodec.encode;

/** Sends a control message on a share connection (PeerJS's DataConnection, or anything that sends strings). */
export function sendShareMessage(connection: { send: (data: string) => unknown }, body: TShareMessageBody): void {
  void connection.send(encodeShareMessage(body));
}
