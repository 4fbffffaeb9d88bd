/**
 * Imports are bounded by their pictures: a card whose assets all point at one huge image costs one decode,
 * and an import whose pictures add up past the pixel budget is refused whole, leaving nothing behind.
 */
import { eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, expect, it } from "vitest";
import type { TCharacterCardV3 } from "@/lib/character-card/card-schema";
import { sha256Of } from "@/server/blobs/blob-store";
import { writeCharx } from "@/server/characters/formats/charx";
import { fullCard } from "@/server/characters/formats/fixtures.test-support";
import { importFiles } from "@/server/characters/import-characters";
import { blobs, characterAssets, characters, lorebookEntries } from "@/server/db/schema";
import { createAssetPreparer, sharpImageDecoder, type TImageDecoder } from "@/server/images/asset-images";
import { describeWithDatabases } from "@/server/testing/databases";
import { signedUpCaller } from "@/server/testing/trpc";

function countingDecoder() {
  const counts = { decodes: 0 };
  const decoder: TImageDecoder = {
    readHeader: sharpImageDecoder.readHeader,
    decodeThumbnail: (bytes) => (counts.decodes++, sharpImageDecoder.decodeThumbnail(bytes)),
  };
  return { decoder, counts };
}

function cardWithAssets(assets: NonNullable<TCharacterCardV3["data"]["assets"]>): TCharacterCardV3 {
  const card = fullCard();
  return { ...card, data: { ...card.data, name: "Many Faces", assets } };
}

let hugePicture: Buffer;
beforeAll(async () => {
  hugePicture = await sharp({ create: { width: 8192, height: 8192, channels: 3, background: "#7c3aed" } }).png().toBuffer();
}, 60_000);

describeWithDatabases("importing pictures", (database) => {
  it("decodes one 8192 × 8192 picture once for 500 assets that point at it", async () => {
    const { userId, caller } = await signedUpCaller(database(), "faces");
    const assets = Array.from({ length: 500 }, (_, index) => ({ type: index === 0 ? "icon" : "emotion", uri: "embeded://assets/face.png", name: index === 0 ? "main" : `mood${index}`, ext: "png" }));
    const archive = writeCharx(cardWithAssets(assets), [{ path: "assets/face.png", bytes: hugePicture }]);
    const { decoder, counts } = countingDecoder();

    const [result] = await importFiles(database().db, userId, [{ fileName: "faces.charx", bytes: archive }], { assetPreparer: createAssetPreparer({ decoder }) });

    expect(result).toMatchObject({ ok: true, kind: "character", name: "Many Faces" });
    expect(counts.decodes).toBe(1);
    const id = result?.ok && result.kind === "character" ? result.characterId : "";
    const rows = await database().db.select().from(characterAssets).where(eq(characterAssets.characterId, id));
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((row) => row.blobSha256))).toEqual(new Set([sha256Of(hugePicture)]));
    expect(new Set(rows.map((row) => `${row.width}×${row.height}`))).toEqual(new Set(["8192×8192"]));
    expect((await caller.characters.byId({ id })).avatarAssetId).toBe(rows.find((row) => row.name === "main")?.id);
  }, 60_000);

  it("refuses a card whose pictures pass the import's pixel budget, saving nothing of it", async () => {
    const { userId } = await signedUpCaller(database(), "budget");
    const pictures = await Promise.all([10, 90, 170].map((red) => sharp({ create: { width: 100, height: 100, channels: 3, background: { r: red, g: 0, b: 0 } } }).png().toBuffer()));
    const assets = pictures.map((_, index) => ({ type: "emotion", uri: `embeded://assets/mood${index}.png`, name: `mood${index}`, ext: "png" }));
    const archive = writeCharx(
      cardWithAssets(assets),
      pictures.map((bytes, index) => ({ path: `assets/mood${index}.png`, bytes })),
    );
    const { decoder, counts } = countingDecoder();

    // Room for two of the three 100 × 100 pictures.
    const [result] = await importFiles(database().db, userId, [{ fileName: "moods.charx", bytes: archive }], { assetPreparer: createAssetPreparer({ decoder, maxPixels: 25_000 }) });

    expect(result).toEqual({
      fileName: "moods.charx",
      ok: false,
      code: "TOO_LARGE",
      error: "The pictures in this import add up to more than 0.025 megapixels, more than Coterie decodes at once. Import fewer or smaller files at a time.",
    });
    expect(counts.decodes).toBe(2);
    const { db } = database();
    expect(await db.select().from(characters).where(eq(characters.userId, userId))).toEqual([]);
    expect(await db.select().from(lorebookEntries).where(eq(lorebookEntries.userId, userId))).toEqual([]);
    expect(await db.select().from(characterAssets).where(eq(characterAssets.userId, userId))).toEqual([]);
    expect(await db.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, pictures.map(sha256Of)))).toEqual([]);
  });
});
