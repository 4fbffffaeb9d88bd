/** Characters that begin in Coterie rather than in an imported file: written from scratch, or copied. */
import { and, asc, eq } from "drizzle-orm";
import { type z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { characterAssets, characters, lorebookEntries } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { CARD_LIMITS } from "@/lib/character-card/card-schema";
import { cardToRows } from "./card-rows";
import type { ZCharacterFields } from "./edit-character";

export async function createCharacter(db: TDatabase, userId: string, fields: z.infer<typeof ZCharacterFields>): Promise<string> {
  const { character } = cardToRows({ spec: "chara_card_v3", spec_version: "3.0", data: fields });
  const now = new Date();
  const [row] = await db
    .insert(characters)
    .values({ ...character, lorebook: null, cardCreatedAt: now, cardModifiedAt: now, userId })
    .returning({ id: characters.id });
  if (!row) throw new Error("character insert returned no row");
  return row.id;
}

/** A copy is a character of its own: its lorebook entries and assets are copied rows (the bytes are shared blobs). */
export async function duplicateCharacter(db: TDatabase, userId: string, characterId: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(characters)
      .where(and(eq(characters.id, characterId), eq(characters.userId, userId)));
    if (!original) throw new AppError("NOT_FOUND", "Character not found.");
    const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, avatarAssetId, ...fields } = original;
    const [copy] = await tx
      .insert(characters)
      .values({ ...fields, name: `${original.name} (copy)`.slice(0, CARD_LIMITS.shortField) })
      .returning({ id: characters.id });
    if (!copy) throw new Error("character insert returned no row");

    const entries = await tx.select().from(lorebookEntries).where(eq(lorebookEntries.characterId, characterId)).orderBy(asc(lorebookEntries.position));
    if (entries.length > 0) {
      await tx.insert(lorebookEntries).values(entries.map(({ id: _entryId, characterId: _from, ...entry }) => ({ ...entry, characterId: copy.id })));
    }
    const assets = await tx.select().from(characterAssets).where(eq(characterAssets.characterId, characterId)).orderBy(asc(characterAssets.position));
    for (const { id: assetId, characterId: _from, createdAt: _assetCreatedAt, ...asset } of assets) {
      const [copied] = await tx.insert(characterAssets).values({ ...asset, characterId: copy.id }).returning({ id: characterAssets.id });
      if (copied && assetId === avatarAssetId) await tx.update(characters).set({ avatarAssetId: copied.id }).where(eq(characters.id, copy.id));
    }
    return copy.id;
  });
}
