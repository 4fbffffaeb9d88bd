/**
 * Importing files into the library. Each file is read, validated and saved in its own transaction: a file
 * either becomes a complete character (fields, lorebook, assets) or leaves nothing behind, and one bad file
 * in a batch does not stop the others. The files of one import share one asset preparer, so each distinct
 * image is decoded once and all of them together stay within one pixel budget (images/asset-images.ts).
 */
import { and, eq, max } from "drizzle-orm";
import { putBlob } from "@/server/blobs/blob-store";
import type { TDatabase } from "@/server/db/client";
import { characterAssets, characters, lorebookEntries } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { createAssetPreparer, ImageRefusedError, type TAssetPreparer, type TPreparedAsset } from "@/server/images/asset-images";
import { logger } from "@/server/logger";
import type { TCharacterCardV3, TLorebook } from "@/lib/character-card/card-schema";
import { cardToRows, entryToRow } from "./card-rows";
import { CardImportError, type TCardImportErrorCode } from "./formats/import-error";
import { readCharacterFile, type TImportedAsset } from "./formats/read-character-file";
import { findSameCharacter } from "./same-card";

export const MAX_FILES_PER_IMPORT = 20;

export type TImportResult =
  | { fileName: string; ok: true; kind: "character"; characterId: string; name: string }
  | { fileName: string; ok: true; kind: "lorebook"; characterId: string; entries: number }
  | { fileName: string; ok: false; code: TCardImportErrorCode | "NO_TARGET"; error: string }
  /** The library already has this card; the person may import it again as a copy, or skip it. */
  | { fileName: string; ok: false; code: "DUPLICATE"; error: string; characterId: string };

export type TImportFile = { fileName: string; bytes: Uint8Array };

export type TImportOptions = {
  /** Where standalone lorebooks go. */
  lorebookTargetId?: string;
  /** Decodes this import's images; a fresh one (with a fresh pixel budget) by default. */
  assetPreparer?: TAssetPreparer;
  /** "ask" (the default) refuses a card the library already has, so the person can choose; "copy" imports it anyway. */
  duplicates?: "ask" | "copy";
};

export async function importFiles(db: TDatabase, userId: string, files: TImportFile[], options: TImportOptions = {}): Promise<TImportResult[]> {
  const { lorebookTargetId, assetPreparer = createAssetPreparer(), duplicates = "ask" } = options;
  const results: TImportResult[] = [];
  for (const file of files.slice(0, MAX_FILES_PER_IMPORT)) results.push(await importFile(db, userId, file, { assetPreparer, lorebookTargetId, duplicates }));
  return results;
}

async function importFile(
  db: TDatabase,
  userId: string,
  { fileName, bytes }: TImportFile,
  { assetPreparer, lorebookTargetId, duplicates }: Required<Pick<TImportOptions, "assetPreparer" | "duplicates">> & Pick<TImportOptions, "lorebookTargetId">,
): Promise<TImportResult> {
  try {
    const file = readCharacterFile(bytes);
    if (file.kind === "lorebook") {
      if (!lorebookTargetId) {
        return { fileName, ok: false, code: "NO_TARGET", error: "This is a lorebook: open a character and import it there." };
      }
      const entries = await appendLorebook(db, userId, lorebookTargetId, file.lorebook);
      return { fileName, ok: true, kind: "lorebook", characterId: lorebookTargetId, entries };
    }
    if (duplicates === "ask") {
      const existing = await findSameCharacter(db, userId, file.card.data);
      if (existing) return { fileName, ok: false, code: "DUPLICATE", error: `${file.card.data.name} is already in your library.`, characterId: existing };
    }
    // One at a time, so an import holds at most one decoded image in memory.
    const prepared: TPrepared[] = [];
    for (const asset of file.assets) prepared.push({ asset, prepared: await assetPreparer.prepare(asset.bytes, asset.ext) });
    const characterId = await saveCard(db, userId, file.card, prepared);
    return { fileName, ok: true, kind: "character", characterId, name: file.card.data.name };
  } catch (error) {
    if (error instanceof CardImportError || error instanceof ImageRefusedError) return { fileName, ok: false, code: error.code, error: error.message };
    if (error instanceof AppError) return { fileName, ok: false, code: "NOT_A_CARD", error: error.message };
    logger.error({ err: error, fileName }, "character import failed");
    return { fileName, ok: false, code: "UNSUPPORTED_FILE", error: "Something went wrong saving this file; nothing was imported." };
  }
}

type TPrepared = { asset: TImportedAsset; prepared: TPreparedAsset };

export async function saveCard(db: TDatabase, userId: string, card: TCharacterCardV3, assets: TPrepared[]): Promise<string> {
  const { character, entries } = cardToRows(card);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(characters).values({ ...character, userId }).returning({ id: characters.id });
    if (!row) throw new Error("character insert returned no row");
    if (entries.length > 0) {
      await tx.insert(lorebookEntries).values(entries.map((entry) => ({ ...entry, userId, characterId: row.id })));
    }
    let avatarAssetId: string | null = null;
    // Many assets may share one picture: its bytes and thumbnail are written once.
    const stored = new Map<string, string | null>();
    for (const [position, { asset, prepared }] of assets.entries()) {
      const blobSha256 = prepared.sha256;
      let thumbnailSha256 = stored.get(blobSha256);
      if (thumbnailSha256 === undefined) {
        await putBlob(tx, asset.bytes, prepared.contentType, blobSha256);
        thumbnailSha256 = prepared.image ? await putBlob(tx, prepared.image.thumbnail, "image/webp") : null;
        stored.set(blobSha256, thumbnailSha256);
      }
      const [assetRow] = await tx
        .insert(characterAssets)
        .values({
          userId,
          characterId: row.id,
          type: asset.type,
          name: asset.name,
          ext: asset.ext,
          blobSha256,
          thumbnailSha256,
          width: prepared.image?.width ?? null,
          height: prepared.image?.height ?? null,
          position,
        })
        .returning({ id: characterAssets.id });
      // The main icon is the avatar; failing a "main" one, the first icon.
      if (assetRow && asset.type === "icon" && prepared.image && (avatarAssetId === null || asset.name === "main")) avatarAssetId = assetRow.id;
    }
    if (avatarAssetId) await tx.update(characters).set({ avatarAssetId }).where(eq(characters.id, row.id));
    return row.id;
  });
}

/** Adds a standalone lorebook's entries after the character's own, creating its lorebook if it has none. */
async function appendLorebook(db: TDatabase, userId: string, characterId: string, lorebook: TLorebook): Promise<number> {
  return db.transaction(async (tx) => {
    const [character] = await tx
      .select({ id: characters.id, lorebook: characters.lorebook })
      .from(characters)
      .where(and(eq(characters.id, characterId), eq(characters.userId, userId)));
    if (!character) throw new AppError("NOT_FOUND", "Character not found.");
    const [last] = await tx.select({ position: max(lorebookEntries.position) }).from(lorebookEntries).where(eq(lorebookEntries.characterId, characterId));
    const start = (last?.position ?? -1) + 1;
    if (lorebook.entries.length > 0) {
      await tx
        .insert(lorebookEntries)
        .values(lorebook.entries.map((entry, index) => ({ ...entryToRow(entry, start + index), userId, characterId })));
    }
    if (!character.lorebook) {
      const { entries: _entries, extensions, ...settings } = lorebook;
      await tx.update(characters).set({ lorebook: { ...settings, extensions }, updatedAt: new Date() }).where(eq(characters.id, characterId));
    }
    return lorebook.entries.length;
  });
}
