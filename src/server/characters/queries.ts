/** Reading and removing characters. Every query filters by the owner: another user's ID finds nothing. */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { deleteUnreferencedBlobs } from "@/server/blobs/blob-store";
import type { TDatabase } from "@/server/db/client";
import { characterAssets, characters, lorebookEntries } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export const ZCharacterListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  tag: z.string().trim().max(100).optional(),
  sort: z.enum(["recent", "name", "created"]).default("recent"),
});

const SORTS = {
  recent: [desc(characters.updatedAt)],
  name: [asc(sql`lower(${characters.name})`)],
  created: [desc(characters.createdAt)],
} satisfies Record<z.infer<typeof ZCharacterListQuery>["sort"], SQL[]>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function listCharacters(db: TDatabase, userId: string, query: z.infer<typeof ZCharacterListQuery>) {
  const filters: SQL[] = [eq(characters.userId, userId)];
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    const match = or(ilike(characters.name, pattern), ilike(characters.creator, pattern), ilike(characters.description, pattern));
    if (match) filters.push(match);
  }
  if (query.tag) filters.push(sql`${characters.tags} @> array[${query.tag}]::text[]`);
  return db
    .select({
      id: characters.id,
      name: characters.name,
      creator: characters.creator,
      tags: characters.tags,
      avatarAssetId: characters.avatarAssetId,
      updatedAt: characters.updatedAt,
    })
    .from(characters)
    .where(and(...filters))
    .orderBy(...SORTS[query.sort]);
}

export async function characterById(db: TDatabase, userId: string, characterId: string) {
  const [character] = await db
    .select()
    .from(characters)
    .where(and(eq(characters.id, characterId), eq(characters.userId, userId)));
  if (!character) throw new AppError("NOT_FOUND", "Character not found.");
  const entries = await db
    .select()
    .from(lorebookEntries)
    .where(eq(lorebookEntries.characterId, characterId))
    .orderBy(asc(lorebookEntries.position));
  const assets = await db
    .select({
      id: characterAssets.id,
      type: characterAssets.type,
      name: characterAssets.name,
      ext: characterAssets.ext,
      width: characterAssets.width,
      height: characterAssets.height,
      blobSha256: characterAssets.blobSha256,
    })
    .from(characterAssets)
    .where(eq(characterAssets.characterId, characterId))
    .orderBy(asc(characterAssets.position));
  return { character, entries, assets };
}

/** The character goes, and with it its lorebook entries and assets (ON DELETE CASCADE). */
export async function deleteCharacter(db: TDatabase, userId: string, characterId: string): Promise<void> {
  const deleted = await db
    .delete(characters)
    .where(and(eq(characters.id, characterId), eq(characters.userId, userId)))
    .returning({ id: characters.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Character not found.");
  await deleteUnreferencedBlobs(db);
}

/** An asset's bytes (or its thumbnail), only for its owner. */
export async function readCharacterAsset(db: TDatabase, userId: string, characterId: string, assetId: string, thumbnail: boolean) {
  const [asset] = await db
    .select({ blobSha256: characterAssets.blobSha256, thumbnailSha256: characterAssets.thumbnailSha256 })
    .from(characterAssets)
    .where(and(eq(characterAssets.id, assetId), eq(characterAssets.characterId, characterId), eq(characterAssets.userId, userId)));
  if (!asset) return null;
  return thumbnail && asset.thumbnailSha256 ? asset.thumbnailSha256 : asset.blobSha256;
}
