/** Saving edits from the editor: the card's fields, and the lorebook as a whole (entries in editor order). */
import { and, eq } from "drizzle-orm";
import { type z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { characters, lorebookEntries } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { ZCharacterCardData, type ZLorebook } from "@/lib/character-card/card-schema";
import { cardToRows, entryToRow } from "./card-rows";

/** Everything the editor changes; assets and the lorebook have their own paths. */
export const ZCharacterFields = ZCharacterCardData.omit({ assets: true, character_book: true });

export async function updateCharacterFields(db: TDatabase, userId: string, characterId: string, fields: z.infer<typeof ZCharacterFields>): Promise<void> {
  const { character } = cardToRows({ spec: "chara_card_v3", spec_version: "3.0", data: fields });
  const { lorebook: _lorebook, ...columns } = character;
  const updated = await db
    .update(characters)
    .set({ ...columns, cardModifiedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(characters.id, characterId), eq(characters.userId, userId)))
    .returning({ id: characters.id });
  if (updated.length === 0) throw new AppError("NOT_FOUND", "Character not found.");
}

/** Replaces the lorebook: settings and the entries in the order given. Null removes it. */
export async function saveLorebook(db: TDatabase, userId: string, characterId: string, lorebook: z.infer<typeof ZLorebook> | null): Promise<void> {
  await db.transaction(async (tx) => {
    const { entries = [], extensions = {}, ...settings } = lorebook ?? {};
    const updated = await tx
      .update(characters)
      .set({ lorebook: lorebook ? { ...settings, extensions } : null, updatedAt: new Date() })
      .where(and(eq(characters.id, characterId), eq(characters.userId, userId)))
      .returning({ id: characters.id });
    if (updated.length === 0) throw new AppError("NOT_FOUND", "Character not found.");
    await tx.delete(lorebookEntries).where(eq(lorebookEntries.characterId, characterId));
    if (entries.length > 0) {
      await tx.insert(lorebookEntries).values(entries.map((entry, index) => ({ ...entryToRow(entry, index), userId, characterId })));
    }
  });
}
