import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ASSET_IMAGE_LIMITS, createAssetPreparer, sharpImageDecoder, type TImageDecoder } from "./asset-images";

/** The real decoder, counting what it is asked to do. */
function countingDecoder(inner: TImageDecoder = sharpImageDecoder) {
  const counts = { headers: 0, decodes: 0 };
  const decoder: TImageDecoder = {
    readHeader: (bytes) => (counts.headers++, inner.readHeader(bytes)),
    decodeThumbnail: (bytes) => (counts.decodes++, inner.decodeThumbnail(bytes)),
  };
  return { decoder, counts };
}

/** Claims every image is as large as the cap allows, without the cost of making one. */
const maxSizeHeaders: TImageDecoder = {
  readHeader: () => Promise.resolve({ width: ASSET_IMAGE_LIMITS.maxDimension, height: ASSET_IMAGE_LIMITS.maxDimension, format: "png" }),
  decodeThumbnail: () => Promise.resolve(Buffer.from("thumbnail")),
};

const png = (width: number, height: number, red = 120) => sharp({ create: { width, height, channels: 3, background: { r: red, g: 60, b: 200 } } }).png().toBuffer();

describe("an import's asset preparer", () => {
  it("decodes a picture once, however many assets point at it", async () => {
    const { decoder, counts } = countingDecoder();
    const preparer = createAssetPreparer({ decoder });
    const picture = await png(64, 96);
    const prepared = [];
    for (let index = 0; index < 500; index++) prepared.push(await preparer.prepare(picture, "png"));
    expect(counts).toEqual({ headers: 1, decodes: 1 });
    expect(new Set(prepared.map((asset) => asset.sha256)).size).toBe(1);
    expect(prepared[499]).toMatchObject({ contentType: "image/png", image: { width: 64, height: 96 } });
  });

  it("decodes equal bytes once even when they arrive as separate files", async () => {
    const { decoder, counts } = countingDecoder();
    const preparer = createAssetPreparer({ decoder });
    const picture = await png(32, 32);
    await preparer.prepare(picture, "png");
    await preparer.prepare(Buffer.from(picture), "PNG");
    await preparer.prepare(await png(32, 32, 10), "png");
    expect(counts.decodes).toBe(2);
  });

  it("decodes four pictures at the dimension cap and refuses a fifth by its header, undecoded", async () => {
    const { decoder, counts } = countingDecoder(maxSizeHeaders);
    const preparer = createAssetPreparer({ decoder });
    for (let index = 0; index < 4; index++) await preparer.prepare(Buffer.from(`picture ${index}`), "png");
    await expect(preparer.prepare(Buffer.from("picture 4"), "png")).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: "The pictures in this import add up to more than 268 megapixels, more than Coterie decodes at once. Import fewer or smaller files at a time.",
    });
    expect(counts).toEqual({ headers: 5, decodes: 4 });
  });

  it("keeps the per-image rules: too many pixels on a side, undecodable bytes, too many bytes", async () => {
    const { decoder, counts } = countingDecoder();
    const preparer = createAssetPreparer({ decoder });
    await expect(preparer.prepare(await png(ASSET_IMAGE_LIMITS.maxDimension + 1, 2), "png")).rejects.toMatchObject({ code: "CORRUPT_IMAGE" });
    await expect(preparer.prepare(Buffer.from("not really a png"), "png")).rejects.toMatchObject({ code: "CORRUPT_IMAGE" });
    await expect(preparer.prepare(Buffer.alloc(ASSET_IMAGE_LIMITS.maxBytes + 1), "png")).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(counts.decodes).toBe(0);
  });

  it("stores other assets as they are, without decoding", async () => {
    const { decoder, counts } = countingDecoder();
    const prepared = await createAssetPreparer({ decoder }).prepare(Buffer.from("ID3 audio"), "mp3");
    expect(prepared).toMatchObject({ contentType: "audio/mpeg", image: null });
    expect(counts).toEqual({ headers: 0, decodes: 0 });
  });
});
