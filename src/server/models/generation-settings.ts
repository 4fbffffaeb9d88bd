/**
 * Which model serves each scenario (chat, translation, room auto-reply, titles) and with what settings. A
 * scenario without a saved choice uses the user's first starred visible model (else the first visible one) and
 * the defaults below, so a new user with one provider can chat at once.
 */
import "server-only";
import { and, asc, desc, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { SCENARIOS, type TScenario } from "@/lib/llm/provider-kinds";
import type { TDatabase } from "@/server/db/client";
import { generationSettings, models, providers } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import type { TModelPrices } from "@/server/llm/pricing";
import { openSealedProvider, type TOpenedProvider } from "./providers";
import { ZModelRowId } from "@/lib/ids";

export const SCENARIO_DEFAULTS: Record<TScenario, { temperature: number; maxOutputTokens: number; reasoning: boolean }> = {
  chat: { temperature: 0.8, maxOutputTokens: 1024, reasoning: false },
  translation: { temperature: 0.2, maxOutputTokens: 2048, reasoning: false },
  auto_reply: { temperature: 0.8, maxOutputTokens: 400, reasoning: false },
  title: { temperature: 0.3, maxOutputTokens: 24, reasoning: false },
};

export const ZGenerationSettingsFields = z.object({
  scenario: z.enum(SCENARIOS),
  /** Null: automatic (first starred model). */
  modelRowId: ZModelRowId.nullable(),
  temperature: z.number().min(0).max(2),
  maxOutputTokens: z.number().int().min(1).max(200_000),
  reasoning: z.boolean(),
});
export type TGenerationSettingsFields = z.infer<typeof ZGenerationSettingsFields>;

export async function listGenerationSettings(db: TDatabase, userId: string): Promise<TGenerationSettingsFields[]> {
  const saved = await db.select().from(generationSettings).where(eq(generationSettings.userId, userId));
  return SCENARIOS.map((scenario) => {
    const row = saved.find((setting) => setting.scenario === scenario);
    return row
      ? { scenario, modelRowId: row.modelRowId, temperature: row.temperature, maxOutputTokens: row.maxOutputTokens, reasoning: row.reasoning }
      : { scenario, modelRowId: null, ...SCENARIO_DEFAULTS[scenario] };
  });
}

export async function saveGenerationSettings(db: TDatabase, userId: string, fields: TGenerationSettingsFields): Promise<void> {
  if (fields.modelRowId) {
    const [owned] = await db.select({ id: models.id }).from(models).where(and(eq(models.id, fields.modelRowId), eq(models.userId, userId)));
    if (!owned) throw new AppError("NOT_FOUND", "Model not found.");
  }
  const { scenario, ...values } = fields;
  await db
    .insert(generationSettings)
    .values({ userId, scenario, ...values })
    .onConflictDoUpdate({ target: [generationSettings.userId, generationSettings.scenario], set: values });
}

export type TScenarioModel = {
  provider: TOpenedProvider;
  model: TModelPrices & { id: string; modelId: string; contextWindow: number; maxOutputTokens: number; reasoning: boolean };
  temperature: number;
  maxOutputTokens: number;
  reasoning: boolean;
};

/**
 * Everything a generation for `scenario` needs, or a clear instruction when nothing is set up yet. One round
 * trip, since a reply waits for it: the saved setting (if any), its model or else the best visible one, and
 * that model's provider.
 */
export async function resolveScenarioModel(db: TDatabase, userId: string, scenario: TScenario): Promise<TScenarioModel> {
  const [row] = await db
    .select({
      setting: { temperature: generationSettings.temperature, maxOutputTokens: generationSettings.maxOutputTokens, reasoning: generationSettings.reasoning },
      model: {
        id: models.id,
        modelId: models.modelId,
        contextWindow: models.contextWindow,
        maxOutputTokens: models.maxOutputTokens,
        reasoning: models.reasoning,
        inputPricePerMillion: models.inputPricePerMillion,
        outputPricePerMillion: models.outputPricePerMillion,
        cachedInputPricePerMillion: models.cachedInputPricePerMillion,
      },
      provider: { id: providers.id, userId: providers.userId, label: providers.label, kind: providers.kind, baseUrl: providers.baseUrl, apiKeySealed: providers.apiKeySealed },
    })
    .from(models)
    .innerJoin(providers, and(eq(providers.id, models.providerId), eq(providers.userId, userId)))
    .leftJoin(generationSettings, and(eq(generationSettings.userId, userId), eq(generationSettings.scenario, scenario)))
    // The saved model when one is chosen; otherwise any visible model, first starred first.
    .where(and(eq(models.userId, userId), or(eq(models.id, generationSettings.modelRowId), and(isNull(generationSettings.modelRowId), eq(models.hidden, false)))))
    .orderBy(desc(models.starred), asc(providers.createdAt), asc(models.modelId))
    .limit(1);
  if (!row) throw new AppError("INVALID_INPUT", "No model is set up yet: add a provider and pick a model in Settings → Models.");
  const settings = row.setting ?? SCENARIO_DEFAULTS[scenario];
  return {
    provider: await openSealedProvider(db, row.provider),
    model: row.model,
    temperature: settings.temperature,
    // Never ask for more than the model can produce.
    maxOutputTokens: Math.min(settings.maxOutputTokens, row.model.maxOutputTokens),
    reasoning: settings.reasoning && row.model.reasoning,
  };
}
