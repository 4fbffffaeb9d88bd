/** For tests: a share checksum computed independently of PieceHasher, by Node's crypto. */
import { createHash } from "node:crypto";
import { SHARE_PIECE_BYTES } from "../piece-hasher";

/** The checksum as defined: SHA-256 over the SHA-256 digests of the file's pieces, in order. */
export function referenceChecksum(bytes: Uint8Array, pieceBytes = SHARE_PIECE_BYTES): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += pieceBytes) digests.push(createHash("sha256").update(bytes.subarray(at, at + pieceBytes)).digest());
  return createHash("sha256").update(Buffer.concat(digests)).digest("hex");
}
