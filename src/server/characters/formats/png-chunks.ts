/**
 * Reading and writing PNG tEXt chunks, where PNG character cards keep their JSON (`chara`, `ccv3`). The image
 * data itself is never decoded here; chunks are walked by their lengths with every bound checked.
 */
import { crc32 } from "node:zlib";
import { CardImportError } from "./import-error";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A tEXt chunk far above any real card's size is a malformed or hostile file. */
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

export type TPngChunk = { type: string; data: Buffer };

export function isPng(bytes: Buffer): boolean {
  return bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

export function readPngChunks(bytes: Buffer): TPngChunk[] {
  if (!isPng(bytes)) throw new CardImportError("CORRUPT_IMAGE", "The file is not a PNG image.");
  const chunks: TPngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new CardImportError("CORRUPT_IMAGE", "The PNG image is truncated.");
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (length > MAX_CHUNK_BYTES || offset + 12 + length > bytes.length) {
      throw new CardImportError("CORRUPT_IMAGE", "The PNG image is truncated or damaged.");
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (chunks.at(-1)?.type !== "IEND") throw new CardImportError("CORRUPT_IMAGE", "The PNG image has no end marker.");
  return chunks;
}

/** tEXt chunks as keyword → text (Latin-1, as the PNG spec defines them). */
export function readPngTextChunks(bytes: Buffer): Map<string, string> {
  const texts = new Map<string, string>();
  for (const chunk of readPngChunks(bytes)) {
    if (chunk.type !== "tEXt") continue;
    const separator = chunk.data.indexOf(0);
    if (separator <= 0) continue;
    const keyword = chunk.data.toString("latin1", 0, separator);
    if (!texts.has(keyword)) texts.set(keyword, chunk.data.toString("latin1", separator + 1));
  }
  return texts;
}

function encodeChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([header, data, crc]);
}

/**
 * The same PNG with the given tEXt chunks replacing any of the same keyword, inserted before IEND.
 * Values must be Latin-1 safe (cards are base64, which is).
 */
export function writePngTextChunks(png: Buffer, texts: Record<string, string>): Buffer {
  const replaced = new Set(Object.keys(texts));
  const kept = readPngChunks(png).filter((chunk) => {
    if (chunk.type !== "tEXt") return true;
    const separator = chunk.data.indexOf(0);
    return !replaced.has(chunk.data.toString("latin1", 0, Math.max(0, separator)));
  });
  const iend = kept.pop();
  if (!iend) throw new CardImportError("CORRUPT_IMAGE", "The PNG image has no end marker.");
  const added = Object.entries(texts).map(([keyword, value]) =>
    encodeChunk("tEXt", Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0]), Buffer.from(value, "latin1")])),
  );
  return Buffer.concat([PNG_SIGNATURE, ...kept.map((chunk) => encodeChunk(chunk.type, chunk.data)), ...added, encodeChunk("IEND", iend.data)]);
}
