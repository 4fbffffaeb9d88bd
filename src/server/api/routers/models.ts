import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listGenerationSettings, saveGenerationSettings, ZGenerationSettingsFields } from "@/server/models/generation-settings";
import {
  addManualModel,
  deleteModel,
  listModels,
  refreshModels,
  resetModel,
  setModelFlags,
  testProviderConnection,
  updateModel,
  ZModelOverrides,
} from "@/server/models/model-registry";
import { createProvider, deleteProvider, listProviders, updateProvider, ZProviderFields } from "@/server/models/providers";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { ZModelRowId, ZProviderId } from "@/lib/ids";


/** Providers, their models, and which model serves each scenario. API keys go in and never come back out. */
export const modelsRouter = createTRPCRouter({
  providers: protectedProcedure.input(z.void()).query(({ ctx }) => listProviders(ctx.db, ctx.session.user.id)),

  createProvider: protectedProcedure
    .input(ZProviderFields)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await createProvider(ctx.db, ctx.session.user.id, input) })),

  updateProvider: protectedProcedure
    .input(z.object({ id: ZProviderId, fields: ZProviderFields }))
    .mutation(({ ctx, input }) => updateProvider(ctx.db, ctx.session.user.id, input.id, input.fields)),

  deleteProvider: protectedProcedure.input(z.object({ id: ZProviderId })).mutation(({ ctx, input }) => deleteProvider(ctx.db, ctx.session.user.id, input.id)),

  testConnection: protectedProcedure
    .input(z.object({ id: ZProviderId }))
    .output(z.object({ ok: z.boolean(), message: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.db, "provider-check", ctx.session.user.id, RATE_LIMITS.providerChecksPerUser);
      return testProviderConnection(ctx.db, ctx.session.user.id, input.id);
    }),

  refreshModels: protectedProcedure
    .input(z.object({ id: ZProviderId }))
    .output(z.object({ total: z.number(), added: z.number() }))
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(ctx.db, "provider-check", ctx.session.user.id, RATE_LIMITS.providerChecksPerUser);
      return refreshModels(ctx.db, ctx.session.user.id, input.id);
    }),

  list: protectedProcedure.input(z.void()).query(({ ctx }) => listModels(ctx.db, ctx.session.user.id)),

  addManual: protectedProcedure
    .input(z.object({ providerId: ZProviderId, modelId: z.string().trim().min(1, "Enter the model's id.").max(200) }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await addManualModel(ctx.db, ctx.session.user.id, input.providerId, input.modelId) })),

  update: protectedProcedure
    .input(z.object({ id: ZModelRowId, overrides: ZModelOverrides }))
    .mutation(({ ctx, input }) => updateModel(ctx.db, ctx.session.user.id, input.id, input.overrides)),

  setFlags: protectedProcedure
    .input(z.object({ ids: z.array(ZModelRowId).min(1).max(500), starred: z.boolean().optional(), hidden: z.boolean().optional() }))
    .mutation(({ ctx, input }) => setModelFlags(ctx.db, ctx.session.user.id, input.ids, { starred: input.starred, hidden: input.hidden })),

  reset: protectedProcedure.input(z.object({ id: ZModelRowId })).mutation(({ ctx, input }) => resetModel(ctx.db, ctx.session.user.id, input.id)),

  delete: protectedProcedure.input(z.object({ id: ZModelRowId })).mutation(({ ctx, input }) => deleteModel(ctx.db, ctx.session.user.id, input.id)),

  settings: protectedProcedure.input(z.void()).query(({ ctx }) => listGenerationSettings(ctx.db, ctx.session.user.id)),

  saveSettings: protectedProcedure.input(ZGenerationSettingsFields).mutation(({ ctx, input }) => saveGenerationSettings(ctx.db, ctx.session.user.id, input)),
});
