import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { passwordCredentials, sessions, users } from "@/server/db/schema";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, sessionTokenSetBy, signedUpCaller } from "@/server/testing/trpc";

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
    expect(session).toMatchObject({ sessionToken: token, deviceLabel: "Chromium on Linux" });
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(user?.lastLoginAt).toBeInstanceOf(Date);

    const signedIn = await createTestCaller(database(), { sessionToken: token });
    expect(await signedIn.auth.viewer()).toEqual({ id: userId, username: "Ada_Lovelace", name: "Ada", image: null });
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
