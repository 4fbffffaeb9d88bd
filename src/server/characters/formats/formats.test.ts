import { strToU8, zipSync } from "fflate";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { TCharacterCardV3 } from "@/lib/character-card/card-schema";
import { CHARX_LIMITS, embeddedUri, isSafeEntryName, readCharx, writeCharx } from "./charx";
import { fullCard, pngPicture } from "./fixtures.test-support";
import { CardImportError } from "./import-error";
import { cardToJson } from "./json-card";
import { writePngCard } from "./png-card";
import { readPngTextChunks, writePngTextChunks } from "./png-chunks";
import { MAX_IMPORT_BYTES, readCharacterFile } from "./read-character-file";

const bytesOf = (text: string) => new TextEncoder().encode(text);

function importCard(bytes: Uint8Array): TCharacterCardV3 {
  const file = readCharacterFile(bytes);
  if (file.kind !== "card") throw new Error("expected a card");
  return file.card;
}

function refusal(bytes: Uint8Array): CardImportError {
  try {
    readCharacterFile(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CardImportError);
    return error as CardImportError;
  }
  throw new Error("expected the import to be refused");
}

let picture: Buffer;
beforeAll(async () => {
  picture = await pngPicture();
});

describe("export then import gives back an equal card", () => {
  it("as JSON V3", () => {
    const card = fullCard();
    expect(importCard(bytesOf(cardToJson(card)))).toEqual(card);
  });

  it("as a PNG card carrying both a V2 chara and a V3 ccv3 chunk", () => {
    const card = fullCard();
    const png = writePngCard(picture, card);
    const texts = readPngTextChunks(png);
    const v2 = JSON.parse(Buffer.from(texts.get("chara") ?? "", "base64").toString("utf8")) as { spec: string; data: { name: string } };
    expect(v2).toMatchObject({ spec: "chara_card_v2", data: { name: "Seraphina" } });
    const file = readCharacterFile(png);
    expect(file).toMatchObject({ kind: "card", format: "png" });
    expect(importCard(png)).toEqual(card);
    // Exporting the same card again replaces the chunks rather than piling them up.
    const again = writePngCard(png, card);
    expect(again.length).toBe(png.length);
  });

  it("as CharX with its assets", () => {
    const card = fullCard();
    const archive = writeCharx(card, [{ path: "assets/icon/images/main.png", bytes: picture }]);
    const file = readCharacterFile(archive);
    if (file.kind !== "card") throw new Error("expected a card");
    expect(file.card).toEqual(card);
    expect(file.format).toBe("charx");
    expect(file.assets).toHaveLength(1);
    expect(Buffer.from(file.assets[0]?.bytes ?? []).equals(picture)).toBe(true);
  });
});

