import { expect, it } from "vitest";
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
