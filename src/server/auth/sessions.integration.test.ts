import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rows, type TDatabase } from "@/server/db/client";
import { sessions, users } from "@/server/db/schema";
import { hashBearerToken } from "@/server/crypto/bearer-token";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, sessionTokenSetBy, signedUpCaller } from "@/server/testing/trpc";
import { createSession, resolveSession, SESSION_ABSOLUTE_LIFETIME_SECONDS, SESSION_MAX_AGE_SECONDS } from "./sessions";

const DAY_MS = 24 * 60 * 60 * 1000;
const noHeaders = new Headers();

/** Every row of every table, as text: where a leaked value would show up, whatever column it hid in. */
async function everyRowAsText(db: TDatabase): Promise<string> {
  const tables = rows<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  );
  const dumps = [];
  for (const { name } of tables) {
    const dumped = rows<{ row: string }>(await db.execute(sql`select t::text as row from ${sql.identifier(name)} t`));
    dumps.push(...dumped.map((entry) => entry.row));
  }
  return dumps.join("\n");
}

describeWithDatabases("sessions", (database) => {
  it("keep only the SHA-256 of the cookie: the database never holds the cookie's value", async () => {
    const { userId, sessionToken, username } = await signedUpCaller(database(), "hashed");
    const responseHeaders = new Headers();
    await (await createTestCaller(database(), { clientIp: "192.0.2.90", responseHeaders })).auth.signIn({ username, password: "correct horse battery staple" });
    const secondToken = sessionTokenSetBy(responseHeaders) ?? "";
    const { db } = database();
    const stored = await db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, userId));
    expect(stored.map((row) => row.tokenHash).sort()).toEqual([hashBearerToken(sessionToken), hashBearerToken(secondToken)].sort());
    const everything = await everyRowAsText(db);
    expect(everything).toContain(hashBearerToken(sessionToken));
    expect(everything).not.toContain(sessionToken);
    expect(everything).not.toContain(secondToken);
    // The hash itself is no cookie: presenting it signs nobody in.
    expect(await resolveSession(db, hashBearerToken(sessionToken), noHeaders)).toBeNull();
    expect((await resolveSession(db, sessionToken, noHeaders))?.user.id).toBe(userId);
  });

  it("refuse an old session past its absolute lifetime, even one used a minute ago", async () => {
    const { userId, sessionToken } = await signedUpCaller(database(), "veteran");
    const { db } = database();
    await db
      .update(sessions)
      .set({
        createdAt: new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000 - DAY_MS),
        lastSeenAt: new Date(Date.now() - 60 * 1000),
        expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000 - 60 * 1000),
      })
      .where(eq(sessions.userId, userId));
    expect(await resolveSession(db, sessionToken, noHeaders)).toBeNull();
    expect(await (await createTestCaller(database(), { sessionToken })).auth.viewer()).toBeNull();
  });

  it("roll forward with use, but never past the absolute lifetime", async () => {
    const { db } = database();
    const { userId } = await signedUpCaller(database(), "roller");
    const { token } = await createSession(db, userId, noHeaders);
    const signedInAt = Date.now() - (SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000 - 5 * DAY_MS);
    await db
      .update(sessions)
      .set({ createdAt: new Date(signedInAt), lastSeenAt: new Date(Date.now() - 2 * DAY_MS), expires: new Date(Date.now() + DAY_MS) })
      .where(eq(sessions.tokenHash, hashBearerToken(token)));
    const resolved = await resolveSession(db, token, noHeaders);
    expect(resolved?.renewed).toBe(true);
    // Five days of absolute lifetime were left: the new expiry is that, not another thirty days.
    expect(Math.abs((resolved?.expires.getTime() ?? 0) - (signedInAt + SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000))).toBeLessThan(5000);

    const { token: fresh } = await createSession(db, userId, noHeaders);
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 2 * DAY_MS) }).where(eq(sessions.tokenHash, hashBearerToken(fresh)));
    const rolled = await resolveSession(db, fresh, noHeaders);
    expect(Math.abs((rolled?.expires.getTime() ?? 0) - (Date.now() + SESSION_MAX_AGE_SECONDS * 1000))).toBeLessThan(5000);
  });

  it("renew the cookie with the session's remaining lifetime", async () => {
    const { userId, sessionToken } = await signedUpCaller(database(), "cookie");
    const { db } = database();
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000 + DAY_MS), lastSeenAt: new Date(Date.now() - DAY_MS) })
      .where(eq(sessions.userId, userId));
    const responseHeaders = new Headers();
    await createTestCaller(database(), { sessionToken, responseHeaders });
    const maxAge = Number(/Max-Age=(\d+)/.exec(responseHeaders.getSetCookie()[0] ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(DAY_MS / 1000 - 60);
    expect(maxAge).toBeLessThanOrEqual(DAY_MS / 1000);
  });

  it("sign nobody in for a disabled account", async () => {
    const { userId, sessionToken } = await signedUpCaller(database(), "disabled");
    const { db } = database();
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect(await resolveSession(db, sessionToken, noHeaders)).toBeNull();
  });
});
