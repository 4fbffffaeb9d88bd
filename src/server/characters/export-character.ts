/** Exporting a character as JSON V3, a PNG card (V2 `chara` + V3 `ccv3` chunks) or a CharX archive. */
import sharp from "sharp";
import { readBlob } from "@/server/blobs/blob-store";
import type { TDatabase } from "@/server/db/client";
import type { TCardAsset } from "@/lib/character-card/card-schema";
import { rowsToCard } from "./card-rows";
import { embeddedUri, writeCharx, type TArchiveAsset } from "./formats/charx";
import { cardToJson } from "./formats/json-card";
import { writePngCard } from "./formats/png-card";
import { characterById } from "./queries";

export type TExportFormat = "json" | "png" | "charx";
export type TExportedFile = { fileName: string; contentType: string; bytes: Uint8Array };

const CONTENT_TYPES: Record<TExportFormat, string> = { json: "application/json", png: "image/png", charx: "application/zip" };

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N} _.-]/gu, "").trim().slice(0, 80) || "character";
}

/** Where an asset lives inside a CharX, following the spec's folder convention. */
function archivePath(asset: { type: string; name: string; ext: string }, index: number): string {
  const folder = ["png", "jpg", "jpeg", "webp", "gif", "avif"].includes(asset.ext.toLowerCase()) ? "images" : "other";
  const type = asset.type.replace(/[^\w-]/g, "") || "other";
  const name = asset.name.replace(/[^\w-]/g, "") || `asset${index}`;
  return `assets/${type}/${folder}/${index}-${name}.${asset.ext.replace(/\W/g, "") || "bin"}`;
}

export async function exportCharacter(db: TDatabase, userId: string, characterId: string, format: TExportFormat): Promise<TExportedFile> {
  const { character, entries, assets } = await characterById(db, userId, characterId);
  const base = safeFileName(character.name);
  if (format === "charx") {
    const files: TArchiveAsset[] = [];
    const cardAssets: TCardAsset[] = [];
    for (const [index, asset] of assets.entries()) {
      const blob = await readBlob(db, asset.blobSha256);
      if (!blob) continue;
      const path = archivePath(asset, index);
      files.push({ path, bytes: blob.content });
      cardAssets.push({ type: asset.type, uri: embeddedUri(path), name: asset.name, ext: asset.ext });
    }
    const card = rowsToCard(character, entries, cardAssets);
    return { fileName: `${base}.charx`, contentType: CONTENT_TYPES.charx, bytes: writeCharx(card, files) };
  }
  // JSON and PNG carry no asset files; the portrait is the PNG itself (`ccdefault:`).
  const card = rowsToCard(character, entries, undefined);
  if (format === "json") {
    return { fileName: `${base}.json`, contentType: CONTENT_TYPES.json, bytes: new TextEncoder().encode(cardToJson(card)) };
  }
  const avatar = assets.find((asset) => asset.id === character.avatarAssetId);
  const avatarBlob = avatar ? await readBlob(db, avatar.blobSha256) : null;
  const portrait = avatarBlob
    ? await sharp(avatarBlob.content).png().toBuffer()
    : await sharp({ create: { width: 400, height: 600, channels: 3, background: "#6d28d9" } }).png().toBuffer();
  return { fileName: `${base}.png`, contentType: CONTENT_TYPES.png, bytes: writePngCard(portrait, card) };
}
