/**
 * Finding one of a person's characters or personas for another domain (a chat, a room, a reply): the owner is
 * part of every query, so another person's ID finds nothing and reads as "not found".
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { characters, personas } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export type TCharacterRow = typeof characters.$inferSelect;
export type TPersonaRow = typeof personas.$inferSelect;

export async function ownedCharacter(db: TDatabase, userId: string, characterId: string): Promise<TCharacterRow> {
  const [character] = await db.select().from(characters).where(and(eq(characters.id, characterId), eq(characters.userId, userId)));
  if (!character) throw new AppError("NOT_FOUND", "Character not found.");
  return character;
}

/** The persona asked for, or with none asked for the person's default persona (if they have one). */
export async function ownedPersona(db: TDatabase, userId: string, personaId: string | null): Promise<TPersonaRow | null> {
  if (!personaId) {
    const [fallback] = await db.select().from(personas).where(and(eq(personas.userId, userId), eq(personas.isDefault, true)));
    return fallback ?? null;
  }
  const [persona] = await db.select().from(personas).where(and(eq(personas.id, personaId), eq(personas.userId, userId)));
  if (!persona) throw new AppError("NOT_FOUND", "Persona not found.");
  return persona;
}
