/**
 * Auth.js runs the OAuth / OIDC flows only. It writes users, linked accounts and database sessions through
 * the Drizzle adapter into the same tables, and sets the same session cookie, that password sign-in uses;
 * every request then resolves that cookie in one place (sessions.ts). Account linking happens only when a
 * signed-in user starts a provider sign-in from settings, never automatically by e-mail address.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import { randomBytes } from "node:crypto";
import { database } from "@/server/db";
import { accounts, sessions, users, verificationTokens } from "@/server/db/schema";
import { deriveKey } from "@/server/secrets";
import { configuredOAuthProviders } from "./oauth-providers";
import { SECURE_COOKIES, SESSION_COOKIE_NAME } from "./session-cookie";
import { SESSION_MAX_AGE_SECONDS } from "./sessions";

// Lazy: the secret and the database exist only once the server has started, not while Next.js builds.
export const { handlers } = NextAuth(() => ({
  adapter: DrizzleAdapter(database(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: configuredOAuthProviders(),
  secret: deriveKey("auth").toString("base64url"),
  trustHost: true,
  useSecureCookies: SECURE_COOKIES,
  session: {
    strategy: "database",
    maxAge: SESSION_MAX_AGE_SECONDS,
    // Rolling is done by resolveSession; Auth.js never needs to touch a session after creating it.
    updateAge: SESSION_MAX_AGE_SECONDS,
    generateSessionToken: () => randomBytes(32).toString("base64url"),
  },
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE_NAME,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: SECURE_COOKIES },
    },
  },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  events: {
    async signIn({ user }) {
      if (user.id) await database().update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    },
  },
}));
