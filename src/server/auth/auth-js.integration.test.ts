/**
 * The Auth.js side of accounts: the route handlers (URLs pinned to PUBLIC_URL, the invite cookie cleared after a
 * callback), the adapter (hashed sessions, accounts created only through the registration rule) and the rule
 * the signIn callback asks before a provider sign-in links or creates anything.
 */
import { eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { accounts, instanceSettings, sessions, users } from "@/server/db/schema";
import type { TDatabaseConnection } from "@/server/db/client";
import { hashBearerToken, newBearerToken } from "@/server/crypto/bearer-token";
import { createInvite } from "@/server/operators/invites";
import { processGlobal } from "@/server/process-global";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { signedUpCaller } from "@/server/testing/trpc";
import { coterieAuthAdapter } from "./auth-adapter";
import { authRouteHandlers } from "./auth-js";
import { oauthSignInRefusal } from "./oauth-sign-in";
import { INVITE_COOKIE_NAME } from "./session-cookie";
import { SESSION_ABSOLUTE_LIFETIME_SECONDS } from "./sessions";

const DAY_MS = 24 * 60 * 60 * 1000;
const forgedHeaders = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

describeWithDatabases("Auth.js route handlers", (database) => {
  beforeAll(() => {
    installTestAppSecret();
    // The handlers use the process's database, as they do in the server.
    processGlobal<TDatabaseConnection>("database").set(database());
  });

  async function signInPageRedirect(publicUrl: string | undefined) {
    const request = new NextRequest("http://evil.example/api/auth/signin", { headers: forgedHeaders });
    const response = await authRouteHandlers(publicUrl).GET(request);
    const location = new URL(response.headers.get("location") ?? "", "http://relative.invalid");
    return { location, cookies: response.headers.getSetCookie().join("\n") };
  }

  it("build callback and redirect URLs from PUBLIC_URL, whatever Host the request forged", async () => {
    const { location, cookies } = await signInPageRedirect("https://coterie.example.org");
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("https://coterie.example.org");
    expect(cookies).not.toContain("evil.example");
  });

  it("use the request's own host only when no PUBLIC_URL is set (a LAN install)", async () => {
    const { location } = await signInPageRedirect(undefined);
    expect(location.searchParams.get("callbackUrl")).toBe("http://evil.example");
  });

  it("clear the invite cookie once a provider's callback has been answered", async () => {
    const request = new NextRequest("https://coterie.example.org/api/auth/callback/oidc?code=x&state=y", {
      headers: { cookie: `${INVITE_COOKIE_NAME}=${newBearerToken()}` },
    });
    const response = await authRouteHandlers("https://coterie.example.org").GET(request);
    expect(response.headers.getSetCookie()).toContainEqual(expect.stringMatching(new RegExp(`^${INVITE_COOKIE_NAME.replace(".", "\\.")}=; .*Max-Age=0`)));
  });
});

describeWithDatabases("the Auth.js adapter", (database) => {
  const adapter = (inviteToken: string | null = null) => coterieAuthAdapter(database().db, { inviteToken });
  const setMode = async (mode: "open" | "invite" | "closed") => {
    await database()
      .db.insert(instanceSettings)
      .values({ key: "registration_mode", value: mode })
      .onConflictDoUpdate({ target: instanceSettings.key, set: { value: mode } });
  };
  const profile = (name: string) => ({ id: crypto.randomUUID(), name, email: `${name}@provider.example`, emailVerified: null, image: null });

  beforeEach(() => setMode("open"));

  it("stores a provider session by its hash and hands the token itself back to Auth.js", async () => {
    const { userId } = await signedUpCaller(database(), "oauthsession");
    const sessionToken = newBearerToken();
    const expires = new Date(Date.now() + DAY_MS);
    expect(await adapter().createSession({ sessionToken, userId, expires })).toEqual({ sessionToken, userId, expires });
    const stored = await database().db.select().from(sessions).where(eq(sessions.tokenHash, hashBearerToken(sessionToken)));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(await database().db.select().from(sessions))).not.toContain(sessionToken);

    // Auth.js puts session.sessionToken back into the cookie when it links a provider: it must be the token.
    const found = await adapter().getSessionAndUser(sessionToken);
    expect(found?.session.sessionToken).toBe(sessionToken);
    expect(found?.session.userId).toBe(userId);
    expect(found?.user.id).toBe(userId);
    expect(await adapter().getSessionAndUser(hashBearerToken(sessionToken))).toBeNull();

    await adapter().deleteSession(sessionToken);
    expect(await adapter().getSessionAndUser(sessionToken)).toBeNull();
  });

  it("refuses provider sessions past the absolute lifetime or of a disabled account, and caps their renewal", async () => {
    const { userId } = await signedUpCaller(database(), "oauthold");
    const { db } = database();
    const old = newBearerToken();
    await adapter().createSession({ sessionToken: old, userId, expires: new Date(Date.now() + DAY_MS) });
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000 + DAY_MS) })
      .where(eq(sessions.tokenHash, hashBearerToken(old)));
    const renewed = await adapter().updateSession({ sessionToken: old, expires: new Date(Date.now() + 30 * DAY_MS) });
    expect((renewed?.expires.getTime() ?? Infinity) - Date.now()).toBeLessThanOrEqual(DAY_MS);
    await db.update(sessions).set({ createdAt: new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_SECONDS * 1000 - 1000) }).where(eq(sessions.tokenHash, hashBearerToken(old)));
    expect(await adapter().getSessionAndUser(old)).toBeNull();

    const current = newBearerToken();
    await adapter().createSession({ sessionToken: current, userId, expires: new Date(Date.now() + DAY_MS) });
    expect(await adapter().getSessionAndUser(current)).not.toBeNull();
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect(await adapter().getSessionAndUser(current)).toBeNull();
  });

  it("makes the first account of a fresh install its administrator, provider sign-ups included", async () => {
    const { db } = database();
    await db.delete(users);
    await setMode("closed");
    const first = await adapter().createUser(profile("founder"));
    const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, first?.id ?? ""));
    expect(row?.role).toBe("admin");
    await expect(adapter().createUser(profile("latecomer"))).rejects.toMatchObject({ type: "AccessDenied" });
    expect(await db.select({ id: users.id }).from(users)).toHaveLength(1);
  });

  it("creates a provider account only as the registration mode allows, spending the invite it carries", async () => {
    const { userId: adminId } = await signedUpCaller(database(), "inviter");
    await setMode("invite");
    await expect(adapter().createUser(profile("uninvited"))).rejects.toMatchObject({ type: "AccessDenied" });
    const { token } = await createInvite(database().db, adminId, { expiresInHours: 1 });
    const created = await adapter(token).createUser(profile("invited"));
    const [row] = await database().db.select({ role: users.role, email: users.email }).from(users).where(eq(users.id, created?.id ?? ""));
    expect(row).toEqual({ role: "member", email: "invited@provider.example" });
    await expect(adapter(token).createUser(profile("second"))).rejects.toMatchObject({ type: "AccessDenied" });
    const names = await database().db.select({ name: users.name }).from(users);
    expect(names.map((user) => user.name)).not.toContain("second");
  });
});