describe("older and sloppier cards", () => {
  it("upgrades a V1 card", () => {
    const card = importCard(bytesOf(JSON.stringify({ name: "Old Timer", description: "Plain", first_mes: "Hi", personality: null })));
    expect(card.data).toMatchObject({ name: "Old Timer", description: "Plain", first_mes: "Hi", personality: "", tags: [], group_only_greetings: [] });
  });

  it("upgrades a V2 card, keeping its extensions", () => {
    const v2 = { spec: "chara_card_v2", spec_version: "2.0", data: { name: "Two", tags: "single-tag", extensions: { talkativeness: "0.5" } } };
    const card = importCard(bytesOf(JSON.stringify(v2)));
    expect(card.spec).toBe("chara_card_v3");
    expect(card.data.tags).toEqual(["single-tag"]);
    expect(card.data.extensions).toEqual({ talkativeness: "0.5" });
  });

  it("prefers ccv3 over chara when a PNG has both", () => {
    const png = writePngTextChunks(picture, {
      chara: Buffer.from(JSON.stringify({ spec: "chara_card_v2", spec_version: "2.0", data: { name: "From V2" } })).toString("base64"),
      ccv3: Buffer.from(JSON.stringify({ spec: "chara_card_v3", spec_version: "3.0", data: { name: "From V3" } })).toString("base64"),
    });
    expect(importCard(png).data.name).toBe("From V3");
  });

  it("reads a SillyTavern world-info file as a lorebook", () => {
    const worldInfo = {
      entries: {
        "0": { uid: 0, key: ["castle"], keysecondary: ["gate"], content: "The castle gate is iron.", comment: "Castle", order: 100, disable: false, selective: true, selectiveLogic: 0, constant: false, position: 1, depth: 4 },
        "1": { uid: 1, key: ["moat"], content: "Crocodiles.", order: 50, disable: true },
      },
    };
    const file = readCharacterFile(bytesOf(JSON.stringify(worldInfo)));
    if (file.kind !== "lorebook") throw new Error("expected a lorebook");
    expect(file.lorebook.entries).toHaveLength(2);
    expect(file.lorebook.entries[0]).toMatchObject({
      keys: ["castle"],
      secondary_keys: ["gate"],
      insertion_order: 100,
      enabled: true,
      selective: true,
      position: "after_char",
      name: "Castle",
    });
    expect(file.lorebook.entries[0]?.extensions).toMatchObject({ selective_logic: "and_any", sillytavern: { selectiveLogic: 0, depth: 4 } });
    expect(file.lorebook.entries[1]?.enabled).toBe(false);
  });

  it("reads a CCv3 lorebook file", () => {
    const book = fullCard().data.character_book;
    const file = readCharacterFile(bytesOf(JSON.stringify(book)));
    expect(file).toEqual({ kind: "lorebook", lorebook: book });
  });
});

