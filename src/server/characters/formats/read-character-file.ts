/**
 * One entry point for every file people drop on the library: PNG/APNG cards, CharX archives, JSON cards and
 * standalone lorebooks, told apart by their content rather than their name. Anything else, and anything
 * malformed, ends in a CardImportError; no other error escapes.
 */
import type { TCharacterCardV3, TLorebook } from "@/lib/character-card/card-schema";
import { embeddedPath, readCharx } from "./charx";
import { CardImportError } from "./import-error";
import { cardFromJsonValue, parseJsonText } from "./json-card";
import { lorebookFromJsonValue } from "./lorebook-file";
import { parsePngCard } from "./png-card";
import { isPng } from "./png-chunks";

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type TImportedAsset = { type: string; name: string; ext: string; bytes: Uint8Array };

export type TCharacterFile =
  | { kind: "card"; format: "png" | "charx" | "json"; card: TCharacterCardV3; assets: TImportedAsset[] }
  | { kind: "lorebook"; lorebook: TLorebook };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function readCharacterFile(input: Uint8Array): TCharacterFile {
  if (input.length > MAX_IMPORT_BYTES) throw new CardImportError("TOO_LARGE", "Files can be at most 50 MiB.");
  if (input.length === 0) throw new CardImportError("UNSUPPORTED_FILE", "The file is empty.");
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  try {
    if (isPng(bytes)) {
      const card = parsePngCard(bytes);
      // The picture the card travels in is its portrait (`ccdefault:` in V3 terms).
      return { kind: "card", format: "png", card, assets: [{ type: "icon", name: "main", ext: "png", bytes }] };
    }
    if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return charxFile(bytes);
    const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "").trimStart();
    if (text.startsWith("{")) return jsonFile(parseJsonText(text));
  } catch (error) {
    if (error instanceof CardImportError) throw error;
    // A parser tripping over hostile input is still just a bad file to the person importing it.
    throw new CardImportError("UNSUPPORTED_FILE", "The file could not be read as a character card or lorebook.");
  }
  throw new CardImportError("UNSUPPORTED_FILE", "Use a PNG card, a .charx archive, or a JSON card or lorebook.");
}

function charxFile(bytes: Buffer): TCharacterFile {
  const { card, files } = readCharx(bytes);
  const assets: TImportedAsset[] = [];
  for (const asset of card.data.assets ?? []) {
    const path = embeddedPath(asset.uri);
    const content = path ? files.get(path) : undefined;
    if (content) assets.push({ type: asset.type, name: asset.name, ext: asset.ext, bytes: content });
  }
  return { kind: "card", format: "charx", card, assets };
}

function jsonFile(value: unknown): TCharacterFile {
  const record = value as Record<string, unknown> | null;
  const looksLikeLorebook =
    record !== null && typeof record === "object" && !("spec" in record) && !("name" in record && "first_mes" in record) && "entries" in record;
  if (looksLikeLorebook) return { kind: "lorebook", lorebook: lorebookFromJsonValue(value) };
  return { kind: "card", format: "json", card: cardFromJsonValue(value), assets: [] };
}
