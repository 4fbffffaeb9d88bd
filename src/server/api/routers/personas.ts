import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { createPersona, deletePersona, listPersonas, updatePersona, ZPersonaFields } from "@/server/characters/personas";
import { ZPersonaId } from "@/lib/ids";


export const personasRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.void())
    .output(z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), isDefault: z.boolean(), avatarSha256: z.string().nullable() })))
    .query(({ ctx }) => listPersonas(ctx.db, ctx.session.user.id)),

  create: protectedProcedure
    .input(ZPersonaFields)
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => ({ id: await createPersona(ctx.db, ctx.session.user.id, input) })),

  update: protectedProcedure
    .input(z.object({ id: ZPersonaId, fields: ZPersonaFields }))
    .output(z.void())
    .mutation(({ ctx, input }) => updatePersona(ctx.db, ctx.session.user.id, input.id, input.fields)),

  delete: protectedProcedure
    .input(z.object({ id: ZPersonaId }))
    .output(z.void())
    .mutation(({ ctx, input }) => deletePersona(ctx.db, ctx.session.user.id, input.id)),
});
