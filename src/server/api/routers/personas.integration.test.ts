import sharp from "sharp";
import { expect, it } from "vitest";
import { personaAvatarSha256, setPersonaAvatar } from "@/server/characters/personas";
import { describeWithDatabases } from "@/server/testing/databases";
import { signedUpCaller } from "@/server/testing/trpc";

describeWithDatabases("personas router", (database) => {
  it("makes the first persona the default and keeps exactly one default", async () => {
    const { caller } = await signedUpCaller(database(), "persona");
    const first = await caller.personas.create({ name: "Traveller", description: "A wanderer." });
    const second = await caller.personas.create({ name: "Scholar", isDefault: true });
    expect((await caller.personas.list()).map(({ name, isDefault }) => ({ name, isDefault }))).toEqual([
      { name: "Traveller", isDefault: false },
      { name: "Scholar", isDefault: true },
    ]);
    await caller.personas.update({ id: first.id, fields: { name: "Traveller", description: "A wanderer.", isDefault: true } });
    expect((await caller.personas.list()).filter((persona) => persona.isDefault).map((persona) => persona.id)).toEqual([first.id]);
    await caller.personas.delete({ id: first.id });
    expect(await caller.personas.list()).toMatchObject([{ id: second.id, isDefault: true }]);
  });

  it("refuses an empty name with the reason", async () => {
    const { caller } = await signedUpCaller(database(), "nameless");
    await expect(caller.personas.create({ name: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps users' personas apart", async () => {
    const alice = await signedUpCaller(database(), "alicep");
    const bob = await signedUpCaller(database(), "bobp");
    const { id } = await alice.caller.personas.create({ name: "Alice's" });
    expect(await bob.caller.personas.list()).toEqual([]);
    await expect(bob.caller.personas.update({ id, fields: { name: "Stolen", description: "", isDefault: true } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.personas.delete({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await alice.caller.personas.list()).toMatchObject([{ name: "Alice's" }]);
  });
});

describeWithDatabases("persona pictures", (database) => {
  it("are stored for the owner only, as decoded and re-encoded images", async () => {
    const alice = await signedUpCaller(database(), "alicepic");
    const bob = await signedUpCaller(database(), "bobpic");
    const { id } = await alice.caller.personas.create({ name: "Pictured" });
    const picture = await sharp({ create: { width: 90, height: 60, channels: 3, background: "#10b981" } }).png().toBuffer();
    await setPersonaAvatar(database().db, alice.userId, id, picture);
    const sha = await personaAvatarSha256(database().db, alice.userId, id);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await personaAvatarSha256(database().db, bob.userId, id)).toBeNull();
    await expect(setPersonaAvatar(database().db, bob.userId, id, picture)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setPersonaAvatar(database().db, alice.userId, id, Buffer.from("not an image"))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await personaAvatarSha256(database().db, alice.userId, id)).toBe(sha);
  });
});
