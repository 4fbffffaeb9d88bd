import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { listDevices, revokeDevice, revokeOtherDevices } from "@/server/auth/sessions";

const ZDevice = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});

const ZSessionId = z.string().regex(/^ses_[\w-]{1,64}$/, "Not a device ID.");

export const accountRouter = createTRPCRouter({
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
