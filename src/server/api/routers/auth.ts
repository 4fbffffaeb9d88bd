import { z } from "zod";
import { ZRegistrationMode } from "@/lib/operators/registration-mode";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import type { TRPCContext } from "@/server/api/trpc";
import { endSessions } from "@/server/auth/end-sessions";
import { oauthProviderSummaries } from "@/server/auth/oauth-providers";
import { signInWithPassword, signUpWithPassword, ZSignIn, ZSignUp } from "@/server/auth/password-accounts";
import { clearedSessionCookie, serializeInviteCookie, serializeSessionCookie } from "@/server/auth/session-cookie";
import { createSession, SESSION_MAX_AGE_SECONDS } from "@/server/auth/sessions";
import { ZBearerToken } from "@/server/crypto/bearer-token";
import { USER_ROLES } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { passwordResetLinkStatus, resetPasswordWithLink, ZResetPassword } from "@/server/operators/password-reset-links";
import { registrationRefusalFor, registrationState } from "@/server/operators/registration";

const ZSignedIn = z.object({ userId: z.string() });

const ZViewer = z
  .object({
    id: z.string(),
    username: z.string().nullable(),
    name: z.string().nullable(),
    image: z.string().nullable(),
    role: z.enum(USER_ROLES),
  })
  .nullable();

const ZInviteInput = z.object({ invite: ZBearerToken.optional() });

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

  /** For the sign-up page: whether this visitor (with the invite from their link, if any) may create an account. */
  registration: publicProcedure
    .input(ZInviteInput)
    .output(z.object({ mode: ZRegistrationMode, refusal: z.string().nullable() }))
    .query(async ({ ctx, input }) => ({
      mode: (await registrationState(ctx.db)).mode,
      refusal: (await registrationRefusalFor(ctx.db, input.invite ?? null))?.message ?? null,
    })),

  signUp: publicProcedure
    .input(ZSignUp)
    .output(ZSignedIn)
    .mutation(async ({ ctx, input }) => startSession(ctx, await signUpWithPassword(ctx.db, input, ctx.clientIp))),

  /**
   * Before a provider sign-in from an invite link: keeps the invite in a short-lived HttpOnly cookie, so the
   * provider's callback (another request, after a round trip elsewhere) can create the account with it.
   */
  holdInvite: publicProcedure
    .input(z.object({ invite: ZBearerToken }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const refusal = await registrationRefusalFor(ctx.db, input.invite);
      if (refusal) throw new AppError("FORBIDDEN", refusal.message);
      ctx.responseHeaders?.append("set-cookie", serializeInviteCookie(input.invite));
    }),

  signIn: publicProcedure
    .input(ZSignIn)
    .output(ZSignedIn)
    .mutation(async ({ ctx, input }) => startSession(ctx, await signInWithPassword(ctx.db, input, ctx.clientIp))),

  signOut: protectedProcedure
    .input(z.void())
    .output(z.void())
    .mutation(async ({ ctx }) => {
      await endSessions(ctx.db, { userId: ctx.session.user.id, which: "one", sessionId: ctx.session.sessionId });
      ctx.responseHeaders?.append("set-cookie", clearedSessionCookie());
    }),

  /** For the page a one-time reset link opens: whether it still works, and the username it is for. */
  passwordResetLink: publicProcedure
    .input(z.object({ token: ZBearerToken }))
    .output(z.discriminatedUnion("usable", [z.object({ usable: z.literal(false) }), z.object({ usable: z.literal(true), username: z.string().nullable() })]))
    .query(({ ctx, input }) => passwordResetLinkStatus(ctx.db, input.token)),

  /** Sets a new password through a one-time link; every session of the account ends, so the person signs in afresh. */
  resetPassword: publicProcedure
    .input(ZResetPassword)
    .output(z.void())
    .mutation(({ ctx, input }) => resetPasswordWithLink(ctx.db, input, ctx.clientIp)),
});
