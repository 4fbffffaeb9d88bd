import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { ZShareFile } from "@/lib/share/manifest";
import { PASSWORD_MAX_LENGTH } from "@/server/auth/password";
import {
  createShare,
  listMyShares,
  openShare,
  recordShareDownload,
  renewShare,
  revokeShare,
  unlockShare,
  ZShareCreate,
  ZShareId,
  ZShareSlug,
} from "@/server/share/channels";

/** Share links. `open` and `unlock` are what a downloader without an account calls; the rest is the uploader's. */
export const shareRouter = createTRPCRouter({
  create: protectedProcedure
    .input(ZShareCreate)
    .output(z.object({ id: z.string(), shortSlug: z.string(), longSlug: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createShare(ctx.db, ctx.session.user.id, input)),

  open: publicProcedure
    .input(z.object({ slug: ZShareSlug }))
    .output(z.object({ files: z.array(ZShareFile), totalBytes: z.number(), expiresAt: z.date(), needsPassword: z.boolean(), uploaderPeerId: z.string().nullable() }))
    .query(({ ctx, input }) => openShare(ctx.db, ctx.clientIp, input.slug)),

  unlock: publicProcedure
    .input(z.object({ slug: ZShareSlug, password: z.string().min(1, "Enter the password.").max(PASSWORD_MAX_LENGTH) }))
    .output(z.object({ uploaderPeerId: z.string().nullable() }))
    .mutation(({ ctx, input }) => unlockShare(ctx.db, ctx.clientIp, input.slug, input.password)),

  renew: protectedProcedure
    .input(z.object({ id: ZShareId, peerId: ZShareCreate.shape.peerId }))
    .output(z.object({ expiresAt: z.date() }))
    .mutation(({ ctx, input }) => renewShare(ctx.db, ctx.session.user.id, input.id, input.peerId)),

  revoke: protectedProcedure.input(z.object({ id: ZShareId })).mutation(({ ctx, input }) => revokeShare(ctx.db, ctx.session.user.id, input.id)),

  recordDownload: protectedProcedure.input(z.object({ id: ZShareId })).mutation(({ ctx, input }) => recordShareDownload(ctx.db, ctx.session.user.id, input.id)),

  mine: protectedProcedure.input(z.void()).query(({ ctx }) => listMyShares(ctx.db, ctx.session.user.id)),
});
