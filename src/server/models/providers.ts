/**
 * A user's LLM providers: create, edit, delete, and open one for a request. The API key is sealed before it is
 * stored and only its last four characters ever leave the server.
 */
import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { PROVIDER_KIND_INFO, PROVIDER_KINDS } from "@/lib/llm/provider-kinds";
import { lastFour } from "@/server/crypto/secret-box";
import type { TDatabase } from "@/server/db/client";
import { models, providers } from "@/server/db/schema";
import { newId } from "@/server/db/ids";
import { AppError } from "@/server/errors";
import type { TProviderAccess } from "@/server/llm/language-model";
import { openApiKey, sealApiKey, type TKeyOwner } from "./provider-key-ring";

export const MAX_PROVIDERS_PER_USER = 20;

const ZBaseUrl = z
  .string()
  .trim()
  .max(500)
  .url("Enter a full URL, e.g. http://localhost:11434/v1.")
  .refine((url) => /^https?:\/\//i.test(url), "Use an http:// or https:// URL.");

export const ZProviderFields = z.object({
  kind: z.enum(PROVIDER_KINDS),
  label: z.string().trim().min(1, "Enter a name.").max(60, "Use at most 60 characters."),
  baseUrl: ZBaseUrl.nullable().default(null),
  /** Omitted on update: keep the saved key. Empty string: remove it. */
  apiKey: z.string().trim().max(500, "That key is too long.").optional(),
});
export type TProviderFields = z.infer<typeof ZProviderFields>;

export type TProviderSummary = {
  id: string;
  kind: TProviderFields["kind"];
  label: string;
  baseUrl: string | null;
  apiKeyLastFour: string | null;
  modelsRefreshedAt: Date | null;
  modelCount: number;
  /** A key is saved but no longer opens (the app secret changed without AUTH_SECRET_PREVIOUS, or it was altered). */
  keyUnreadable: boolean;
};

function checkFields(fields: TProviderFields, hasKey: boolean): void {
  const info = PROVIDER_KIND_INFO[fields.kind];
  if (!info.defaultBaseUrl && !fields.baseUrl) throw new AppError("INVALID_INPUT", "Enter the server's base URL, e.g. http://localhost:11434/v1.");
  if (info.keyRequired && !hasKey) throw new AppError("INVALID_INPUT", `${info.label} needs an API key.`);
}

export async function listProviders(db: TDatabase, userId: string): Promise<TProviderSummary[]> {
  const rows = await db
    .select({
      id: providers.id,
      kind: providers.kind,
      label: providers.label,
      baseUrl: providers.baseUrl,
      apiKeyLastFour: providers.apiKeyLastFour,
      modelsRefreshedAt: providers.modelsRefreshedAt,
      modelCount: count(models.id),
      apiKeySealed: providers.apiKeySealed,
    })
    .from(providers)
    .leftJoin(models, eq(models.providerId, providers.id))
    .where(eq(providers.userId, userId))
    .groupBy(providers.id)
    .orderBy(asc(providers.createdAt));
  // The sealed key is opened only to learn whether it still opens; neither it nor the key leaves this function.
  return rows.map(({ apiKeySealed, ...row }) => ({ ...row, keyUnreadable: apiKeySealed !== null && !keyOpens(apiKeySealed, { userId, providerId: row.id }) }));
}

function keyOpens(sealed: string, owner: TKeyOwner): boolean {
  try {
    openApiKey(sealed, owner);
    return true;
  } catch {
    return false;
  }
}

export async function createProvider(db: TDatabase, userId: string, fields: TProviderFields): Promise<string> {
  checkFields(fields, Boolean(fields.apiKey));
  const [existing] = await db.select({ total: count() }).from(providers).where(eq(providers.userId, userId));
  if ((existing?.total ?? 0) >= MAX_PROVIDERS_PER_USER) throw new AppError("INVALID_INPUT", `You can keep at most ${MAX_PROVIDERS_PER_USER} providers.`);
  // The ID is chosen first: the sealed key is bound to it.
  const id = newId("prv");
  const [row] = await db
    .insert(providers)
    .values({
      id,
      userId,
      kind: fields.kind,
      label: fields.label,
      baseUrl: fields.baseUrl,
      apiKeySealed: fields.apiKey ? sealApiKey(fields.apiKey, { userId, providerId: id }) : null,
      apiKeyLastFour: fields.apiKey ? lastFour(fields.apiKey) : null,
    })
    .returning({ id: providers.id });
  if (!row) throw new Error("provider insert returned no row");
  return row.id;
}

async function ownedProvider(db: TDatabase, userId: string, providerId: string) {
  const [row] = await db.select().from(providers).where(and(eq(providers.id, providerId), eq(providers.userId, userId)));
  if (!row) throw new AppError("NOT_FOUND", "Provider not found.");
  return row;
}

export async function updateProvider(db: TDatabase, userId: string, providerId: string, fields: TProviderFields): Promise<void> {
  const current = await ownedProvider(db, userId, providerId);
  if (fields.kind !== current.kind) throw new AppError("INVALID_INPUT", "A provider's kind cannot change; add a new provider instead.");
  const keyChange =
    fields.apiKey === undefined
      ? {}
      : { apiKeySealed: fields.apiKey ? sealApiKey(fields.apiKey, { userId, providerId }) : null, apiKeyLastFour: fields.apiKey ? lastFour(fields.apiKey) : null };
  checkFields(fields, fields.apiKey === undefined ? current.apiKeySealed !== null : Boolean(fields.apiKey));
  await db
    .update(providers)
    .set({ label: fields.label, baseUrl: fields.baseUrl, ...keyChange })
    .where(and(eq(providers.id, providerId), eq(providers.userId, userId)));
}

export async function deleteProvider(db: TDatabase, userId: string, providerId: string): Promise<void> {
  const deleted = await db
    .delete(providers)
    .where(and(eq(providers.id, providerId), eq(providers.userId, userId)))
    .returning({ id: providers.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Provider not found.");
}

export type TOpenedProvider = TProviderAccess & { id: string; label: string };
export type TSealedProvider = Pick<typeof providers.$inferSelect, "id" | "userId" | "label" | "kind" | "baseUrl" | "apiKeySealed">;

/** The provider with its key decrypted, for one request; re-seals keys made under a previous app secret. */
export async function openProvider(db: TDatabase, userId: string, providerId: string): Promise<TOpenedProvider> {
  return openSealedProvider(db, await ownedProvider(db, userId, providerId));
}

/** Decrypts the key of a provider row the caller has already read with an owner filter. */
export async function openSealedProvider(db: TDatabase, row: TSealedProvider): Promise<TOpenedProvider> {
  let apiKey: string | null = null;
  if (row.apiKeySealed) {
    try {
      const opened = openApiKey(row.apiKeySealed, { userId: row.userId, providerId: row.id });
      apiKey = opened.apiKey;
      if (opened.resealed) await db.update(providers).set({ apiKeySealed: opened.resealed }).where(eq(providers.id, row.id));
    } catch {
      throw new AppError("UNAVAILABLE", `The saved key for ${row.label} can no longer be read (the server secret changed, or the stored key was altered). Enter the key again.`);
    }
  }
  return { id: row.id, label: row.label, kind: row.kind, baseUrl: row.baseUrl, apiKey };
}
