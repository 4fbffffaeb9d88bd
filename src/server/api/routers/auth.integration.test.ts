import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { hashBearerToken, newBearerToken } from "@/server/crypto/bearer-token";
import { createInvite } from "@/server/operators/invites";
import { instanceSettings, invites, passwordCredentials, passwordResetLinks, sessions, users } from "@/server/db/schema";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, sessionTokenSetBy, signedUpAdministrator, signedUpCaller } from "@/server/testing/trpc";

const PASSWORD = "correct horse battery staple";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describeWithDatabases("auth router", (database) => {
  it("signs up with an argon2id hash and a database session in an HttpOnly cookie", async () => {
    const responseHeaders = new Headers();
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.1", responseHeaders });
    const { userId } = await caller.auth.signUp({ username: "Ada_Lovelace", password: PASSWORD, name: "Ada" });
    expect(userId).toMatch(/^usr_/);
    const [cookie] = responseHeaders.getSetCookie();
    expect(cookie).toMatch(/^coterie\.session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);

    const { db } = database();
    const [credential] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    expect(credential?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const token = sessionTokenSetBy(responseHeaders);
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(session).toMatchObject({ tokenHash: hashBearerToken(token ?? ""), deviceLabel: "Chromium on Linux" });
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user?.lastLoginAt).toBeInstanceOf(Date);

    const signedIn = await createTestCaller(database(), { sessionToken: token });
    expect(await signedIn.auth.viewer()).toMatchObject({ id: userId, username: "Ada_Lovelace", name: "Ada", image: null });
  });

  it("refuses a taken username regardless of case", async () => {
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.2" });
    await caller.auth.signUp({ username: "grace", password: PASSWORD });
    const error = await refusal(caller.auth.signUp({ username: "GRACE", password: PASSWORD }));
    expect(error).toMatchObject({ code: "CONFLICT", message: "That username is taken." });
  });

  it.each([
    ["a short password", { username: "shorty", password: "tooshort" }, "Use at least 10 characters."],
    ["a common password", { username: "common", password: "Password123" }, "This password is too common; choose another."],
    ["a bad username", { username: "no spaces allowed", password: PASSWORD }, "Use letters, digits"],
  ])("refuses %s with the reason", async (_, input, message) => {
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.3" });
    const error = await refusal(caller.auth.signUp(input));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
  });

  it("signs in by username in any case, with a new session per device", async () => {
    const { userId, username } = await signedUpCaller(database(), "katherine");
    const responseHeaders = new Headers();
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.4", responseHeaders });
    expect(await caller.auth.signIn({ username: username.toUpperCase(), password: PASSWORD })).toEqual({ userId });
    expect(sessionTokenSetBy(responseHeaders)).toMatch(/^[\w-]{43}$/);
    const rows = await database().db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(rows).toHaveLength(2);
  });

  it("answers a wrong password and an unknown username identically", async () => {
    const { username } = await signedUpCaller(database(), "dorothy");
    const responseHeaders = new Headers();
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.5", responseHeaders });
    const wrongPassword = await refusal(caller.auth.signIn({ username, password: "not the password at all" }));
    const unknownUser = await refusal(caller.auth.signIn({ username: "nobody-by-this-name", password: PASSWORD }));
    expect(wrongPassword).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong username or password." });
    expect(unknownUser).toMatchObject({ code: wrongPassword.code, message: wrongPassword.message });
    expect(responseHeaders.getSetCookie()).toEqual([]);
  });

  it("spends an argon2 verification on an unknown username too", async () => {
    const { username } = await signedUpCaller(database(), "timing");
    const caller = await createTestCaller(database(), { clientIp: "192.0.2.6" });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work().catch(() => undefined);
      return performance.now() - started;
    };
    const samples = async (work: () => Promise<unknown>) => {
      const results = [];
      for (let run = 0; run < 5; run++) results.push(await time(work));
      return median(results);
    };
    const hashed = await hashPassword("some password for timing");
    const verification = await samples(() => verifyPassword(hashed, "another password"));
    const wrongPassword = await samples(() => caller.auth.signIn({ username, password: "wrong password here" }));
    const unknownUser = await samples(() => caller.auth.signIn({ username: `ghost-${Date.now()}`, password: "wrong password here" }));
    // Without the decoy an unknown name would answer after one indexed lookup, far below one verification.
    expect(unknownUser).toBeGreaterThan(verification * 0.6);
    expect(wrongPassword).toBeGreaterThan(verification * 0.6);
  });

  it("locks out a guesser after ten wrong passwords, but not the owner signing in from elsewhere", async () => {
    const { username, userId } = await signedUpCaller(database(), "target");
    const stranger = await createTestCaller(database(), { clientIp: "192.0.3.1" });
    for (let attempt = 0; attempt < RATE_LIMITS.signInFailuresPerAddressAndUsername.limit; attempt++) {
      await expect(stranger.auth.signIn({ username, password: "guess guess guess" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const locked = await refusal(stranger.auth.signIn({ username, password: PASSWORD }));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toMatch(/^Too many attempts\. Try again in \d+ minutes\.$/);
    const owner = await createTestCaller(database(), { clientIp: "192.0.3.2" });
    expect(await owner.auth.signIn({ username, password: PASSWORD })).toEqual({ userId });
  });

  it("counts only failures: a person signing in over and over is never limited", async () => {
    const { username, userId } = await signedUpCaller(database(), "regular");
    const caller = await createTestCaller(database(), { clientIp: "192.0.3.3" });
    for (let attempt = 0; attempt < RATE_LIMITS.signInFailuresPerAddressAndUsername.limit + 5; attempt++) {
      expect(await caller.auth.signIn({ username, password: PASSWORD })).toEqual({ userId });
    }
  });

  it("stops guesses spread over many addresses at the slower per-username limit", async () => {
    const { username } = await signedUpCaller(database(), "spread");
    for (let attempt = 0; attempt < RATE_LIMITS.signInFailuresPerUsername.limit; attempt++) {
      const caller = await createTestCaller(database(), { clientIp: `192.0.4.${attempt}` });
      await expect(caller.auth.signIn({ username, password: "guess guess guess" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const caller = await createTestCaller(database(), { clientIp: "192.0.4.250" });
    expect((await refusal(caller.auth.signIn({ username, password: PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("counts an IPv6 /64 as one address", async () => {
    const { username } = await signedUpCaller(database(), "sixer");
    for (let attempt = 0; attempt < RATE_LIMITS.signInFailuresPerAddressAndUsername.limit; attempt++) {
      const caller = await createTestCaller(database(), { clientIp: `2001:db8:77:1::${(attempt + 1).toString(16)}` });
      await expect(caller.auth.signIn({ username, password: "guess guess guess" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const sameNetwork = await createTestCaller(database(), { clientIp: "2001:db8:77:1:ffff::1" });
    expect((await refusal(sameNetwork.auth.signIn({ username, password: PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
    const otherNetwork = await createTestCaller(database(), { clientIp: "2001:db8:77:2::1" });
    await expect(otherNetwork.auth.signIn({ username, password: PASSWORD })).resolves.toBeDefined();
  });

  it("signs out this device only, refusing its cookie from then on", async () => {
    const { userId, sessionToken, username } = await signedUpCaller(database(), "leaver");
    const other = await createTestCaller(database(), { clientIp: "192.0.2.7" });
    await other.auth.signIn({ username, password: PASSWORD });
    const responseHeaders = new Headers();
    const caller = await createTestCaller(database(), { sessionToken, responseHeaders });
    await caller.auth.signOut();
    expect(responseHeaders.getSetCookie().at(-1)).toMatch(/^coterie\.session=; .*Max-Age=0/);
    const after = await createTestCaller(database(), { sessionToken });
    expect(await after.auth.viewer()).toBeNull();
    expect(await database().db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(1);
  });

  it("refuses cross-site mutations", async () => {
    const caller = await createTestCaller(database(), {
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    const error = await refusal(caller.auth.signIn({ username: "anyone", password: PASSWORD }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "Cross-site requests are not allowed." });
  });
});

describeWithDatabases("auth router: who may create an account", (database) => {
  let addressCounter = 0;
  const anonymous = (responseHeaders?: Headers) => createTestCaller(database(), { clientIp: `192.0.4.${++addressCounter}`, responseHeaders });
  const setMode = async (mode: "open" | "invite" | "closed" | null) => {
    const { db } = database();
    await db.delete(instanceSettings).where(eq(instanceSettings.key, "registration_mode"));
    if (mode) await db.insert(instanceSettings).values({ key: "registration_mode", value: mode });
  };
  const roleOf = async (userId: string) => (await database().db.select({ role: users.role }).from(users).where(eq(users.id, userId)))[0]?.role;
  async function administrator() {
    const [admin] = await database().db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
    if (admin) return admin.id;
    return (await signedUpCaller(database(), "admin")).userId;
  }

  it("makes the first account the administrator, once, however many sign up at the same moment", async () => {
    const { db } = database();
    await db.delete(users);
    await setMode(null); // a fresh install: nothing chosen yet, so invite-only once the administrator exists
    const attempts = await Promise.allSettled(
      ["first-a", "first-b", "first-c"].map(async (username) => (await anonymous()).auth.signUp({ username, password: PASSWORD })),
    );
    const created = attempts.filter((attempt) => attempt.status === "fulfilled");
    expect(created).toHaveLength(1);
    expect(await db.select({ role: users.role }).from(users)).toEqual([{ role: "admin" }]);
    for (const attempt of attempts.filter((entry) => entry.status === "rejected")) {
      expect(attempt.reason).toMatchObject({ code: "FORBIDDEN", message: "New accounts need an invite link. Ask the administrator of this Coterie for one." });
    }

    await db.delete(users);
    await setMode("open");
    const open = await Promise.all(["open-a", "open-b", "open-c"].map(async (username) => (await anonymous()).auth.signUp({ username, password: PASSWORD })));
    const roles = await Promise.all(open.map(({ userId }) => roleOf(userId)));
    expect(roles.sort()).toEqual(["admin", "member", "member"]);
  });

  it("needs an invite in invite mode; the invite works once", async () => {
    const adminId = await administrator();
    await setMode("invite");
    const refused = await refusal((await anonymous()).auth.signUp({ username: "uninvited", password: PASSWORD }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "New accounts need an invite link. Ask the administrator of this Coterie for one." });

    const { token } = await createInvite(database().db, adminId, { expiresInHours: 24 });
    expect(await (await anonymous()).auth.registration({ invite: token })).toEqual({ mode: "invite", refusal: null });
    const responseHeaders = new Headers();
    const { userId } = await (await anonymous(responseHeaders)).auth.signUp({ username: "invited", password: PASSWORD, invite: token });
    expect(sessionTokenSetBy(responseHeaders)).not.toBeNull();
    expect(await roleOf(userId)).toBe("member");

    const again = await refusal((await anonymous()).auth.signUp({ username: "second-use", password: PASSWORD, invite: token }));
    expect(again).toMatchObject({ code: "FORBIDDEN", message: "This invite link has already been used. Ask for a new one." });
    expect(await (await anonymous()).auth.registration({ invite: token })).toEqual({ mode: "invite", refusal: again.message });
    expect(await database().db.select().from(users).where(eq(users.username, "second-use"))).toEqual([]);
  });

  it("gives an invite back when the sign-up fails for another reason, and refuses expired and withdrawn ones", async () => {
    const adminId = await administrator();
    await setMode("invite");
    const { db } = database();
    const { token, id } = await createInvite(db, adminId, { expiresInHours: 24 });
    await (await anonymous()).auth.signUp({ username: "taken-name", password: PASSWORD, invite: (await createInvite(db, adminId, { expiresInHours: 1 })).token });
    const taken = await refusal((await anonymous()).auth.signUp({ username: "TAKEN-NAME", password: PASSWORD, invite: token }));
    expect(taken.code).toBe("CONFLICT");
    expect((await (await anonymous()).auth.registration({ invite: token })).refusal).toBeNull();

    await db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, id));
    expect(await refusal((await anonymous()).auth.signUp({ username: "late", password: PASSWORD, invite: token }))).toMatchObject({
      message: "This invite link has expired. Ask for a new one.",
    });
    const withdrawn = await createInvite(db, adminId, { expiresInHours: 1 });
    await db.update(invites).set({ revokedAt: new Date() }).where(eq(invites.id, withdrawn.id));
    expect(await refusal((await anonymous()).auth.signUp({ username: "withdrawn", password: PASSWORD, invite: withdrawn.token }))).toMatchObject({
      message: "This invite link was withdrawn. Ask for a new one.",
    });
  });

  it("refuses everyone when closed, invite or not, and anyone may sign up when open", async () => {
    const adminId = await administrator();
    const { token } = await createInvite(database().db, adminId, { expiresInHours: 1 });
    await setMode("closed");
    expect(await (await anonymous()).auth.registration({})).toEqual({ mode: "closed", refusal: "This Coterie is not accepting new accounts." });
    expect(await refusal((await anonymous()).auth.signUp({ username: "closed-out", password: PASSWORD, invite: token }))).toMatchObject({
      code: "FORBIDDEN",
      message: "This Coterie is not accepting new accounts.",
    });
    await setMode("open");
    expect(await (await anonymous()).auth.registration({})).toEqual({ mode: "open", refusal: null });
    await (await anonymous()).auth.signUp({ username: "walk-in", password: PASSWORD });
  });

  it("holds an invite in a short-lived HttpOnly cookie for a provider sign-in, after checking it", async () => {
    const adminId = await administrator();
    await setMode("invite");
    const { token } = await createInvite(database().db, adminId, { expiresInHours: 1 });
    const responseHeaders = new Headers();
    await (await anonymous(responseHeaders)).auth.holdInvite({ invite: token });
    expect(responseHeaders.getSetCookie()).toEqual([`coterie.invite=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=900`]);
    const unknown = new Headers();
    const refused = await refusal((await anonymous(unknown)).auth.holdInvite({ invite: newBearerToken() }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "This invite link is not valid. Check that you copied all of it." });
    expect(unknown.getSetCookie()).toEqual([]);
  });
});

describeWithDatabases("auth router: disabled accounts and reset links", (database) => {
  it("refuses a disabled account's correct password with the reason, and a wrong one as always", async () => {
    const { userId, username } = await signedUpCaller(database(), "benched");
    await database().db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    const caller = await createTestCaller(database(), { clientIp: "192.0.5.1" });
    expect(await refusal(caller.auth.signIn({ username, password: PASSWORD }))).toMatchObject({
      code: "FORBIDDEN",
      message: "This account has been disabled by the administrator.",
    });
    expect(await refusal(caller.auth.signIn({ username, password: "not the password at all" }))).toMatchObject({ message: "Wrong username or password." });
  });

  it("sets a new password through a one-time link and signs every device out", async () => {
    const admin = await signedUpAdministrator(database(), "resetadmin");
    const { userId, username, sessionToken } = await signedUpCaller(database(), "forgetful");
    const { token } = await admin.caller.admin.createPasswordResetLink({ userId });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.5.2" });
    expect(await visitor.auth.passwordResetLink({ token })).toEqual({ usable: true, username });

    await visitor.auth.resetPassword({ token, newPassword: "a brand new passphrase" });
    expect(await (await createTestCaller(database(), { sessionToken })).auth.viewer()).toBeNull();
    expect(await database().db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    expect(await visitor.auth.signIn({ username, password: "a brand new passphrase" })).toEqual({ userId });
    expect(await refusal(visitor.auth.signIn({ username, password: PASSWORD }))).toMatchObject({ code: "UNAUTHORIZED" });

    expect(await visitor.auth.passwordResetLink({ token })).toEqual({ usable: false });
    expect(await refusal(visitor.auth.resetPassword({ token, newPassword: "yet another passphrase" }))).toMatchObject({
      code: "FORBIDDEN",
      message: "This password reset link has expired or has already been used. Ask the administrator for a new one.",
    });
  });

  it("refuses an expired or superseded link, and asks a provider-only account for a username", async () => {
    const admin = await signedUpAdministrator(database(), "resetadmin2");
    const { db } = database();
    const { userId } = await signedUpCaller(database(), "provideronly");
    await db.delete(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    await db.update(users).set({ username: null }).where(eq(users.id, userId));
    const superseded = await admin.caller.admin.createPasswordResetLink({ userId });
    const current = await admin.caller.admin.createPasswordResetLink({ userId });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.5.3" });
    expect(await visitor.auth.passwordResetLink({ token: superseded.token })).toEqual({ usable: false });
    expect(await visitor.auth.passwordResetLink({ token: current.token })).toEqual({ usable: true, username: null });

    expect(await refusal(visitor.auth.resetPassword({ token: current.token, newPassword: "provider people need one" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose a username: you will sign in with it and this password.",
    });
    // The refusal changed nothing: the link still works.
    expect((await visitor.auth.passwordResetLink({ token: current.token })).usable).toBe(true);
    await visitor.auth.resetPassword({ token: current.token, newPassword: "provider people need one", username: "now-has-a-name" });
    expect(await visitor.auth.signIn({ username: "now-has-a-name", password: "provider people need one" })).toEqual({ userId });

    const late = await admin.caller.admin.createPasswordResetLink({ userId });
    await db.update(passwordResetLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetLinks.userId, userId));
    expect(await visitor.auth.passwordResetLink({ token: late.token })).toEqual({ usable: false });
  });
});
