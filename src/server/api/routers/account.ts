import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { signInMethods, unlinkProvider } from "@/server/auth/linked-accounts";
import { listDevices, revokeDevice, revokeOtherDevices } from "@/server/auth/sessions";

const ZDevice = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});

const ZSessionId = z.string().regex(/^ses_[\w-]{1,64}$/, "Not a device ID.");

const ZProviderId = z.string().regex(/^[a-z0-9-]{1,40}$/, "Not a provider.");

export const accountRouter = createTRPCRouter({
  signInMethods: protectedProcedure
    .input(z.void())
    .output(z.object({ hasPassword: z.boolean(), linkedProviders: z.array(z.string()) }))
    .query(({ ctx }) => signInMethods(ctx.db, ctx.session.user.id)),

  unlinkProvider: protectedProcedure
    .input(z.object({ provider: ZProviderId }))
    .output(z.void())
    .mutation(({ ctx, input }) => unlinkProvider(ctx.db, ctx.session.user.id, input.provider)),

  devices: protectedProcedure
    .input(z.void())
    .output(z.array(ZDevice))
    .query(({ ctx }) => listDevices(ctx.db, ctx.session.user.id, ctx.session.sessionId)),

  revokeDevice: protectedProcedure
    .input(z.object({ id: ZSessionId }))
    .output(z.void())
    .mutation(({ ctx, input }) => revokeDevice(ctx.db, ctx.session.user.id, input.id)),

  revokeOtherDevices: protectedProcedure
    .input(z.void())
    .output(z.object({ revoked: z.number() }))
    .mutation(async ({ ctx }) => ({
      revoked: await revokeOtherDevices(ctx.db, ctx.session.user.id, ctx.session.sessionId),
    })),
});
