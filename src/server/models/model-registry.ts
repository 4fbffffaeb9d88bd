/**
 * The models a user can pick from: listed by their providers or typed by hand, each with limits, capabilities
 * and prices from our defaults until the user overrides them. Starred models come first; hidden ones leave the
 * pickers but keep their settings.
 */
import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { models, providers } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { fallbackModelDefaults, knownModelDefaults, type TModelDefaults } from "@/server/llm/known-models";
import { listProviderModels, type TListedModel } from "@/server/llm/list-models";
import { describeProviderError } from "@/server/llm/provider-errors";
import type { TProviderKind } from "@/lib/llm/provider-kinds";
import { openProvider } from "./providers";
import { countOf } from "@/lib/format/plural";

const ZPrice = z.number().min(0).max(1_000_000).nullable();
const ZModelId = z.string().trim().min(1, "Enter the model's id.").max(200);

export const ZModelOverrides = z.object({
  label: z.string().trim().min(1).max(120),
  contextWindow: z.number().int().min(512).max(10_000_000),
  maxOutputTokens: z.number().int().min(16).max(1_000_000),
  vision: z.boolean(),
  reasoning: z.boolean(),
  tools: z.boolean(),
  /** Dollars per million tokens, as vendors publish them; stored as integer micro-dollars. */
  inputPrice: ZPrice,
  outputPrice: ZPrice,
  cachedInputPrice: ZPrice,
});
export type TModelOverrides = z.infer<typeof ZModelOverrides>;

const toMicros = (dollars: number | null) => (dollars === null ? null : Math.round(dollars * 1_000_000));

function defaultsFor(kind: TProviderKind, listed: Pick<TListedModel, "modelId" | "defaults">): TModelDefaults {
  return { ...fallbackModelDefaults(kind), ...(knownModelDefaults(listed.modelId) ?? {}), ...listed.defaults };
}

export async function listModels(db: TDatabase, userId: string) {
  return db
    .select({
      id: models.id,
      providerId: models.providerId,
      providerLabel: providers.label,
      providerKind: providers.kind,
      modelId: models.modelId,
      label: models.label,
      contextWindow: models.contextWindow,
      maxOutputTokens: models.maxOutputTokens,
      vision: models.vision,
      reasoning: models.reasoning,
      tools: models.tools,
      inputPricePerMillion: models.inputPricePerMillion,
      outputPricePerMillion: models.outputPricePerMillion,
      cachedInputPricePerMillion: models.cachedInputPricePerMillion,
      starred: models.starred,
      hidden: models.hidden,
      customized: models.customized,
      origin: models.origin,
    })
    .from(models)
    .innerJoin(providers, eq(providers.id, models.providerId))
    .where(eq(models.userId, userId))
    .orderBy(desc(models.starred), asc(providers.label), asc(models.modelId));
}

/** Lists the provider's models and merges them in: new ones added, untouched ones re-seeded, custom ones kept. */
export async function refreshModels(db: TDatabase, userId: string, providerId: string): Promise<{ total: number; added: number }> {
  const provider = await openProvider(db, userId, providerId);
  let listed: TListedModel[];
  try {
    listed = await listProviderModels(db, provider);
  } catch (error) {
    throw new AppError("UNAVAILABLE", describeProviderError(error, provider.label).message);
  }
  return db.transaction(async (tx) => {
    const existing = await tx.select({ modelId: models.modelId, customized: models.customized }).from(models).where(eq(models.providerId, providerId));
    const byId = new Map(existing.map((row) => [row.modelId, row]));
    let added = 0;
    for (const model of listed) {
      const current = byId.get(model.modelId);
      if (current?.customized) continue;
      const values = { label: model.label, ...defaultsFor(provider.kind, model) };
      if (current) {
        await tx.update(models).set(values).where(and(eq(models.providerId, providerId), eq(models.modelId, model.modelId)));
      } else {
        await tx.insert(models).values({ ...values, userId, providerId, modelId: model.modelId, origin: "listed" });
        added++;
      }
    }
    await tx.update(providers).set({ modelsRefreshedAt: new Date() }).where(eq(providers.id, providerId));
    return { total: listed.length, added };
  });
}

/** For providers that cannot list models (or list too few): the user types the id. */
export async function addManualModel(db: TDatabase, userId: string, providerId: string, rawModelId: string): Promise<string> {
  const modelId = ZModelId.parse(rawModelId);
  const provider = await openProvider(db, userId, providerId);
  const [row] = await db
    .insert(models)
    .values({ userId, providerId, modelId, label: modelId, origin: "manual", ...defaultsFor(provider.kind, { modelId, defaults: {} }) })
    .onConflictDoNothing()
    .returning({ id: models.id });
  if (!row) throw new AppError("CONFLICT", `${modelId} is already in ${provider.label}'s models.`);
  return row.id;
}

export async function updateModel(db: TDatabase, userId: string, modelRowId: string, overrides: TModelOverrides): Promise<void> {
  const { inputPrice, outputPrice, cachedInputPrice, ...rest } = overrides;
  const updated = await db
    .update(models)
    .set({
      ...rest,
      inputPricePerMillion: toMicros(inputPrice),
      outputPricePerMillion: toMicros(outputPrice),
      cachedInputPricePerMillion: toMicros(cachedInputPrice),
      customized: true,
    })
    .where(and(eq(models.id, modelRowId), eq(models.userId, userId)))
    .returning({ id: models.id });
  if (updated.length === 0) throw new AppError("NOT_FOUND", "Model not found.");
}

export async function setModelFlags(db: TDatabase, userId: string, modelRowIds: string[], flags: { starred?: boolean; hidden?: boolean }): Promise<void> {
  if (modelRowIds.length === 0) return;
  await db
    .update(models)
    .set(flags)
    .where(and(inArray(models.id, modelRowIds), eq(models.userId, userId)));
}

/** Drops the user's overrides and goes back to the known defaults. */
export async function resetModel(db: TDatabase, userId: string, modelRowId: string): Promise<void> {
  const [row] = await db
    .select({ modelId: models.modelId, kind: providers.kind })
    .from(models)
    .innerJoin(providers, eq(providers.id, models.providerId))
    .where(and(eq(models.id, modelRowId), eq(models.userId, userId)));
  if (!row) throw new AppError("NOT_FOUND", "Model not found.");
  await db
    .update(models)
    .set({ ...defaultsFor(row.kind, { modelId: row.modelId, defaults: {} }), customized: false })
    .where(eq(models.id, modelRowId));
}

export async function deleteModel(db: TDatabase, userId: string, modelRowId: string): Promise<void> {
  const deleted = await db
    .delete(models)
    .where(and(eq(models.id, modelRowId), eq(models.userId, userId)))
    .returning({ id: models.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Model not found.");
}

/** Lists the provider's models without saving them: the cheapest request that proves URL and key work. */
export async function testProviderConnection(db: TDatabase, userId: string, providerId: string): Promise<{ ok: boolean; message: string }> {
  const provider = await openProvider(db, userId, providerId);
  try {
    const listed = await listProviderModels(db, provider);
    return { ok: true, message: `Connected to ${provider.label}: ${countOf(listed.length, "model")} available.` };
  } catch (error) {
    return { ok: false, message: describeProviderError(error, provider.label).message };
  }
}
