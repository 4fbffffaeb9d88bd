/** Personas: who the user is in a chat (name, description, picture). At most one is the default. */
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { putBlob } from "@/server/blobs/blob-store";
import type { TDatabase } from "@/server/db/client";
import { personas } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { processAvatarImage } from "@/server/images/avatar-image";

export const ZPersonaFields = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  description: z.string().max(20_000, "Use at most 20,000 characters.").default(""),
  isDefault: z.boolean().default(false),
});

export async function listPersonas(db: TDatabase, userId: string) {
  return db
    .select({ id: personas.id, name: personas.name, description: personas.description, isDefault: personas.isDefault, avatarSha256: personas.avatarSha256 })
    .from(personas)
    .where(eq(personas.userId, userId))
    .orderBy(asc(personas.createdAt));
}

export async function createPersona(db: TDatabase, userId: string, fields: z.infer<typeof ZPersonaFields>): Promise<string> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: personas.id }).from(personas).where(eq(personas.userId, userId)).limit(1);
    // The first persona is the default, so a user always has one when they have any.
    const isDefault = fields.isDefault || existing.length === 0;
    if (isDefault) await tx.update(personas).set({ isDefault: false }).where(eq(personas.userId, userId));
    const [row] = await tx.insert(personas).values({ ...fields, isDefault, userId }).returning({ id: personas.id });
    if (!row) throw new Error("persona insert returned no row");
    return row.id;
  });
}

export async function updatePersona(db: TDatabase, userId: string, personaId: string, fields: z.infer<typeof ZPersonaFields>): Promise<void> {
  await db.transaction(async (tx) => {
    if (fields.isDefault) {
      await tx.update(personas).set({ isDefault: false }).where(and(eq(personas.userId, userId), ne(personas.id, personaId)));
    }
    const updated = await tx
      .update(personas)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(personas.id, personaId), eq(personas.userId, userId)))
      .returning({ id: personas.id });
    if (updated.length === 0) throw new AppError("NOT_FOUND", "Persona not found.");
  });
}

export async function deletePersona(db: TDatabase, userId: string, personaId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(personas)
      .where(and(eq(personas.id, personaId), eq(personas.userId, userId)))
      .returning({ isDefault: personas.isDefault });
    if (!deleted) throw new AppError("NOT_FOUND", "Persona not found.");
    if (deleted.isDefault) {
      // Hand the default to the oldest remaining persona.
      const [next] = await tx.select({ id: personas.id }).from(personas).where(eq(personas.userId, userId)).orderBy(asc(personas.createdAt)).limit(1);
      if (next) await tx.update(personas).set({ isDefault: true }).where(eq(personas.id, next.id));
    }
  });
}

/** Sets a persona's picture (already processed into a small WebP), for its owner only. */
export async function setPersonaAvatar(db: TDatabase, userId: string, personaId: string, upload: Buffer): Promise<void> {
  const avatar = await processAvatarImage(upload);
  await db.transaction(async (tx) => {
    const sha256 = await putBlob(tx, avatar.content, avatar.contentType);
    const updated = await tx
      .update(personas)
      .set({ avatarSha256: sha256, updatedAt: new Date() })
      .where(and(eq(personas.id, personaId), eq(personas.userId, userId)))
      .returning({ id: personas.id });
    if (updated.length === 0) throw new AppError("NOT_FOUND", "Persona not found.");
  });
}

export async function personaAvatarSha256(db: TDatabase, userId: string, personaId: string): Promise<string | null> {
  const [persona] = await db
    .select({ avatarSha256: personas.avatarSha256 })
    .from(personas)
    .where(and(eq(personas.id, personaId), eq(personas.userId, userId)));
  return persona?.avatarSha256 ?? null;
}
