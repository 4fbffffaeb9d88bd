import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";
import { issueSignalingCredentials, ZSignalingCredentials } from "@/server/signaling/credentials";

export const signalingRouter = createTRPCRouter({
  /**
   * For signed-in devices (rooms, sharing, the connection test); the token is bound to this device's session, so
   * signing it out ends its sockets. People opening a share link get theirs from share.open / share.unlock.
   */
  credentials: protectedProcedure
    .input(z.void())
    .output(ZSignalingCredentials)
    .mutation(({ ctx }) => issueSignalingCredentials(ctx.db, ctx.clientIp, ctx.session.sessionId)),
});