describe("bad input gets a clear, typed error", () => {
  it.each([
    // The first byte is fixed: random bytes that happen to begin with "{" or "[" are read as (invalid) JSON.
    ["random bytes", () => Uint8Array.from(randomBytes(4096), (byte, index) => (index === 0 ? 0x01 : byte)), "UNSUPPORTED_FILE"],
    ["an empty file", () => new Uint8Array(), "UNSUPPORTED_FILE"],
    ["invalid JSON", () => bytesOf("{ name: oops"), "INVALID_JSON"],
    ["JSON that is no card", () => bytesOf(JSON.stringify({ hello: "world" })), "NOT_A_CARD"],
    ["a wrong field type", () => bytesOf(JSON.stringify({ spec: "chara_card_v3", spec_version: "3.0", data: { name: "X", tags: { a: 1 } } })), "INVALID_FIELD"],
    ["a card without a name", () => bytesOf(JSON.stringify({ spec: "chara_card_v3", spec_version: "3.0", data: { description: "?" } })), "INVALID_FIELD"],
  ])("refuses %s", (_, make, code) => {
    expect(refusal(make()).code).toBe(code);
  });

  it("refuses a PNG without a card, and a truncated PNG", () => {
    expect(refusal(picture)).toMatchObject({ code: "NOT_A_CARD", message: "This PNG image carries no character card." });
    expect(refusal(writePngCard(picture, fullCard()).subarray(0, 200)).code).toBe("CORRUPT_IMAGE");
  });

  it("says a PNG or an archive whose card cannot be read is damaged, not that it is bad JSON", () => {
    const damaged = writePngTextChunks(picture, { ccv3: Buffer.from("{ not a card", "utf8").toString("base64") });
    expect(refusal(damaged)).toMatchObject({ code: "CORRUPT_IMAGE", message: "The image is damaged: the character card inside it cannot be read." });
    expect(refusal(zipSync({ "card.json": strToU8("{ broken") }))).toMatchObject({
      code: "CORRUPT_ARCHIVE",
      message: "The archive is damaged: its card.json cannot be read.",
    });
  });

  it.each([
    [{ description: "?" }, "The card has no name."],
    [{ name: "X", tags: { a: 1 } }, "The card's tags should be a list."],
    [{ name: "X", alternate_greetings: ["Hi", { text: "Hello" }] }, "The card's alternate greeting 2 should be text."],
    [{ name: "X".repeat(2_001) }, "The card's name is too long: at most 2,000 characters."],
    [{ name: "X", character_book: { entries: [{ keys: [], content: { x: 1 } }] } }, "The card's lorebook's entry 1's content should be text."],
  ])("words a schema refusal as a sentence: %j", (data, message) => {
    const file = bytesOf(JSON.stringify({ spec: "chara_card_v3", spec_version: "3.0", data }));
    expect(refusal(file)).toMatchObject({ code: "INVALID_FIELD", message });
  });

  it("refuses truncated and card-less archives", () => {
    const archive = writeCharx(fullCard(), [{ path: "assets/icon/images/main.png", bytes: picture }]);
    expect(refusal(archive.subarray(0, archive.length - 30)).code).toBe("CORRUPT_ARCHIVE");
    expect(refusal(zipSync({ "readme.txt": strToU8("hi") })).code).toBe("NOT_A_CARD");
  });

  it("refuses zip bombs by ratio, total size and entry count, without inflating them", () => {
    const bomb = zipSync({ "card.json": strToU8(cardToJson(fullCard())), "assets/zeros.bin": new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(refusal(bomb).code).toBe("ARCHIVE_TOO_LARGE");
    const many = Object.fromEntries(Array.from({ length: CHARX_LIMITS.entries + 1 }, (_, index) => [`f${index}.txt`, strToU8("x")]));
    expect(refusal(zipSync({ "card.json": strToU8(cardToJson(fullCard())), ...many })).code).toBe("ARCHIVE_TOO_LARGE");
  });

  it("inflates no more than an archive declares, even when it lies about sizes", () => {
    const card = strToU8(cardToJson(fullCard()));
    const archive = Buffer.from(zipSync({ "card.json": card, "assets/zeros.bin": new Uint8Array(20 * 1024 * 1024) }, { level: 9 }));
    // Rewrite the zeros entry's declared size (local and central headers) to 1,000 bytes.
    for (let offset = 0; offset < archive.length - 30; offset++) {
      const signature = archive.readUInt32LE(offset);
      const nameAt = signature === 0x02014b50 ? offset + 46 : signature === 0x04034b50 ? offset + 30 : -1;
      if (nameAt < 0 || archive.toString("latin1", nameAt, nameAt + 16) !== "assets/zeros.bin") continue;
      archive.writeUInt32LE(1000, signature === 0x02014b50 ? offset + 24 : offset + 22);
    }
    const file = readCharacterFile(archive);
    expect(file.kind).toBe("card");
    expect(readCharx(archive).files.get("assets/zeros.bin")?.length).toBe(1000);
  });

  it("refuses path traversal in entry names", () => {
    const archive = zipSync({ "card.json": strToU8(cardToJson(fullCard())), "../../etc/evil.sh": strToU8("echo pwned") });
    expect(refusal(archive)).toMatchObject({ code: "UNSAFE_PATH" });
    for (const name of ["../x", "a/../../x", "/abs", "C:/win", "a\\b", "./a"]) expect(isSafeEntryName(name)).toBe(false);
    expect(isSafeEntryName("assets/icon/images/main.png")).toBe(true);
    expect(embeddedUri("assets/x.png")).toBe("embeded://assets/x.png");
  });

  it("refuses files over 50 MiB before reading them", () => {
    expect(refusal(new Uint8Array(MAX_IMPORT_BYTES + 1)).code).toBe("TOO_LARGE");
  });
});

describe("text the database cannot store", () => {
  it("is dropped from imported cards: NUL characters in values and keys", () => {
    const card = fullCard();
    const json = cardToJson({ ...card, data: { ...card.data, name: "Ir\u0000is", extensions: { "odd\u0000key": "va\u0000lue" } } });
    const imported = importCard(bytesOf(json));
    expect(imported.data.name).toBe("Iris");
    expect(imported.data.extensions).toMatchObject({ oddkey: "value" });
  });
});
