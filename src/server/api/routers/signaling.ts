import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { issueSignalingCredentials } from "@/server/signaling/credentials";

export const ZIceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const ZSignalingCredentials = z.object({
  peerId: z.string(),
  token: z.string(),
  expiresAt: z.date(),
  path: z.string(),
  key: z.string(),
  iceServers: z.array(ZIceServer),
});

export const signalingRouter = createTRPCRouter({
  /** Public: people opening a share link have no account, yet need a peer. Rate-limited per IP. */
  credentials: publicProcedure
    .input(z.void())
    .output(ZSignalingCredentials)
    .mutation(({ ctx }) => issueSignalingCredentials(ctx.db, ctx.clientIp)),
});
