import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { fileShareChannels } from "@/server/db/schema";
import { deriveKey } from "@/server/secrets";
import { verifyPeerToken } from "@/server/signaling/peer-token";
import { deleteExpiredShares } from "@/server/share/channels";
import { describeWithDatabases } from "@/server/testing/databases";
import { installTestAppSecret } from "@/server/testing/secret";
import { createTestCaller, signedUpCaller } from "@/server/testing/trpc";

beforeAll(() => installTestAppSecret());

const manifest = {
  files: [
    { path: "holiday/beach.jpg", size: 2_000_000, type: "image/jpeg" },
    { path: "holiday/notes.txt", size: 1_234, type: "text/plain" },
  ],
};
const PEER = "peer-uploader-0001";
const GONE = { code: "NOT_FOUND", message: "This link does not exist or has expired." };

let addressCounter = 0;
/** Each stranger comes from their own address, so per-address limits do not mix between tests. */
const stranger = (connection: Parameters<typeof createTestCaller>[0]) => createTestCaller(connection, { clientIp: `192.0.2.${++addressCounter}` });

describeWithDatabases("share router", (database) => {
  it("creates a link whose short and long slugs both open the manifest, without any account", async () => {
    const { caller } = await signedUpCaller(database(), "sharer");
    const link = await caller.share.create({ manifest, peerId: PEER });
    expect(link.shortSlug).toMatch(/^[1-9A-HJ-NP-Za-km-z]{12}$/);
    expect(link.longSlug).toMatch(/^[a-z]+-[a-z]+-[1-9A-HJ-NP-Za-km-z]{8}$/);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    const visitor = await stranger(database());
    for (const slug of [link.shortSlug, link.longSlug]) {
      expect(await visitor.share.open({ slug })).toMatchObject({ locked: false, files: manifest.files, totalBytes: 2_001_234, grant: null, access: { uploaderPeerId: PEER } });
    }
  });

  it("gives each downloader its own signaling peer, bound to the share, and a ticket for that peer only", async () => {
    const { caller } = await signedUpCaller(database(), "ticketed");
    const link = await caller.share.create({ manifest, peerId: PEER });
    const opened = await (await stranger(database())).share.open({ slug: link.shortSlug });
    if (opened.locked) throw new Error("an open link came back locked");
    const { signaling, ticket } = opened.access;
    expect(verifyPeerToken(deriveKey("peer-token"), signaling.peerId, signaling.token)).toEqual({ ok: true, subject: link.id });
    await expect(caller.share.admit({ id: link.id, peerId: signaling.peerId, ticket })).resolves.toBeUndefined();
    // The same ticket from another peer, or for another share of the same person, admits nobody.
    await expect(caller.share.admit({ id: link.id, peerId: "peer-eavesdropper", ticket })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await caller.share.create({ manifest, peerId: "peer-second-share" });
    await expect(caller.share.admit({ id: other.id, peerId: signaling.peerId, ticket })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Once the link is revoked its tickets admit nobody, and nobody else's share can be checked.
    const bob = await signedUpCaller(database(), "ticketbob");
    await expect(bob.caller.share.admit({ id: link.id, peerId: signaling.peerId, ticket })).rejects.toMatchObject(GONE);
    await caller.share.revoke({ id: link.id });
    await expect(caller.share.admit({ id: link.id, peerId: signaling.peerId, ticket })).rejects.toMatchObject(GONE);
  });

  it("says nothing about a protected link's files until the password is right, checked on the server", async () => {
    const { caller } = await signedUpCaller(database(), "secretive");
    const { shortSlug: slug } = await caller.share.create({ manifest, peerId: PEER, password: "open sesame", expiresInMinutes: 24 * 60 });
    const visitor = await stranger(database());
    const locked = await visitor.share.open({ slug });
    expect(locked).toEqual({ locked: true });
    await expect(visitor.share.unlock({ slug, password: "open barley" })).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "That password is not right." });
    const unlocked = await visitor.share.unlock({ slug, password: "open sesame" });
    expect(unlocked).toMatchObject({ locked: false, files: manifest.files, access: { uploaderPeerId: PEER }, grant: expect.stringMatching(/^sg1\./) as string });
    // The grant lets this tab open the link again (after a reload) without the password; a made-up one does not.
    if (unlocked.locked || !unlocked.grant) throw new Error("no grant");
    expect(await visitor.share.open({ slug, grant: unlocked.grant })).toMatchObject({ locked: false, files: manifest.files });
    expect(await visitor.share.open({ slug, grant: "sg1.99999999999.forged" })).toEqual({ locked: true });
    const [row] = await database().db.select().from(fileShareChannels).where(eq(fileShareChannels.shortSlug, slug));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("counts only wrong passwords: the right one, many times, never locks the link", async () => {
    const { caller } = await signedUpCaller(database(), "popularsecret");
    const { shortSlug: slug } = await caller.share.create({ manifest, peerId: PEER, password: "correct password" });
    const visitor = await stranger(database());
    for (let attempt = 0; attempt < 12; attempt++) await expect(visitor.share.unlock({ slug, password: "correct password" })).resolves.toMatchObject({ locked: false });
  });

  it("locks a link after ten wrong passwords, whatever address they come from", async () => {
    const { caller } = await signedUpCaller(database(), "guessed");
    const { shortSlug: slug } = await caller.share.create({ manifest, peerId: PEER, password: "correct password" });
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect((await stranger(database())).share.unlock({ slug, password: `guess ${attempt}` })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect((await stranger(database())).share.unlock({ slug, password: "correct password" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many attempts/) as string,
    });
  });

  it("limits how fast one address can open links", async () => {
    const { caller } = await signedUpCaller(database(), "popular");
    const { shortSlug: slug } = await caller.share.create({ manifest, peerId: PEER });
    const visitor = await stranger(database());
    for (let attempt = 0; attempt < 60; attempt++) await visitor.share.open({ slug });
    await expect(visitor.share.open({ slug })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("is side-effect free to open, and counts the downloads the uploader reports", async () => {
    const { caller } = await signedUpCaller(database(), "counted");
    const link = await caller.share.create({ manifest, peerId: PEER });
    const before = await database().db.select().from(fileShareChannels).where(eq(fileShareChannels.id, link.id));
    await (await stranger(database())).share.open({ slug: link.shortSlug });
    expect(await database().db.select().from(fileShareChannels).where(eq(fileShareChannels.id, link.id))).toEqual(before);
    await caller.share.recordDownload({ id: link.id });
    expect((await caller.share.mine()).find((share) => share.id === link.id)).toMatchObject({ downloadCount: 1, live: true, hasPassword: false });
  });

  it("answers unknown, expired, lapsed and revoked links identically", async () => {
    const { caller } = await signedUpCaller(database(), "gone");
    const visitor = await stranger(database());
    await expect(visitor.share.open({ slug: "1111111111111" })).rejects.toMatchObject(GONE);

    const expired = await caller.share.create({ manifest, peerId: PEER });
    await database().db.update(fileShareChannels).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(fileShareChannels.id, expired.id));
    await expect(visitor.share.open({ slug: expired.shortSlug })).rejects.toMatchObject(GONE);
    await expect(visitor.share.unlock({ slug: expired.shortSlug, password: "x" })).rejects.toMatchObject(GONE);

    // The uploader's page stopped renewing: the link lapses, and comes back when the page renews again.
    const lapsed = await caller.share.create({ manifest, peerId: PEER });
    await database().db.update(fileShareChannels).set({ renewedAt: sql`now() - interval '2 minutes'` }).where(eq(fileShareChannels.id, lapsed.id));
    await expect(visitor.share.open({ slug: lapsed.shortSlug })).rejects.toMatchObject(GONE);
    await caller.share.renew({ id: lapsed.id, peerId: "peer-after-reload-1" });
    expect(await visitor.share.open({ slug: lapsed.shortSlug })).toMatchObject({ access: { uploaderPeerId: "peer-after-reload-1" } });

    await caller.share.revoke({ id: lapsed.id });
    await expect(visitor.share.open({ slug: lapsed.shortSlug })).rejects.toMatchObject(GONE);
  });

  it("removes expired and long-abandoned links in the periodic cleanup", async () => {
    const { caller } = await signedUpCaller(database(), "cleanup");
    const kept = await caller.share.create({ manifest, peerId: PEER });
    const expired = await caller.share.create({ manifest, peerId: PEER });
    const abandoned = await caller.share.create({ manifest, peerId: PEER });
    await database().db.update(fileShareChannels).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(fileShareChannels.id, expired.id));
    await database().db.update(fileShareChannels).set({ renewedAt: sql`now() - interval '2 hours'` }).where(eq(fileShareChannels.id, abandoned.id));
    expect(await deleteExpiredShares(database().db)).toBeGreaterThanOrEqual(2);
    const remaining = (await database().db.select({ id: fileShareChannels.id }).from(fileShareChannels)).map((row) => row.id);
    expect(remaining).toContain(kept.id);
    expect(remaining).not.toContain(expired.id);
    expect(remaining).not.toContain(abandoned.id);
  });

  it("refuses unsafe manifests and expiries beyond a week", async () => {
    const { caller } = await signedUpCaller(database(), "unsafe");
    await expect(caller.share.create({ manifest: { files: [{ path: "../etc/passwd", size: 1, type: "" }] }, peerId: PEER })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.share.create({ manifest: { files: [{ path: "/abs.txt", size: 1, type: "" }] }, peerId: PEER })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.share.create({ manifest: { files: [...manifest.files, manifest.files[0]!] }, peerId: PEER })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.share.create({ manifest, peerId: PEER, expiresInMinutes: 8 * 24 * 60 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("lets only the owner renew, revoke, count or list a link", async () => {
    const alice = await signedUpCaller(database(), "aliceshare");
    const bob = await signedUpCaller(database(), "bobshare");
    const link = await alice.caller.share.create({ manifest, peerId: PEER });
    await expect(bob.caller.share.renew({ id: link.id, peerId: "peer-hijacker-01" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.share.revoke({ id: link.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await bob.caller.share.recordDownload({ id: link.id });
    expect(await bob.caller.share.mine()).toEqual([]);
    expect((await alice.caller.share.mine()).find((share) => share.id === link.id)).toMatchObject({ downloadCount: 0 });
    expect(await (await stranger(database())).share.open({ slug: link.shortSlug })).toMatchObject({ access: { uploaderPeerId: PEER } });
    await expect((await createTestCaller(database())).share.create({ manifest, peerId: PEER })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
