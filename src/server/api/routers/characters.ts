import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { removeCharacterAsset, setCharacterAvatar } from "@/server/characters/assets";
import { ZCharacterCardV3, ZLorebook } from "@/lib/character-card/card-schema";
import { saveLorebook, updateCharacterFields, ZCharacterFields } from "@/server/characters/edit-character";
import { rowsToCard } from "@/server/characters/card-rows";
import { createCharacter, duplicateCharacter } from "@/server/characters/new-character";
import { characterById, deleteCharacter, listCharacters, ZCharacterListQuery } from "@/server/characters/queries";
import { ZAssetId, ZCharacterId } from "@/lib/ids";


export const charactersRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZCharacterListQuery)
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          creator: z.string(),
          tags: z.array(z.string()),
          avatarAssetId: z.string().nullable(),
          updatedAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => listCharacters(ctx.db, ctx.session.user.id, input)),

  byId: protectedProcedure
    .input(z.object({ id: ZCharacterId }))
    .output(
      z.object({
        id: z.string(),
        card: ZCharacterCardV3,
        avatarAssetId: z.string().nullable(),
        assets: z.array(z.object({ id: z.string(), type: z.string(), name: z.string(), ext: z.string(), isImage: z.boolean() })),
        createdAt: z.date(),
        updatedAt: z.date(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { character, entries, assets } = await characterById(ctx.db, ctx.session.user.id, input.id);
      return {
        id: character.id,
        card: rowsToCard(character, entries, undefined),
        avatarAssetId: character.avatarAssetId,
        assets: assets.map(({ id, type, name, ext, width }) => ({ id, type, name, ext, isImage: width !== null })),
        createdAt: character.createdAt,
        updatedAt: character.updatedAt,
      };
    }),

  create: protectedProcedure
    .input(z.object({ fields: ZCharacterFields }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await createCharacter(ctx.db, ctx.session.user.id, input.fields) })),

  duplicate: protectedProcedure
    .input(z.object({ id: ZCharacterId }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await duplicateCharacter(ctx.db, ctx.session.user.id, input.id) })),

  update: protectedProcedure
    .input(z.object({ id: ZCharacterId, fields: ZCharacterFields }))
    .output(z.void())
    .mutation(({ ctx, input }) => updateCharacterFields(ctx.db, ctx.session.user.id, input.id, input.fields)),

  saveLorebook: protectedProcedure
    .input(z.object({ id: ZCharacterId, lorebook: ZLorebook.nullable() }))
    .output(z.void())
    .mutation(({ ctx, input }) => saveLorebook(ctx.db, ctx.session.user.id, input.id, input.lorebook)),

  setAvatar: protectedProcedure
    .input(z.object({ id: ZCharacterId, assetId: ZAssetId }))
    .output(z.void())
    .mutation(({ ctx, input }) => setCharacterAvatar(ctx.db, ctx.session.user.id, input.id, input.assetId)),

  removeAsset: protectedProcedure
    .input(z.object({ id: ZCharacterId, assetId: ZAssetId }))
    .output(z.void())
    .mutation(({ ctx, input }) => removeCharacterAsset(ctx.db, ctx.session.user.id, input.id, input.assetId)),

  delete: protectedProcedure
    .input(z.object({ id: ZCharacterId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteCharacter(ctx.db, ctx.session.user.id, input.id)),
});
