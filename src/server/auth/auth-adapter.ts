/**
 * The Auth.js adapter: @auth/drizzle-adapter for users, linked accounts and verification tokens, with Coterie's
 * own session and user creation on top. Sessions are stored by the hash of their token, exactly as password
 * sign-in stores them (the cookie's value is never written down), and an account is created only through
 * registerAccount, so a provider's first sign-in obeys the same registration rule and first-administrator rule.
 */
import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { AuthError } from "next-auth";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import { and, eq, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { accounts, sessions, users, verificationTokens } from "@/server/db/schema";
import { hashBearerToken } from "@/server/crypto/bearer-token";
import { registerAccount, RegistrationRefused, type TRegisteredUser } from "@/server/operators/registration";
import { endSessions } from "./end-sessions";
import { liveSession, SESSION_ABSOLUTE_LIFETIME_SECONDS } from "./sessions";

/**
 * A refusal that gets past the signIn callback's check (an invite spent by someone else in between) reaches the
 * sign-in page as Auth.js's AccessDenied rather than as a server error.
 */
class RegistrationRefusedAtCreation extends AuthError {
  static type = "AccessDenied" as const;
}

/** Auth.js types e-mail as always present; provider accounts without one are stored with none. */
function toAdapterUser(user: Pick<TRegisteredUser, "id" | "name" | "email" | "emailVerified" | "image">): AdapterUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, image: user.image } as AdapterUser;
}

type TCoterieAdapter = Adapter & Required<Pick<Adapter, "createUser" | "createSession" | "getSessionAndUser" | "updateSession" | "deleteSession">>;

export function coterieAuthAdapter(db: TDatabase, { inviteToken }: { inviteToken: string | null }): TCoterieAdapter {
  const drizzle = DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, verificationTokensTable: verificationTokens });
  const byToken = (sessionToken: string) => eq(sessions.tokenHash, hashBearerToken(sessionToken));
  return {
    ...drizzle,

    async createUser(profile) {
      try {
        const user = await registerAccount(
          db,
          { name: profile.name ?? null, email: profile.email || null, emailVerified: profile.emailVerified, image: profile.image ?? null },
          inviteToken,
        );
        return toAdapterUser(user);
      } catch (error) {
        if (error instanceof RegistrationRefused) throw new RegistrationRefusedAtCreation(error.message);
        throw error;
      }
    },

    async createSession({ sessionToken, userId, expires }): Promise<AdapterSession> {
      await db.insert(sessions).values({ tokenHash: hashBearerToken(sessionToken), userId, expires });
      return { sessionToken, userId, expires };
    },

    async getSessionAndUser(sessionToken) {
      const [row] = await db
        .select({
          userId: sessions.userId,
          expires: sessions.expires,
          user: { id: users.id, name: users.name, email: users.email, emailVerified: users.emailVerified, image: users.image },
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(byToken(sessionToken), liveSession()));
      // Auth.js puts `session.sessionToken` back into the cookie when linking, so it is the token, never the hash.
      return row ? { session: { sessionToken, userId: row.userId, expires: row.expires }, user: toAdapterUser(row.user) } : null;
    },

    async updateSession({ sessionToken, expires }) {
      if (expires) {
        // Auth.js rolls the expiry forward; the absolute lifetime still caps it.
        const absoluteEnd = sql`${sessions.createdAt} + make_interval(secs => ${SESSION_ABSOLUTE_LIFETIME_SECONDS})`;
        await db
          .update(sessions)
          .set({ expires: sql`least(${expires.toISOString()}::timestamptz, ${absoluteEnd})` })
          .where(byToken(sessionToken));
      }
      const [row] = await db.select({ userId: sessions.userId, expires: sessions.expires }).from(sessions).where(byToken(sessionToken));
      return row ? { sessionToken, userId: row.userId, expires: row.expires } : null;
    },

    async deleteSession(sessionToken) {
      const [row] = await db.select({ id: sessions.id, userId: sessions.userId }).from(sessions).where(byToken(sessionToken));
      if (row) await endSessions(db, { userId: row.userId, which: "one", sessionId: row.id });
    },
  };
}
