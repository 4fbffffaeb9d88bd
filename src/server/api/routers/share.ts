import { ZShareId } from "@/lib/ids";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { ZShareFile } from "@/lib/share/manifest";
import { PASSWORD_MAX_LENGTH } from "@/server/auth/password";
import {
  admitDownloader,
  createShare,
  listMyShares,
  openShare,
  recordShareDownload,
  renewShare,
  revokeShare,
  unlockShare,
  ZShareAdmit,
  ZShareCreate,
  ZShareSlug,
} from "@/server/share/channels";
import { ZSignalingCredentials } from "@/server/signaling/credentials";

const ZOpenedShare = z.discriminatedUnion("locked", [
  z.object({ locked: z.literal(true) }),
  z.object({
    locked: z.literal(false),
    files: z.array(ZShareFile),
    totalBytes: z.number(),
    expiresAt: z.date(),
    access: z.object({ uploaderPeerId: z.string(), ticket: z.string(), signaling: ZSignalingCredentials }),
    grant: z.string().nullable(),
  }),
]);

/** Share links. `open` and `unlock` are what a downloader without an account calls; the rest is the uploader's. */
export const shareRouter = createTRPCRouter({
  create: protectedProcedure
    .input(ZShareCreate)
    .output(z.object({ id: z.string(), shortSlug: z.string(), longSlug: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createShare(ctx.db, ctx.session.user.id, input)),

  open: publicProcedure
    .input(z.object({ slug: ZShareSlug, grant: z.string().max(200).optional() }))
    .output(ZOpenedShare)
    .query(({ ctx, input }) => openShare(ctx.db, ctx.clientIp, input.slug, input.grant)),

  unlock: publicProcedure
    .input(z.object({ slug: ZShareSlug, password: z.string().min(1, "Enter the password.").max(PASSWORD_MAX_LENGTH) }))
    .output(ZOpenedShare)
    .mutation(({ ctx, input }) => unlockShare(ctx.db, ctx.clientIp, input.slug, input.password)),

  /** The uploader's page checks a connecting downloader's ticket before serving it. */
  admit: protectedProcedure
    .input(ZShareAdmit)
    .output(z.void())
    .mutation(({ ctx, input }) => admitDownloader(ctx.db, ctx.session.user.id, input)),

  renew: protectedProcedure
    .input(z.object({ id: ZShareId, peerId: ZShareCreate.shape.peerId }))
    .output(z.object({ expiresAt: z.date() }))
    .mutation(({ ctx, input }) => renewShare(ctx.db, ctx.session.user.id, input.id, input.peerId)),

  revoke: protectedProcedure.input(z.object({ id: ZShareId })).mutation(({ ctx, input }) => revokeShare(ctx.db, ctx.session.user.id, input.id)),

  recordDownload: protectedProcedure.input(z.object({ id: ZShareId })).mutation(({ ctx, input }) => recordShareDownload(ctx.db, ctx.session.user.id, input.id)),

  mine: protectedProcedure.input(z.void()).query(({ ctx }) => listMyShares(ctx.db, ctx.session.user.id)),
});
