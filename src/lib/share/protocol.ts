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
import type { TWithoutVersion } from "@/lib/p2p/versioned-message";

export const SHARE_PROTOCOL_VERSION = 4;
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
const v = z.literal(SHARE_PROTOCOL_VERSION);

export const ZShareMessage = z.discriminatedUnion("type", [
  z.object({ v, type: z.literal("hello"), clientId: z.string().regex(/^[\w-]{8,64}$/), ticket: z.string().max(200) }),
  z.object({ v, type: z.literal("request"), fileIndex, offset: byteCount }),
  z.object({ v, type: z.literal("ack"), fileIndex, received: byteCount, stored: byteCount }),
  z.object({ v, type: z.literal("done") }),
  z.object({ v, type: z.literal("cancel") }),
  z.object({ v, type: z.literal("file-start"), fileIndex, offset: byteCount, size: byteCount }),
  z.object({ v, type: z.literal("file-end"), fileIndex, sha256: z.string().regex(SHA256_HEX) }),
  z.object({ v, type: z.literal("stop"), reason: z.string().max(300) }),
]);

export type TShareMessage = z.infer<typeof ZShareMessage>;
/** A message as written by its sender; the version is added on the way out. */
export type TShareMessageBody = TWithoutVersion<TShareMessage>;

export type TDecodedShareFrame = { kind: "message"; message: TShareMessage } | { kind: "chunk"; bytes: Uint8Array<ArrayBuffer> } | { kind: "invalid"; reason: string };

/** Sorts what arrived on the channel: a control message (validated), a chunk of file bytes, or a reason to hang up. */
export function decodeShareFrame(data: unknown): TDecodedShareFrame {
  if (data instanceof ArrayBuffer) return { kind: "chunk", bytes: new Uint8Array(data) };
  if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) return { kind: "chunk", bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  if (typeof data !== "string" || data.length > 4_096) return { kind: "invalid", reason: "Unexpected data on the share channel." };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "invalid", reason: "A share message was not JSON." };
  }
  const parsed = ZShareMessage.safeParse(json);
  if (!parsed.success) {
    const version = (json as { v?: unknown } | null)?.v;
    return { kind: "invalid", reason: version !== SHARE_PROTOCOL_VERSION ? `Unsupported share protocol version ${String(version)}.` : "An invalid share message was received." };
  }
  return { kind: "message", message: parsed.data };
}

/** The chunk size for a connection whose SCTP transport takes messages up to `maxMessageSize` bytes (if known). */
export function chunkBytesFor(maxMessageSize: number | undefined): number {
  if (!maxMessageSize) return SAFE_CHUNK_BYTES;
  return Math.min(SHARE_CHUNK_BYTES, maxMessageSize);
}

export function encodeShareMessage(body: TShareMessageBody): string {
  return JSON.stringify({ v: SHARE_PROTOCOL_VERSION, ...body });
}

/** Sends a control message on a share connection (PeerJS's DataConnection, or anything that sends strings). */
export function sendShareMessage(connection: { send: (data: string) => unknown }, body: TShareMessageBody): void {
  void connection.send(encodeShareMessage(body));
}
