import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { expect, it } from "vitest";
import { saveAvatar } from "@/server/account/avatar";
import { hashBearerToken } from "@/server/crypto/bearer-token";
import { rows } from "@/server/db/client";
import { accounts, passwordCredentials, sessions, userAvatars, users } from "@/server/db/schema";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, sessionTokenSetBy, signedUpCaller } from "@/server/testing/trpc";

const PASSWORD = "correct horse battery staple";

describeWithDatabases("account router: profile and deletion", (database) => {
  it("updates the display name and username", async () => {
    const { caller } = await signedUpCaller(database(), "renamer");
    await caller.account.updateProfile({ name: "Renée", username: "renee_new" });
    expect(await caller.account.profile()).toMatchObject({ name: "Renée", username: "renee_new" });
  });

  it("refuses a username someone else has, in any case", async () => {
    const first = await signedUpCaller(database(), "holder");
    const { caller } = await signedUpCaller(database(), "wanter");
    const refusal = await caller.account.updateProfile({ name: "W", username: first.username.toUpperCase() }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "CONFLICT", message: "That username is taken." });
  });

  it("stores an avatar and clears it", async () => {
    const { caller, userId } = await signedUpCaller(database(), "pictured");
    const picture = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#7c3aed" } }).jpeg().toBuffer();
    const image = await saveAvatar(database().db, userId, picture);
    expect(image).toMatch(new RegExp(`^/api/avatars/${userId}\\?v=[0-9a-f]{16}$`));
    expect((await caller.account.profile()).image).toBe(image);
    await caller.account.removeAvatar();
    expect((await caller.account.profile()).image).toBeNull();
    expect(await database().db.select().from(userAvatars).where(eq(userAvatars.userId, userId))).toEqual([]);
  });

  it("refuses deletion with a wrong password and keeps everything", async () => {
    const { caller, userId } = await signedUpCaller(database(), "careful");
    const refusal = await caller.account.delete({ password: "not my password" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "UNAUTHORIZED", message: "That password is not right." });
    expect(await database().db.select().from(users).where(eq(users.id, userId))).toHaveLength(1);
  });

  it("deletes the account and leaves no row of the user's in any table", async () => {
    const { userId, sessionToken, username } = await signedUpCaller(database(), "leaving");
    const { db } = database();
    await createTestCaller(database(), { clientIp: "192.0.2.90" }).then((caller) => caller.auth.signIn({ username, password: PASSWORD }));
    await db.insert(accounts).values({ userId, type: "oidc", provider: "oidc", providerAccountId: `sub-${userId}` });
    await saveAvatar(db, userId, await sharp({ create: { width: 20, height: 20, channels: 3, background: "#000" } }).png().toBuffer());

    const responseHeaders = new Headers();
    const caller = await createTestCaller(database(), { sessionToken, responseHeaders });
    await caller.account.delete({ password: PASSWORD });
    expect(sessionTokenSetBy(responseHeaders)).toBeNull();

    // Every table with a user_id column, found from the catalogue so that future tables are covered too.
    const tables = rows<{ table_name: string }>(
      await db.execute(sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'user_id'`),
    ).map((row) => row.table_name);
    expect(tables).toEqual(expect.arrayContaining(["accounts", "sessions", "password_credentials", "user_avatars"]));
    for (const table of tables) {
      const [left] = rows<{ count: number }>(
        await db.execute(sql`select count(*)::int as count from ${sql.identifier(table)} where user_id = ${userId}`),
      );
      expect({ table, count: left?.count }).toEqual({ table, count: 0 });
    }
    expect(await db.select().from(users).where(eq(users.id, userId))).toEqual([]);
    expect(await (await createTestCaller(database(), { sessionToken })).auth.viewer()).toBeNull();
  });

  it("asks an OAuth-only account for a fresh sign-in", async () => {
    const { caller, userId, sessionToken } = await signedUpCaller(database(), "oauthonly");
    const { db } = database();
    await db.delete(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    await db.update(sessions).set({ createdAt: new Date(Date.now() - 11 * 60 * 1000) }).where(eq(sessions.tokenHash, hashBearerToken(sessionToken)));
    const stale = await caller.account.delete({}).catch((error: unknown) => error);
    expect(stale).toMatchObject({ code: "FORBIDDEN" });
    await db.update(sessions).set({ createdAt: new Date() }).where(eq(sessions.tokenHash, hashBearerToken(sessionToken)));
    await caller.account.delete({});
    expect(await db.select().from(users).where(eq(users.id, userId))).toEqual([]);
  });
});

describeWithDatabases("account router: the last administrator", (database) => {
  it("cannot delete their account while others depend on them, until someone else administers", async () => {
    const { db } = database();
    await db.delete(users);
    const founder = await signedUpCaller(database(), "founder");
    const member = await signedUpCaller(database(), "member");
    expect((await db.select({ role: users.role }).from(users).where(eq(users.id, founder.userId)))[0]?.role).toBe("admin");
    const refused = await founder.caller.account.delete({ password: PASSWORD }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "CONFLICT", message: "You are the only administrator. Make someone else an administrator first (Administration → Accounts)." });
    expect(await db.select().from(users).where(eq(users.id, founder.userId))).toHaveLength(1);

    await founder.caller.admin.setAccountRole({ userId: member.userId, role: "admin" });
    await founder.caller.account.delete({ password: PASSWORD });
    expect(await db.select().from(users).where(eq(users.id, founder.userId))).toEqual([]);
  });

  it("can delete their account when it is the only one, leaving a fresh install", async () => {
    const { db } = database();
    await db.delete(users);
    const alone = await signedUpCaller(database(), "alone");
    await alone.caller.account.delete({ password: PASSWORD });
    expect(await db.select().from(users)).toEqual([]);
  });
});
