/**
 * CharX: a zip with `card.json` (V3) at its root and assets referenced as `embeded://path`. Archives are
 * untrusted: entry count, each entry's size, the total and the compression ratio are checked from the
 * central directory before anything is inflated, and inflation is bounded by those declared sizes, so a
 * zip bomb is refused without being unpacked. Entry names that could escape a folder are refused too.
 */
import { strToU8, unzipSync, zipSync, type UnzipFileInfo } from "fflate";
import type { TCharacterCardV3 } from "@/lib/character-card/card-schema";
import { CardImportError, readInsideContainer } from "./import-error";
import { parseCardJson } from "./json-card";

export const CHARX_LIMITS = {
  entries: 1_000,
  entryBytes: 50 * 1024 * 1024,
  totalBytes: 200 * 1024 * 1024,
  /** Real assets (PNG, WebP, MP3) barely compress; text compresses ~10×. Far beyond that is a bomb. */
  compressionRatio: 100,
} as const;

export type TArchiveAsset = { path: string; bytes: Uint8Array };
export type TCharx = { card: TCharacterCardV3; files: Map<string, Uint8Array> };

const EMBEDDED_PREFIX = "embeded://";

/** A zip entry name that stays inside the archive's folder when extracted anywhere. */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 500) return false;
  if (name.includes("\\") || name.includes("\0") || name.startsWith("/") || /^[A-Za-z]:/.test(name)) return false;
  return name.split("/").every((segment) => segment !== ".." && segment !== ".");
}

function checkEntries(entries: UnzipFileInfo[]): void {
  if (entries.length > CHARX_LIMITS.entries) {
    throw new CardImportError("ARCHIVE_TOO_LARGE", `The archive has more than ${CHARX_LIMITS.entries} files.`);
  }
  let total = 0;
  for (const entry of entries) {
    if (!isSafeEntryName(entry.name)) {
      throw new CardImportError("UNSAFE_PATH", `The archive contains an unsafe file name: ${JSON.stringify(entry.name.slice(0, 80))}.`);
    }
    total += entry.originalSize;
    const ratio = entry.size > 0 ? entry.originalSize / entry.size : entry.originalSize > 0 ? Infinity : 1;
    if (entry.originalSize > CHARX_LIMITS.entryBytes || total > CHARX_LIMITS.totalBytes || (entry.originalSize > 1024 * 1024 && ratio > CHARX_LIMITS.compressionRatio)) {
      throw new CardImportError("ARCHIVE_TOO_LARGE", "The archive unpacks to more than Coterie accepts (a zip bomb?).");
    }
  }
}

export function readCharx(bytes: Uint8Array): TCharx {
  const entries: UnzipFileInfo[] = [];
  let files: Record<string, Uint8Array>;
  try {
    // First pass reads only the central directory: the filter sees every entry and inflates none.
    unzipSync(bytes, { filter: (entry) => (entries.push(entry), false) });
  } catch {
    throw new CardImportError("CORRUPT_ARCHIVE", "The file is not a readable zip archive.");
  }
  checkEntries(entries);
  try {
    files = unzipSync(bytes, { filter: (entry) => !entry.name.endsWith("/") });
  } catch {
    throw new CardImportError("CORRUPT_ARCHIVE", "The zip archive is damaged.");
  }
  const cardJson = files["card.json"];
  if (!cardJson) throw new CardImportError("NOT_A_CARD", "The archive has no card.json at its root.");
  return { card: cardOfArchive(cardJson), files: new Map(Object.entries(files)) };
}

/** The archive path an `embeded://` URI points at, or null for other URIs. */
export function embeddedPath(uri: string): string | null {
  if (!uri.startsWith(EMBEDDED_PREFIX)) return null;
  const path = uri.slice(EMBEDDED_PREFIX.length);
  return isSafeEntryName(path) ? path : null;
}

export function embeddedUri(path: string): string {
  return `${EMBEDDED_PREFIX}${path}`;
}

export function writeCharx(card: TCharacterCardV3, assets: TArchiveAsset[]): Uint8Array {
  const entries: Record<string, Uint8Array> = { "card.json": strToU8(JSON.stringify(card)) };
  for (const asset of assets) entries[asset.path] = asset.bytes;
  // Images and audio are already compressed: store them, deflate only the JSON.
  return zipSync(entries, { level: 0 });
}

function cardOfArchive(cardJson: Uint8Array): TCharacterCardV3 {
  return readInsideContainer(() => parseCardJson(cardJson), new CardImportError("CORRUPT_ARCHIVE", "The archive is damaged: its card.json cannot be read."));
}
