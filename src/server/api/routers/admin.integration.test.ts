import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { env } from "@/env";
import { accounts, invites, passwordResetLinks, users } from "@/server/db/schema";
import { hashBearerToken } from "@/server/crypto/bearer-token";
import { allowedPrivateHostsSetting } from "@/server/operators/private-hosts";
import { describeWithDatabases } from "@/server/testing/databases";
import { createTestCaller, signedUpAdministrator, signedUpCaller } from "@/server/testing/trpc";

const PASSWORD = "correct horse battery staple";

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describeWithDatabases("admin router: accounts", (database) => {
  it("lists every account with its role, state and sign-in methods, and nothing secret", async () => {
    const admin = await signedUpAdministrator(database(), "lister");
    const member = await signedUpCaller(database(), "listed");
    await database().db.insert(accounts).values({ userId: member.userId, type: "oidc", provider: "oidc", providerAccountId: "listed-oidc" });
    const listed = await admin.caller.admin.accounts();
    expect(listed.find((account) => account.id === member.userId)).toMatchObject({
      username: member.username,
      role: "member",
      disabled: false,
      hasPassword: true,
      providers: ["oidc"],
      signedInDevices: 1,
    });
    expect(listed.find((account) => account.id === admin.userId)).toMatchObject({ role: "admin" });
    expect(JSON.stringify(listed)).not.toMatch(/argon2|\$argon|sessionToken|tokenHash/);
    expect(JSON.stringify(listed)).not.toContain(member.sessionToken);
  });

  it("disables an account, which is signed out at once and cannot sign in, and enables it again", async () => {
    const admin = await signedUpAdministrator(database(), "disabler");
    const member = await signedUpCaller(database(), "disabled");
    await admin.caller.admin.setAccountDisabled({ userId: member.userId, disabled: true });
    expect(await (await createTestCaller(database(), { sessionToken: member.sessionToken })).auth.viewer()).toBeNull();
    const visitor = await createTestCaller(database(), { clientIp: "192.0.6.1" });
    expect(await refusal(visitor.auth.signIn({ username: member.username, password: PASSWORD }))).toMatchObject({
      code: "FORBIDDEN",
      message: "This account has been disabled by the administrator.",
    });
    expect((await admin.caller.admin.accounts()).find((account) => account.id === member.userId)).toMatchObject({ disabled: true, signedInDevices: 0 });

    await admin.caller.admin.setAccountDisabled({ userId: member.userId, disabled: false });
    expect(await visitor.auth.signIn({ username: member.username, password: PASSWORD })).toEqual({ userId: member.userId });
  });

  it("never lets an administrator disable, demote or delete themselves", async () => {
    const admin = await signedUpAdministrator(database(), "selfish");
    const self = { userId: admin.userId };
    expect(await refusal(admin.caller.admin.setAccountDisabled({ ...self, disabled: true }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot disable your own account.",
    });
    expect(await refusal(admin.caller.admin.setAccountRole({ ...self, role: "member" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(admin.caller.admin.deleteAccount(self))).toMatchObject({ code: "FORBIDDEN", message: "Delete your own account in Settings → Profile." });
    expect(await (await createTestCaller(database(), { sessionToken: admin.sessionToken })).auth.viewer()).toMatchObject({ role: "admin" });
  });

  it("makes another account an administrator and back; the role applies on that account's next request", async () => {
    const admin = await signedUpAdministrator(database(), "promoter");
    const member = await signedUpCaller(database(), "promoted");
    await admin.caller.admin.setAccountRole({ userId: member.userId, role: "admin" });
    const promoted = await createTestCaller(database(), { sessionToken: member.sessionToken });
    expect(await promoted.admin.accounts()).not.toHaveLength(0);
    await admin.caller.admin.setAccountRole({ userId: member.userId, role: "member" });
    const demoted = await createTestCaller(database(), { sessionToken: member.sessionToken });
    expect(await refusal(demoted.admin.accounts())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("checks again, under the lock, that the one acting is still an administrator", async () => {
    const first = await signedUpAdministrator(database(), "racer-a");
    const second = await signedUpAdministrator(database(), "racer-b");
    // Both opened the page as administrators; the second demotes the first, whose next click comes too late.
    await second.caller.admin.setAccountRole({ userId: first.userId, role: "member" });
    expect(await refusal(first.caller.admin.setAccountRole({ userId: second.userId, role: "member" }))).toMatchObject({
      code: "FORBIDDEN",
      message: "Only an administrator can do that.",
    });
    const [secondRow] = await database().db.select({ role: users.role }).from(users).where(eq(users.id, second.userId));
    expect(secondRow?.role).toBe("admin");
  });

  it("deletes someone else's account and everything in it", async () => {
    const admin = await signedUpAdministrator(database(), "deleter");
    const member = await signedUpCaller(database(), "deleted");
    await admin.caller.admin.deleteAccount({ userId: member.userId });
    expect(await database().db.select().from(users).where(eq(users.id, member.userId))).toEqual([]);
    expect(await (await createTestCaller(database(), { sessionToken: member.sessionToken })).auth.viewer()).toBeNull();
    expect(await refusal(admin.caller.admin.deleteAccount({ userId: member.userId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(admin.caller.admin.setAccountDisabled({ userId: "usr_nobody", disabled: true }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusal(admin.caller.admin.deleteAccount({ userId: "not-an-id" }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("creates a one-time password reset link, kept only as a hash", async () => {
    const admin = await signedUpAdministrator(database(), "resetter");
    const member = await signedUpCaller(database(), "resettee");
    const { token, expiresAt } = await admin.caller.admin.createPasswordResetLink({ userId: member.userId });
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    const stored = await database().db.select().from(passwordResetLinks).where(eq(passwordResetLinks.userId, member.userId));
    expect(stored).toEqual([expect.objectContaining({ tokenHash: hashBearerToken(token), usedAt: null, createdBy: admin.userId })]);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await refusal(admin.caller.admin.createPasswordResetLink({ userId: admin.userId }))).toMatchObject({ code: "FORBIDDEN" });
  });
});

describeWithDatabases("admin router: invites", (database) => {
  it("creates an invite whose token is shown once and stored as a hash", async () => {
    const admin = await signedUpAdministrator(database(), "inviter");
    const invite = await admin.caller.admin.createInvite({ expiresInHours: 48, label: "  For Ada  " });
    expect(invite.token).toMatch(/^[\w-]{43}$/);
    expect(Math.round((invite.expiresAt.getTime() - Date.now()) / 3600_000)).toBe(48);
    const [row] = await database().db.select().from(invites).where(eq(invites.id, invite.id));
    expect(row).toMatchObject({ tokenHash: hashBearerToken(invite.token), label: "For Ada", createdBy: admin.userId });
    const listed = await admin.caller.admin.invites();
    expect(listed.find((entry) => entry.id === invite.id)).toMatchObject({ label: "For Ada", status: "active", usedBy: null });
    expect(JSON.stringify(listed)).not.toContain(invite.token);
  });

  it("shows which invites were used, by whom, which expired and which were withdrawn", async () => {
    const admin = await signedUpAdministrator(database(), "watcher");
    const used = await admin.caller.admin.createInvite({ expiresInHours: 1 });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.6.20" });
    await visitor.auth.signUp({ username: "guest-of-honour", password: PASSWORD, name: "Guest", invite: used.token });
    const expired = await admin.caller.admin.createInvite({ expiresInHours: 1 });
    await database().db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, expired.id));
    const withdrawn = await admin.caller.admin.createInvite({ expiresInHours: 1 });
    await admin.caller.admin.revokeInvite({ id: withdrawn.id });

    const byId = new Map((await admin.caller.admin.invites()).map((entry) => [entry.id, entry]));
    expect(byId.get(used.id)).toMatchObject({ status: "used", usedBy: { username: "guest-of-honour", name: "Guest" } });
    expect(byId.get(used.id)?.usedAt).toBeInstanceOf(Date);
    expect(byId.get(expired.id)).toMatchObject({ status: "expired" });
    expect(byId.get(withdrawn.id)).toMatchObject({ status: "revoked" });

    expect(await refusal(admin.caller.admin.revokeInvite({ id: used.id }))).toMatchObject({ code: "CONFLICT" });
    expect(await refusal(admin.caller.admin.revokeInvite({ id: "inv_missing" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses invites that last longer than a month or carry an overlong label", async () => {
    const admin = await signedUpAdministrator(database(), "bounded");
    expect(await refusal(admin.caller.admin.createInvite({ expiresInHours: 24 * 31 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(admin.caller.admin.createInvite({ expiresInHours: 0 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(admin.caller.admin.createInvite({ expiresInHours: 1, label: "x".repeat(81) }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describeWithDatabases("admin router: registration and private hosts", (database) => {
  const configured = env.REGISTRATION_MODE;
  afterEach(() => {
    env.REGISTRATION_MODE = configured;
  });

  it("sets the registration mode, which sign-up then follows", async () => {
    const admin = await signedUpAdministrator(database(), "moder");
    await admin.caller.admin.setRegistrationMode({ mode: "closed" });
    expect(await admin.caller.admin.registration()).toEqual({ mode: "closed", fixedByConfiguration: false });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.6.30" });
    expect(await refusal(visitor.auth.signUp({ username: "too-late", password: PASSWORD }))).toMatchObject({ code: "FORBIDDEN" });
    await admin.caller.admin.setRegistrationMode({ mode: "open" });
    await visitor.auth.signUp({ username: "just-in-time", password: PASSWORD });
    expect(await refusal(admin.caller.admin.setRegistrationMode({ mode: "public" as never }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("shows a mode fixed by REGISTRATION_MODE as such, and will not change it", async () => {
    const admin = await signedUpAdministrator(database(), "fixed");
    await admin.caller.admin.setRegistrationMode({ mode: "open" });
    env.REGISTRATION_MODE = "invite";
    expect(await admin.caller.admin.registration()).toEqual({ mode: "invite", fixedByConfiguration: true });
    expect(await refusal(admin.caller.admin.setRegistrationMode({ mode: "open" }))).toMatchObject({
      code: "CONFLICT",
      message: "Registration is fixed by the server's configuration (REGISTRATION_MODE=invite).",
    });
    const visitor = await createTestCaller(database(), { clientIp: "192.0.6.31" });
    expect(await refusal(visitor.auth.signUp({ username: "configured-out", password: PASSWORD }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps the allowed private provider hosts, normalized, for the guarded fetch to read", async () => {
    const admin = await signedUpAdministrator(database(), "hoster");
    expect(await admin.caller.admin.privateHosts()).toEqual([]);
    const saved = await admin.caller.admin.setPrivateHosts({ hosts: [" LocalHost:11434 ", "192.168.1.0/24", "[::1]:8080", "localhost:11434"] });
    expect(saved).toEqual(["localhost:11434", "192.168.1.0/24", "[::1]:8080"]);
    expect(await admin.caller.admin.privateHosts()).toEqual(saved);
    expect(await allowedPrivateHostsSetting(database().db)).toEqual(saved);

    const bad = await refusal(admin.caller.admin.setPrivateHosts({ hosts: ["ollama.lan", "http://evil.example/"] }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain('Not a host rule: \\"http://evil.example/\\" is a URL');
    expect(await allowedPrivateHostsSetting(database().db)).toEqual(saved);
    await admin.caller.admin.setPrivateHosts({ hosts: [] });
    expect(await allowedPrivateHostsSetting(database().db)).toEqual([]);
  });
});
