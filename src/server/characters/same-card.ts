/**
 * Is this card already in the library? The same name and the same content, where content is what the card
 * says: its dates (an export stamps a new one), its asset list and fields left empty are not part of it.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { TCharacterCardData } from "@/lib/character-card/card-schema";
import type { TDatabase } from "@/server/db/client";
import { characters, lorebookEntries } from "@/server/db/schema";
import { rowsToCard } from "./card-rows";

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);

/** Keys sorted, empty values dropped, so two spellings of the same card compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value)
    .map(([key, item]) => [key, canonical(item)] as const)
    .filter(([, item]) => !isEmpty(item))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries);
}

export function cardContent(data: TCharacterCardData): string {
  const { assets: _assets, creation_date: _created, modification_date: _modified, ...content } = data;
  return JSON.stringify(canonical(content));
}

/** The ID of one of the person's characters with this card's name and content, if there is one. */
export async function findSameCharacter(db: TDatabase, userId: string, data: TCharacterCardData): Promise<string | null> {
  const candidates = await db
    .select()
    .from(characters)
    .where(and(eq(characters.userId, userId), eq(characters.name, data.name)));
  if (candidates.length === 0) return null;
  const entries = await db
    .select()
    .from(lorebookEntries)
    .where(inArray(lorebookEntries.characterId, candidates.map((candidate) => candidate.id)))
    .orderBy(asc(lorebookEntries.position));
  const content = cardContent(data);
  const same = candidates.find(
    (candidate) => cardContent(rowsToCard(candidate, entries.filter((entry) => entry.characterId === candidate.id), undefined).data) === content,
  );
  return same?.id ?? null;
}
