import { TRPCError } from "@trpc/server";
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

  it("refuses a name or username out of bounds and keeps the profile as it was", async () => {
    const { caller, username } = await signedUpCaller(database(), "bounded");
    const before = await caller.account.profile();
    expect(before).toMatchObject({ username, image: null });
    await expect(caller.account.updateProfile({ name: "  ", username })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.account.updateProfile({ name: "Bo", username: "ab" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.account.updateProfile({ name: "x".repeat(65), username })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await caller.account.profile()).toEqual(before);
    const anonymous = await createTestCaller(database(), { clientIp: "192.0.2.91" });
    await expect(anonymous.account.profile()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
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

describeWithDatabases("account router: devices", (database) => {
  async function secondDevice(username: string) {
    const responseHeaders = new Headers();
    const laptop = await createTestCaller(database(), {
      clientIp: "192.0.2.40",
      headers: { "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0" },
      responseHeaders,
    });
    await laptop.auth.signIn({ username, password: "correct horse battery staple" });
    return sessionTokenSetBy(responseHeaders);
  }

  it("lists every signed-in device with the address it came from, marking this one", async () => {
    const { caller, username, clientIp } = await signedUpCaller(database(), "lister");
    await secondDevice(username);
    const devices = await caller.account.devices();
    expect(devices.map(({ label, address, current }) => ({ label, address, current })).sort((a, b) => a.label.localeCompare(b.label))).toEqual([
      { label: "Chromium on Linux", address: clientIp, current: true },
      { label: "Firefox on macOS", address: "192.0.2.40", current: false },
    ]);
    expect(JSON.stringify(devices)).not.toMatch(/sessionToken|[\w-]{43}/);
  });

  it("revokes one device, which is refused on its very next request", async () => {
    const { caller, username } = await signedUpCaller(database(), "revoker");
    const laptopToken = await secondDevice(username);
    const laptopBefore = await createTestCaller(database(), { sessionToken: laptopToken });
    expect(await laptopBefore.account.devices()).toHaveLength(2);
    const laptopId = (await caller.account.devices()).find((device) => !device.current)?.id ?? "";
    await caller.account.revokeDevice({ id: laptopId });
    // Each request resolves its session afresh: the laptop's next one carries the same cookie and is refused.
    const laptopAfter = await createTestCaller(database(), { sessionToken: laptopToken });
    const refusal = await laptopAfter.account.devices().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await caller.account.devices()).map((device) => device.current)).toEqual([true]);
  });

  it("signs out everywhere else", async () => {
    const { caller, username } = await signedUpCaller(database(), "everywhere");
    await secondDevice(username);
    await secondDevice(username);
    expect(await caller.account.revokeOtherDevices()).toEqual({ revoked: 2 });
    expect(await caller.account.devices()).toHaveLength(1);
  });

  it("cannot see or revoke another user's devices", async () => {
    const alice = await signedUpCaller(database(), "alice");
    const bob = await signedUpCaller(database(), "bob");
    const [aliceDevice] = await alice.caller.account.devices();
    expect((await bob.caller.account.devices()).map((device) => device.id)).not.toContain(aliceDevice?.id);
    const refusal = await bob.caller.account.revokeDevice({ id: aliceDevice?.id ?? "" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "NOT_FOUND" });
    expect(await alice.caller.account.devices()).toHaveLength(1);
  });
});

describeWithDatabases("account router: sign-in methods", (database) => {
  async function linkAccount(userId: string, provider: string) {
    await database().db.insert(accounts).values({ userId, type: "oidc", provider, providerAccountId: `${provider}-${userId}` });
  }

  it("lists the password and linked providers", async () => {
    const { caller, userId } = await signedUpCaller(database(), "methods");
    await linkAccount(userId, "oidc");
    expect(await caller.account.signInMethods()).toEqual({ hasPassword: true, linkedProviders: ["oidc"] });
  });

  it("unlinks a provider while another way to sign in remains", async () => {
    const { caller, userId } = await signedUpCaller(database(), "unlinker");
    await linkAccount(userId, "github");
    await caller.account.unlinkProvider({ provider: "github" });
    expect(await caller.account.signInMethods()).toEqual({ hasPassword: true, linkedProviders: [] });
  });

  it("refuses to unlink the last way to sign in", async () => {
    const { caller, userId } = await signedUpCaller(database(), "lastway");
    await database().db.delete(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    await linkAccount(userId, "discord");
    const refusal = await caller.account.unlinkProvider({ provider: "discord" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "CONFLICT" });
    expect((refusal as Error).message).toMatch(/only way to sign in/);
    expect((await caller.account.signInMethods()).linkedProviders).toEqual(["discord"]);
  });

  it("cannot unlink another user's account", async () => {
    const alice = await signedUpCaller(database(), "alicelink");
    const bob = await signedUpCaller(database(), "boblink");
    await linkAccount(alice.userId, "google");
    const refusal = await bob.caller.account.unlinkProvider({ provider: "google" }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: "NOT_FOUND" });
    expect((await alice.caller.account.signInMethods()).linkedProviders).toEqual(["google"]);
  });
});

describeWithDatabases("account router: password", (database) => {
  const NEW_PASSWORD = "a lantern on the quiet pier";

  async function otherDevice(username: string, password = PASSWORD) {
    const responseHeaders = new Headers();
    await (await createTestCaller(database(), { clientIp: "192.0.2.41", responseHeaders })).auth.signIn({ username, password });
    return sessionTokenSetBy(responseHeaders);
  }

  it("changes the password given the current one, and signs every other device out", async () => {
    const { caller, username, sessionToken } = await signedUpCaller(database(), "changer");
    const laptop = await otherDevice(username);
    const phone = await otherDevice(username);
    expect(await caller.account.setPassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ signedOutDevices: 2 });
    for (const token of [laptop, phone]) {
      expect(await (await createTestCaller(database(), { sessionToken: token })).auth.viewer()).toBeNull();
    }
    expect(await (await createTestCaller(database(), { sessionToken })).auth.viewer()).not.toBeNull();
    const visitor = await createTestCaller(database(), { clientIp: "192.0.2.42" });
    await expect(visitor.auth.signIn({ username, password: PASSWORD })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await otherDevice(username, NEW_PASSWORD)).not.toBeNull();
  });

  it("refuses a wrong or missing current password, and a weak new one, changing nothing", async () => {
    const { caller, username } = await signedUpCaller(database(), "guarded");
    const laptop = await otherDevice(username);
    await expect(caller.account.setPassword({ currentPassword: "not my password", newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Your current password is not right.",
    });
    await expect(caller.account.setPassword({ newPassword: NEW_PASSWORD })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const weak = await caller.account.setPassword({ currentPassword: PASSWORD, newPassword: "Password123" }).catch((error: unknown) => error);
    expect(weak).toMatchObject({ code: "BAD_REQUEST" });
    expect((weak as Error).message).toContain("This password is too common; choose another.");
    expect(await (await createTestCaller(database(), { sessionToken: laptop })).auth.viewer()).not.toBeNull();
    expect(await otherDevice(username)).not.toBeNull();
  });

  it("lets a provider-only account add a password after a recent sign-in, with a username to sign in with", async () => {
    const { caller, userId, sessionToken } = await signedUpCaller(database(), "oauthadd");
    const { db } = database();
    await db.delete(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    await db.update(users).set({ username: null }).where(eq(users.id, userId));
    const thisSession = eq(sessions.tokenHash, hashBearerToken(sessionToken));

    await db.update(sessions).set({ createdAt: new Date(Date.now() - 11 * 60 * 1000) }).where(thisSession);
    await expect(caller.account.setPassword({ newPassword: NEW_PASSWORD, username: "oauth-person" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "To add a password, sign out and sign in again, then add it within ten minutes.",
    });
    await db.update(sessions).set({ createdAt: new Date() }).where(thisSession);
    await expect(caller.account.setPassword({ newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose a username: you will sign in with it and this password.",
    });
    const { username: taken } = await signedUpCaller(database(), "namesake");
    await expect(caller.account.setPassword({ newPassword: NEW_PASSWORD, username: taken.toUpperCase() })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await caller.account.signInMethods()).toEqual({ hasPassword: false, linkedProviders: [] });

    expect(await caller.account.setPassword({ newPassword: NEW_PASSWORD, username: "oauth-person" })).toEqual({ signedOutDevices: 0 });
    expect(await caller.account.signInMethods()).toMatchObject({ hasPassword: true });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.2.43" });
    expect(await visitor.auth.signIn({ username: "oauth-person", password: NEW_PASSWORD })).toEqual({ userId });
  });
});
