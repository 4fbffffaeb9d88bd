import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { removeAvatar } from "@/server/account/avatar";
import { deleteAccount } from "@/server/account/delete-account";
import { readProfile, updateProfile, ZProfileUpdate } from "@/server/account/profile";
import { setPassword, ZSetPassword } from "@/server/account/set-password";
import { signInMethods, unlinkProvider } from "@/server/auth/linked-accounts";
import { clearedSessionCookie } from "@/server/auth/session-cookie";
import { listDevices, revokeDevice, revokeOtherDevices } from "@/server/auth/sessions";
import { ZSessionId } from "@/lib/ids";

const ZDevice = z.object({
  id: z.string(),
  label: z.string(),
  address: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});


const ZProviderId = z.string().regex(/^[a-z0-9-]{1,40}$/, "Not a provider.");

export const accountRouter = createTRPCRouter({
  profile: protectedProcedure
    .input(z.void())
    .output(z.object({ name: z.string().nullable(), username: z.string().nullable(), image: z.string().nullable(), email: z.string().nullable() }))
    .query(({ ctx }) => readProfile(ctx.db, ctx.session.user.id)),

  updateProfile: protectedProcedure
    .input(ZProfileUpdate)
    .output(z.void())
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.session.user.id, input)),

  removeAvatar: protectedProcedure
    .input(z.void())
    .output(z.void())
    .mutation(({ ctx }) => removeAvatar(ctx.db, ctx.session.user.id)),

  /** Deletes the account and everything in it; this device's cookie is cleared. */
  delete: protectedProcedure
    .input(z.object({ password: z.string().max(256).optional() }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteAccount(ctx.db, ctx.session.user.id, ctx.session.sessionId, input.password);
      ctx.responseHeaders?.append("set-cookie", clearedSessionCookie());
    }),

  signInMethods: protectedProcedure
    .input(z.void())
    .output(z.object({ hasPassword: z.boolean(), linkedProviders: z.array(z.string()) }))
    .query(({ ctx }) => signInMethods(ctx.db, ctx.session.user.id)),

  /** Sets a first password or changes it; every other device is signed out. */
  setPassword: protectedProcedure
    .input(ZSetPassword)
    .output(z.object({ signedOutDevices: z.number() }))
    .mutation(({ ctx, input }) => setPassword(ctx.db, ctx.session.user.id, ctx.session.sessionId, input)),

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
