/**
 * A file's checksum, computed while its bytes stream past: the SHA-256 of each 1 MiB piece, then the SHA-256
 * of those digests in order. WebCrypto does the hashing natively and off the page's main thread, which an
 * incremental SHA-256 of the whole file cannot (WebCrypto has no incremental digest, and hashing in script
 * took more time than the transfer left to the page). Both sides cut pieces at the same offsets from the
 * file's start, whatever sizes the bytes arrive in.
 */
export const SHARE_PIECE_BYTES = 1024 * 1024;

const DIGEST_BYTES = 32;

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

export class PieceHasher {
  private readonly piece: Uint8Array<ArrayBuffer>;
  private filled = 0;
  private readonly digests: Promise<ArrayBuffer>[] = [];

  constructor(private readonly pieceBytes = SHARE_PIECE_BYTES) {
    this.piece = new Uint8Array(pieceBytes);
  }

  update(bytes: Uint8Array<ArrayBuffer>): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.filled === 0 && bytes.length - at >= this.pieceBytes) {
        // A whole piece in place (the uploader reads piece-aligned slices): hashed without copying it first.
        this.digests.push(crypto.subtle.digest("SHA-256", bytes.subarray(at, at + this.pieceBytes)));
        at += this.pieceBytes;
        continue;
      }
      const take = Math.min(this.pieceBytes - this.filled, bytes.length - at);
      this.piece.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.pieceBytes) this.endPiece();
    }
  }

  /** The file's checksum (hex); call once, after the last byte. */
  async digest(): Promise<string> {
    if (this.filled > 0) this.endPiece();
    const digests = await Promise.all(this.digests);
    const joined = new Uint8Array(digests.length * DIGEST_BYTES);
    digests.forEach((digest, index) => joined.set(new Uint8Array(digest), index * DIGEST_BYTES));
    return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", joined)));
  }

  private endPiece(): void {
    // digest() copies its input before it returns (WebCrypto requires it), so the buffer is free to fill again.
    this.digests.push(crypto.subtle.digest("SHA-256", this.piece.subarray(0, this.filled)));
    this.filled = 0;
  }
}