describeWithDatabases("the provider sign-in rule", (database) => {
  const setMode = (mode: "open" | "invite" | "closed") =>
    database().db.update(instanceSettings).set({ value: mode }).where(eq(instanceSettings.key, "registration_mode"));
  const stranger = { provider: "oidc", providerAccountId: "stranger" };

  beforeEach(() => setMode("open"));

  it("lets a linked account in, unless it is disabled", async () => {
    const { userId } = await signedUpCaller(database(), "linked");
    const { db } = database();
    await db.insert(accounts).values({ userId, type: "oidc", provider: "oidc", providerAccountId: "linked-1" });
    const linked = { provider: "oidc", providerAccountId: "linked-1" };
    await setMode("closed");
    expect(await oauthSignInRefusal(db, linked, { signedIn: false, inviteToken: null })).toBeNull();
    await db.update(users).set({ disabledAt: sql`now()` }).where(eq(users.id, userId));
    expect(await oauthSignInRefusal(db, linked, { signedIn: false, inviteToken: null })).toBe("AccountDisabled");
  });

  it("lets a signed-in person link a new provider whatever the registration mode", async () => {
    await signedUpCaller(database(), "someone");
    await setMode("closed");
    expect(await oauthSignInRefusal(database().db, stranger, { signedIn: true, inviteToken: null })).toBeNull();
  });

  it("holds a new person to the registration mode and their invite", async () => {
    const { db } = database();
    const { userId } = await signedUpCaller(database(), "host");
    await setMode("invite");
    expect(await oauthSignInRefusal(db, stranger, { signedIn: false, inviteToken: null })).toBe("InviteRequired");
    const { token } = await createInvite(db, userId, { expiresInHours: 1 });
    expect(await oauthSignInRefusal(db, stranger, { signedIn: false, inviteToken: token })).toBeNull();
    expect(await oauthSignInRefusal(db, stranger, { signedIn: false, inviteToken: newBearerToken() })).toBe("InviteUnusable");
    await setMode("closed");
    expect(await oauthSignInRefusal(db, stranger, { signedIn: false, inviteToken: token })).toBe("RegistrationClosed");
    await setMode("open");
    expect(await oauthSignInRefusal(db, stranger, { signedIn: false, inviteToken: null })).toBeNull();
  });
});
