/**
 * Auth.js runs the OAuth / OIDC flows only. It writes users, linked accounts and database sessions through
 * Coterie's adapter (auth-adapter.ts) into the same tables, and sets the same session cookie, that password
 * sign-in uses; every request then resolves that cookie in one place (sessions.ts). Account linking happens only
 * when a signed-in user starts a provider sign-in from settings, never automatically by e-mail address.
 */
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { env } from "@/env";
import { database } from "@/server/db";
import { users } from "@/server/db/schema";
import { newBearerToken } from "@/server/crypto/bearer-token";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readLimitedBody } from "@/server/http/limited-body";
import { logger } from "@/server/logger";
import { deriveKey } from "@/server/secrets";
import { coterieAuthAdapter } from "./auth-adapter";
import { oauthSignInRefusal } from "./oauth-sign-in";
import { configuredOAuthProviders } from "./oauth-providers";
import { atPublicOrigin } from "./public-origin";
import {
  clearedInviteCookie,
  INVITE_COOKIE_NAME,
  inviteTokenFromCookieHeader,
  SECURE_COOKIES,
  SESSION_COOKIE_NAME,
  sessionTokenFromCookieHeader,
} from "./session-cookie";
import { resolveSession, SESSION_MAX_AGE_SECONDS } from "./sessions";

// Lazy, per request: the secret and the database exist only once the server has started (not while Next.js
// builds), and the rules need this request's cookies (who is signed in, which invite they carry).
const authJs = NextAuth((request) => {
  const db = database();
  const cookieHeader = request?.headers.get("cookie") ?? null;
  const inviteToken = inviteTokenFromCookieHeader(cookieHeader);
  return {
    adapter: coterieAuthAdapter(db, { inviteToken }),
    providers: configuredOAuthProviders(),
    secret: deriveKey("auth").toString("base64url"),
    // The request's host is trusted only because the route handlers below pin it to PUBLIC_URL when one is set.
    trustHost: true,
    useSecureCookies: SECURE_COOKIES,
    session: {
      strategy: "database",
      maxAge: SESSION_MAX_AGE_SECONDS,
      // Rolling is done by resolveSession; Auth.js never needs to touch a session after creating it.
      updateAge: SESSION_MAX_AGE_SECONDS,
      generateSessionToken: newBearerToken,
    },
    cookies: {
      sessionToken: {
        name: SESSION_COOKIE_NAME,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: SECURE_COOKIES },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // Into Coterie's log (errors without what they carry), not Auth.js's console lines.
    logger: {
      error: (error) => logger.warn({ err: error }, "sign-in with a provider failed"),
      warn: (code) => logger.warn({ code }, "Auth.js warning"),
      debug: () => undefined,
    },
    callbacks: {
      async signIn({ account }) {
        if (!account) return false;
        const signedIn = (await resolveSession(db, sessionTokenFromCookieHeader(cookieHeader), request?.headers ?? new Headers())) !== null;
        const refusal = await oauthSignInRefusal(db, account, { signedIn, inviteToken });
        return refusal ? `/sign-in?error=${refusal}` : true;
      },
    },
    events: {
      async signIn({ user }) {
        if (user.id) await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
      },
    },
  };
});

type TRouteHandler = (request: NextRequest) => Promise<Response>;

/** An invite cookie has done its job once the provider's callback has been answered, whatever the outcome. */
function clearingInviteCookie(request: NextRequest, response: Response): Response {
  if (!request.nextUrl.pathname.includes("/callback/") || !request.cookies.has(INVITE_COOKIE_NAME)) return response;
  const headers = new Headers(response.headers);
  headers.append("set-cookie", clearedInviteCookie());
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Auth.js's forms (sign-in, sign-out) hold a CSRF token and a callback URL: the body is read within its cap first. */
async function withLimitedBody(request: NextRequest): Promise<NextRequest | Response> {
  if (request.method !== "POST") return request;
  const body = await readLimitedBody(request, BODY_LIMITS.authForm);
  if (!body.ok) return body.response;
  return new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body.data) });
}

/** The `/api/auth/*` route handlers, with every request put on `publicUrl`'s origin when there is one. */
export function authRouteHandlers(publicUrl: string | undefined): { GET: TRouteHandler; POST: TRouteHandler } {
  const wrap =
    (handler: TRouteHandler): TRouteHandler =>
    async (request) => {
      const bounded = await withLimitedBody(request);
      if (bounded instanceof Response) return bounded;
      return clearingInviteCookie(request, await handler(atPublicOrigin(bounded, publicUrl)));
    };
  return { GET: wrap(authJs.handlers.GET), POST: wrap(authJs.handlers.POST) };
}

export const handlers = authRouteHandlers(env.PUBLIC_URL);
