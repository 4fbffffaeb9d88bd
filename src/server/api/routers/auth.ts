import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { oauthProviderSummaries } from "@/server/auth/oauth-providers";
import { signInWithPassword, signUpWithPassword, ZSignIn, ZSignUp } from "@/server/auth/password-accounts";
import { clearedSessionCookie, serializeSessionCookie } from "@/server/auth/session-cookie";
import { createSession, deleteSessionByToken, SESSION_MAX_AGE_SECONDS } from "@/server/auth/sessions";
import type { TRPCContext } from "@/server/api/trpc";

const ZSignedIn = z.object({ userId: z.string() });

const ZViewer = z
  .object({
    id: z.string(),
    username: z.string().nullable(),
    name: z.string().nullable(),
    image: z.string().nullable(),
  })
  .nullable();

/** Starts a database session for the user and hands its token to the browser in the session cookie. */
async function startSession(ctx: TRPCContext, userId: string) {
  const { token } = await createSession(ctx.db, userId, ctx.headers);
  ctx.responseHeaders?.append("set-cookie", serializeSessionCookie(token, { maxAgeSeconds: SESSION_MAX_AGE_SECONDS }));
  return { userId };
}

export const authRouter = createTRPCRouter({
  /** The OAuth / OIDC providers configured on this server, for the sign-in buttons. */
  providers: publicProcedure
    .input(z.void())
    .output(z.array(z.object({ id: z.string(), name: z.string() })))
    .query(() => oauthProviderSummaries()),

  /** Who is signed in on this device, or null. */
  viewer: publicProcedure
    .input(z.void())
    .output(ZViewer)
    .query(({ ctx }) => ctx.session?.user ?? null),

  signUp: publicProcedure
    .input(ZSignUp)
    .output(ZSignedIn)
    .mutation(async ({ ctx, input }) => startSession(ctx, await signUpWithPassword(ctx.db, input, ctx.clientIp))),

  signIn: publicProcedure
    .input(ZSignIn)
    .output(ZSignedIn)
    .mutation(async ({ ctx, input }) => startSession(ctx, await signInWithPassword(ctx.db, input, ctx.clientIp))),

  signOut: protectedProcedure
    .input(z.void())
    .output(z.void())
    .mutation(async ({ ctx }) => {
      if (ctx.sessionToken) await deleteSessionByToken(ctx.db, ctx.sessionToken);
      ctx.responseHeaders?.append("set-cookie", clearedSessionCookie());
    }),
});
