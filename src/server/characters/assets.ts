/** Managing a character's assets after import: add one, choose the avatar, remove one. Owner only. */
import { and, eq, max } from "drizzle-orm";
import { z } from "zod";
import { deleteUnreferencedBlobs, putBlob } from "@/server/blobs/blob-store";
import type { TDatabase } from "@/server/db/client";
import { characterAssets, characters } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { ImageRefusedError, prepareAsset } from "@/server/images/asset-images";

export const ZNewAsset = z.object({
  type: z.enum(["icon", "emotion", "background", "user_icon", "other"]),
  name: z.string().trim().min(1, "Name the asset.").max(100).regex(/^[\w .-]+$/, "Use letters, digits, spaces, dots, dashes."),
  ext: z.string().trim().toLowerCase().regex(/^[a-z0-9]{1,10}$/, "Not a file extension."),
});

async function requireOwnCharacter(db: TDatabase, userId: string, characterId: string) {
  const [character] = await db
    .select({ id: characters.id, avatarAssetId: characters.avatarAssetId })
    .from(characters)
    .where(and(eq(characters.id, characterId), eq(characters.userId, userId)));
  if (!character) throw new AppError("NOT_FOUND", "Character not found.");
  return character;
}

export async function addCharacterAsset(db: TDatabase, userId: string, characterId: string, asset: z.infer<typeof ZNewAsset>, bytes: Buffer): Promise<string> {
  const prepared = await prepareAsset(bytes, asset.ext).catch((error: unknown) => {
    throw error instanceof ImageRefusedError ? new AppError("INVALID_INPUT", error.message) : error;
  });
  return db.transaction(async (tx) => {
    const character = await requireOwnCharacter(tx, userId, characterId);
    const [last] = await tx.select({ position: max(characterAssets.position) }).from(characterAssets).where(eq(characterAssets.characterId, characterId));
    const [row] = await tx
      .insert(characterAssets)
      .values({
        userId,
        characterId,
        ...asset,
        blobSha256: await putBlob(tx, bytes, prepared.contentType, prepared.sha256),
        thumbnailSha256: prepared.image ? await putBlob(tx, prepared.image.thumbnail, "image/webp") : null,
        width: prepared.image?.width ?? null,
        height: prepared.image?.height ?? null,
        position: (last?.position ?? -1) + 1,
      })
      .returning({ id: characterAssets.id });
    if (!row) throw new Error("asset insert returned no row");
    // A character's first icon becomes its picture.
    if (!character.avatarAssetId && asset.type === "icon" && prepared.image) {
      await tx.update(characters).set({ avatarAssetId: row.id, updatedAt: new Date() }).where(eq(characters.id, characterId));
    }
    return row.id;
  });
}

export async function setCharacterAvatar(db: TDatabase, userId: string, characterId: string, assetId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireOwnCharacter(tx, userId, characterId);
    const [asset] = await tx
      .select({ width: characterAssets.width })
      .from(characterAssets)
      .where(and(eq(characterAssets.id, assetId), eq(characterAssets.characterId, characterId)));
    if (!asset) throw new AppError("NOT_FOUND", "Asset not found.");
    if (asset.width === null) throw new AppError("INVALID_INPUT", "Only a picture can be the avatar.");
    await tx.update(characters).set({ avatarAssetId: assetId, updatedAt: new Date() }).where(eq(characters.id, characterId));
  });
}

export async function removeCharacterAsset(db: TDatabase, userId: string, characterId: string, assetId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const character = await requireOwnCharacter(tx, userId, characterId);
    const deleted = await tx
      .delete(characterAssets)
      .where(and(eq(characterAssets.id, assetId), eq(characterAssets.characterId, characterId)))
      .returning({ id: characterAssets.id });
    if (deleted.length === 0) throw new AppError("NOT_FOUND", "Asset not found.");
    if (character.avatarAssetId === assetId) {
      await tx.update(characters).set({ avatarAssetId: null, updatedAt: new Date() }).where(eq(characters.id, characterId));
    }
  });
  await deleteUnreferencedBlobs(db);
}
