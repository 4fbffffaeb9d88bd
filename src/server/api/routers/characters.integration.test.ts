import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { blankCardData } from "@/lib/character-card/card-schema";
import { fullCard, pngPicture } from "@/server/characters/formats/fixtures.test-support";
import { writeCharx } from "@/server/characters/formats/charx";
import { cardToJson } from "@/server/characters/formats/json-card";
import { writePngCard } from "@/server/characters/formats/png-card";
import { readCharacterFile } from "@/server/characters/formats/read-character-file";
import { addCharacterAsset } from "@/server/characters/assets";
import { exportCharacter, type TExportFormat } from "@/server/characters/export-character";
import { importFiles } from "@/server/characters/import-characters";
import { readCharacterAsset } from "@/server/characters/queries";
import { rows } from "@/server/db/client";
import { characterAssets, characters, lorebookEntries } from "@/server/db/schema";
import { describeWithDatabases } from "@/server/testing/databases";
import { signedUpCaller } from "@/server/testing/trpc";

const json = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
let picture: Buffer;
beforeAll(async () => {
  picture = await pngPicture(120, 180);
});

describeWithDatabases("character library", (database) => {
  it("imports a PNG card with its fields, lorebook and avatar", async () => {
    const { caller, userId } = await signedUpCaller(database(), "importer");
    const [result] = await importFiles(database().db, userId, [{ fileName: "sera.png", bytes: writePngCard(picture, fullCard()) }]);
    expect(result).toMatchObject({ ok: true, kind: "character", name: "Seraphina" });
    const id = result?.ok && result.kind === "character" ? result.characterId : "";
    const character = await caller.characters.byId({ id });
    const { assets: _assets, ...expected } = fullCard().data;
    expect(character.card.data).toEqual(expected);
    expect(character.avatarAssetId).toMatch(/^ast_/);
    expect(character.assets).toEqual([{ id: character.avatarAssetId, type: "icon", name: "main", ext: "png", isImage: true }]);
    const thumbnail = await readCharacterAsset(database().db, userId, id, character.avatarAssetId ?? "", true);
    expect(thumbnail).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives each file of a batch its own result, saving nothing of a bad one", async () => {
    const { userId, caller } = await signedUpCaller(database(), "batcher");
    const results = await importFiles(database().db, userId, [
      { fileName: "good.json", bytes: json(cardToJson(fullCard())) },
      { fileName: "bad.json", bytes: json("{ nope") },
      { fileName: "plain.png", bytes: picture },
      { fileName: "typo.json", bytes: json({ spec: "chara_card_v3", spec_version: "3.0", data: { name: "T", alternate_greetings: [{ x: 1 }] } }) },
    ]);
    expect(results.map((result) => (result.ok ? "ok" : result.code))).toEqual(["ok", "INVALID_JSON", "NOT_A_CARD", "INVALID_FIELD"]);
    expect(await caller.characters.list({ sort: "recent" })).toHaveLength(1);
  });

  it("rolls back a card whose asset is a broken image", async () => {
    const { userId } = await signedUpCaller(database(), "rollback");
    const card = fullCard();
    const archive = writeCharx(card, [{ path: "assets/icon/images/main.png", bytes: Buffer.from("not really a png") }]);
    const [result] = await importFiles(database().db, userId, [{ fileName: "broken.charx", bytes: archive }]);
    expect(result).toMatchObject({ ok: false, code: "CORRUPT_IMAGE" });
    const { db } = database();
    expect(await db.select().from(characters).where(eq(characters.userId, userId))).toEqual([]);
    expect(await db.select().from(lorebookEntries).where(eq(lorebookEntries.userId, userId))).toEqual([]);
  });

  it.each<TExportFormat>(["json", "png", "charx"])("exports as %s and imports back an equal card", async (format) => {
    const { userId } = await signedUpCaller(database(), `roundtrip${format}`);
    const archive = writeCharx(fullCard(), [{ path: "assets/icon/images/main.png", bytes: picture }]);
    const [first] = await importFiles(database().db, userId, [{ fileName: "sera.charx", bytes: archive }]);
    const firstId = first?.ok && first.kind === "character" ? first.characterId : "";
    const exported = await exportCharacter(database().db, userId, firstId, format);
    const [second] = await importFiles(database().db, userId, [{ fileName: exported.fileName, bytes: exported.bytes }], { duplicates: "copy" });
    const secondId = second?.ok && second.kind === "character" ? second.characterId : "";
    const again = await exportCharacter(database().db, userId, secondId, format);
    const card = (bytes: Uint8Array) => {
      const file = readCharacterFile(bytes);
      if (file.kind !== "card") throw new Error("expected a card");
      return file.card;
    };
    expect(card(again.bytes)).toEqual(card(exported.bytes));
    const { assets: _assets, ...original } = fullCard().data;
    const { assets: _exportedAssets, ...roundTripped } = card(exported.bytes).data;
    expect(roundTripped).toEqual(original);
  });

  it("knows a card the library already has, even exported and in another format, and imports it as a copy when asked", async () => {
    const { userId, caller } = await signedUpCaller(database(), "twice");
    const [first] = await importFiles(database().db, userId, [{ fileName: "sera.png", bytes: writePngCard(picture, fullCard()) }]);
    const firstId = first?.ok && first.kind === "character" ? first.characterId : "";
    const exported = await exportCharacter(database().db, userId, firstId, "json");
    const changed = { ...fullCard(), data: { ...fullCard().data, description: "Another guardian." } };
    const results = await importFiles(database().db, userId, [
      { fileName: "again.json", bytes: exported.bytes },
      { fileName: "changed.json", bytes: json(cardToJson(changed)) },
    ]);
    expect(results[0]).toEqual({ fileName: "again.json", ok: false, code: "DUPLICATE", error: "Seraphina is already in your library.", characterId: firstId });
    expect(results[1]).toMatchObject({ ok: true, kind: "character", name: "Seraphina" });
    const [copy] = await importFiles(database().db, userId, [{ fileName: "again.json", bytes: exported.bytes }], { duplicates: "copy" });
    expect(copy).toMatchObject({ ok: true, kind: "character", name: "Seraphina" });
    expect(await caller.characters.list({ sort: "recent" })).toHaveLength(3);
    // Someone else's identical card is not a duplicate of theirs.
    const other = await signedUpCaller(database(), "twiceother");
    const [theirs] = await importFiles(database().db, other.userId, [{ fileName: "again.json", bytes: exported.bytes }]);
    expect(theirs).toMatchObject({ ok: true, kind: "character" });
  });

  it("deduplicates identical assets in the blob store", async () => {
    const { userId } = await signedUpCaller(database(), "dedupe");
    const png = writePngCard(picture, fullCard());
    await importFiles(
      database().db,
      userId,
      [
        { fileName: "a.png", bytes: png },
        { fileName: "b.png", bytes: png },
      ],
      { duplicates: "copy" },
    );
    const { db } = database();
    const assetRows = await db.select({ sha: characterAssets.blobSha256 }).from(characterAssets).where(eq(characterAssets.userId, userId));
    expect(assetRows).toHaveLength(2);
    const [counted] = rows<{ count: number }>(await db.execute(sql`select count(*)::int as count from blobs where sha256 = ${assetRows[0]?.sha ?? ""}`));
    expect(counted?.count).toBe(1);
  });

  it("imports a standalone lorebook into a character", async () => {
    const { userId, caller } = await signedUpCaller(database(), "lorebooker");
    const { character_book: _book, ...withoutBook } = fullCard().data;
    const [created] = await importFiles(database().db, userId, [{ fileName: "c.json", bytes: json({ spec: "chara_card_v3", spec_version: "3.0", data: withoutBook }) }]);
    const id = created?.ok && created.kind === "character" ? created.characterId : "";
    const worldInfo = { entries: { "0": { uid: 0, key: ["castle"], content: "Iron gate.", order: 5 } } };
    const [withoutTarget] = await importFiles(database().db, userId, [{ fileName: "world.json", bytes: json(worldInfo) }]);
    expect(withoutTarget).toMatchObject({ ok: false, code: "NO_TARGET" });
    const [result] = await importFiles(database().db, userId, [{ fileName: "world.json", bytes: json(worldInfo) }], { lorebookTargetId: id });
    expect(result).toMatchObject({ ok: true, kind: "lorebook", entries: 1 });
    const character = await caller.characters.byId({ id });
    expect(character.card.data.character_book?.entries.map((entry) => entry.content)).toEqual(["Iron gate."]);
  });

  it("lists with search, tag filter and sort", async () => {
    const { userId, caller } = await signedUpCaller(database(), "lister");
    const card = (name: string, tags: string[]) => json({ spec: "chara_card_v3", spec_version: "3.0", data: { name, tags } });
    await importFiles(database().db, userId, [
      { fileName: "1.json", bytes: card("Zed the Knight", ["fantasy"]) },
      { fileName: "2.json", bytes: card("Alice 100%", ["sci-fi"]) },
      { fileName: "3.json", bytes: card("Bob", ["fantasy", "comedy"]) },
    ]);
    expect((await caller.characters.list({ sort: "name" })).map((row) => row.name)).toEqual(["Alice 100%", "Bob", "Zed the Knight"]);
    expect((await caller.characters.list({ tag: "fantasy", sort: "name" })).map((row) => row.name)).toEqual(["Bob", "Zed the Knight"]);
    expect((await caller.characters.list({ search: "knight", sort: "name" })).map((row) => row.name)).toEqual(["Zed the Knight"]);
    expect((await caller.characters.list({ search: "%", sort: "name" })).map((row) => row.name)).toEqual(["Alice 100%"]);
  });

  it("deletes a character with its lorebook and assets", async () => {
    const { userId, caller } = await signedUpCaller(database(), "deleter");
    // A card no other test imports, so its picture's blob is referenced by this character alone.
    const unique = { ...fullCard(), data: { ...fullCard().data, name: `Dana ${userId}` } };
    const [result] = await importFiles(database().db, userId, [{ fileName: "dana.png", bytes: writePngCard(picture, unique) }]);
    const id = result?.ok && result.kind === "character" ? result.characterId : "";
    const { db } = database();
    const [asset] = await db.select({ sha: characterAssets.blobSha256 }).from(characterAssets).where(eq(characterAssets.characterId, id));
    await caller.characters.delete({ id });
    const [left] = rows<{ count: number }>(await db.execute(sql`select count(*)::int as count from blobs where sha256 = ${asset?.sha ?? ""}`));
    expect(left?.count).toBe(0);
    expect(await db.select().from(lorebookEntries).where(eq(lorebookEntries.characterId, id))).toEqual([]);
    expect(await db.select().from(characterAssets).where(eq(characterAssets.characterId, id))).toEqual([]);
    await expect(caller.characters.byId({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps one user's characters from another: no reading, exporting, fetching assets or deleting", async () => {
    const alice = await signedUpCaller(database(), "alicechr");
    const bob = await signedUpCaller(database(), "bobchr");
    const [result] = await importFiles(database().db, alice.userId, [{ fileName: "sera.png", bytes: writePngCard(picture, fullCard()) }]);
    const id = result?.ok && result.kind === "character" ? result.characterId : "";
    const aliceView = await alice.caller.characters.byId({ id });
    expect(await bob.caller.characters.list({ sort: "recent" })).toEqual([]);
    await expect(bob.caller.characters.byId({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.caller.characters.delete({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportCharacter(database().db, bob.userId, id, "json")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await readCharacterAsset(database().db, bob.userId, id, aliceView.avatarAssetId ?? "", false)).toBeNull();
    const [lorebookIntoAlice] = await importFiles(database().db, bob.userId, [{ fileName: "w.json", bytes: json({ entries: [] }) }], { lorebookTargetId: id });
    expect(lorebookIntoAlice).toMatchObject({ ok: false });
    expect(await alice.caller.characters.byId({ id })).toMatchObject({ id });
  });
});

describeWithDatabases("character editing", (database) => {
  async function importedCharacter(name: string) {
    const user = await signedUpCaller(database(), name);
    const [result] = await importFiles(database().db, user.userId, [{ fileName: "c.json", bytes: json(cardToJson(fullCard())) }]);
    return { ...user, id: result?.ok && result.kind === "character" ? result.characterId : "" };
  }

  it("saves edited fields and keeps extensions", async () => {
    const { caller, id } = await importedCharacter("editor");
    const { card } = await caller.characters.byId({ id });
    const { assets: _assets, character_book: _book, ...fields } = card.data;
    await caller.characters.update({ id, fields: { ...fields, name: "Seraphina II", tags: ["edited"], alternate_greetings: ["Hi!"] } });
    const after = await caller.characters.byId({ id });
    expect(after.card.data).toMatchObject({ name: "Seraphina II", tags: ["edited"], alternate_greetings: ["Hi!"], extensions: fullCard().data.extensions });
    expect(after.card.data.character_book?.entries).toHaveLength(2);
  });

  it("refuses invalid fields without saving anything", async () => {
    const { caller, id } = await importedCharacter("invalid");
    const { card } = await caller.characters.byId({ id });
    const { assets: _assets, character_book: _book, ...fields } = card.data;
    await expect(caller.characters.update({ id, fields: { ...fields, name: "   " } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await caller.characters.byId({ id })).card.data.name).toBe("Seraphina");
  });

  it("saves the lorebook in the given order, and removes it", async () => {
    const { caller, id } = await importedCharacter("lorekeeper");
    const book = (await caller.characters.byId({ id })).card.data.character_book;
    if (!book) throw new Error("expected a lorebook");
    const [first, second] = book.entries;
    if (!first || !second) throw new Error("expected two entries");
    const reordered = { ...book, entries: [second, { ...first, content: "Edited." }] };
    await caller.characters.saveLorebook({ id, lorebook: reordered });
    expect((await caller.characters.byId({ id })).card.data.character_book?.entries.map((entry) => entry.content)).toEqual([
      "Dragons avoid the glade.",
      "Edited.",
    ]);
    await caller.characters.saveLorebook({ id, lorebook: null });
    expect((await caller.characters.byId({ id })).card.data.character_book).toBeUndefined();
  });

  it("creates a character from scratch, with a name required", async () => {
    const { caller } = await signedUpCaller(database(), "creator");
    await expect(caller.characters.create({ fields: blankCardData("  ") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { id } = await caller.characters.create({ fields: { ...blankCardData("Marlow"), tags: ["pirate", "sea captain"] } });
    const created = await caller.characters.byId({ id });
    expect(created.card.data).toMatchObject({ name: "Marlow", tags: ["pirate", "sea captain"] });
    expect(created.card.data.character_book).toBeUndefined();
    expect((await caller.characters.list({ sort: "recent" })).map((row) => row.name)).toEqual(["Marlow"]);
  });

  it("duplicates a character with its lorebook and assets, leaving the original as it was", async () => {
    const { caller, userId, id } = await importedCharacter("duplicator");
    await addCharacterAsset(database().db, userId, id, { type: "icon", name: "portrait", ext: "png" }, picture);
    const original = await caller.characters.byId({ id });
    const { id: copyId } = await caller.characters.duplicate({ id });
    expect(copyId).not.toBe(id);
    const copy = await caller.characters.byId({ id: copyId });
    expect(copy.card.data).toEqual({ ...original.card.data, name: "Seraphina (copy)" });
    expect(copy.assets.map(({ type, name }) => ({ type, name }))).toEqual(original.assets.map(({ type, name }) => ({ type, name })));
    expect(copy.assets.map((asset) => asset.id)).not.toContain(original.assets[0]?.id);
    expect(copy.avatarAssetId).toBe(copy.assets[0]?.id);
    // Editing or deleting the copy leaves the original whole.
    await caller.characters.saveLorebook({ id: copyId, lorebook: null });
    await caller.characters.delete({ id: copyId });
    expect(await caller.characters.byId({ id })).toEqual(original);
  });

  it("lets no one else edit", async () => {
    const { id } = await importedCharacter("ownerx");
    const intruder = await signedUpCaller(database(), "intruder");
    const fields = { ...fullCard().data, name: "Hijacked" };
    const { assets: _assets, character_book: _book, ...editable } = fields;
    await expect(intruder.caller.characters.update({ id, fields: editable })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(intruder.caller.characters.saveLorebook({ id, lorebook: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(intruder.caller.characters.duplicate({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await intruder.caller.characters.list({ sort: "recent" })).toEqual([]);
  });
});

describeWithDatabases("character assets", (database) => {
  async function bareCharacter(name: string) {
    const user = await signedUpCaller(database(), name);
    const [result] = await importFiles(database().db, user.userId, [{ fileName: "c.json", bytes: json({ spec: "chara_card_v3", spec_version: "3.0", data: { name } }) }]);
    return { ...user, id: result?.ok && result.kind === "character" ? result.characterId : "" };
  }

  it("adds pictures and other files, picks the avatar, and removes assets", async () => {
    const { caller, userId, id } = await bareCharacter("assetowner");
    const { db } = database();
    const icon = await addCharacterAsset(db, userId, id, { type: "icon", name: "portrait", ext: "png" }, picture);
    const sound = await addCharacterAsset(db, userId, id, { type: "other", name: "theme", ext: "mp3" }, Buffer.from("ID3 fake audio"));
    let character = await caller.characters.byId({ id });
    expect(character.avatarAssetId).toBe(icon);
    expect(character.assets.map(({ name, isImage }) => ({ name, isImage }))).toEqual([
      { name: "portrait", isImage: true },
      { name: "theme", isImage: false },
    ]);
    await expect(caller.characters.setAvatar({ id, assetId: sound })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await caller.characters.removeAsset({ id, assetId: icon });
    character = await caller.characters.byId({ id });
    expect(character.avatarAssetId).toBeNull();
    expect(character.assets.map((asset) => asset.id)).toEqual([sound]);
  });

  it("refuses a picture that does not decode", async () => {
    const { userId, id } = await bareCharacter("badpicture");
    await expect(addCharacterAsset(database().db, userId, id, { type: "emotion", name: "happy", ext: "png" }, Buffer.from("nope"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("keeps other users out", async () => {
    const owner = await bareCharacter("assetalice");
    const other = await signedUpCaller(database(), "assetbob");
    const assetId = await addCharacterAsset(database().db, owner.userId, owner.id, { type: "icon", name: "p", ext: "png" }, picture);
    await expect(addCharacterAsset(database().db, other.userId, owner.id, { type: "icon", name: "x", ext: "png" }, picture)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.characters.setAvatar({ id: owner.id, assetId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.characters.removeAsset({ id: owner.id, assetId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await owner.caller.characters.byId({ id: owner.id })).assets).toHaveLength(1);
  });
});
