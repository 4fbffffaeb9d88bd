/**
 * Image assets are decoded before they are stored: a file that does not decode, or is larger than the caps,
 * is refused; a valid one gets a 256 px WebP thumbnail for list views. Other assets (audio, models) are
 * stored as they are, typed by extension.
 */
import sharp from "sharp";
import { CardImportError } from "./formats/import-error";

export const ASSET_IMAGE_LIMITS = { maxDimension: 8192, maxBytes: 20 * 1024 * 1024, thumbnailSize: 256 } as const;

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
};

const OTHER_TYPES: Record<string, string> = {
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  mp4: "video/mp4",
  webm: "video/webm",
  json: "application/json",
};

export type TPreparedAsset = {
  contentType: string;
  image: { width: number; height: number; thumbnail: Buffer } | null;
};

export async function prepareAsset(bytes: Uint8Array, ext: string): Promise<TPreparedAsset> {
  const normalizedExt = ext.toLowerCase().replace(/^\./, "");
  const imageType = IMAGE_TYPES[normalizedExt];
  if (!imageType) return { contentType: OTHER_TYPES[normalizedExt] ?? "application/octet-stream", image: null };
  if (bytes.length > ASSET_IMAGE_LIMITS.maxBytes) {
    throw new CardImportError("TOO_LARGE", "An image in the card is larger than 20 MiB.");
  }
  const limit = ASSET_IMAGE_LIMITS.maxDimension;
  try {
    const image = sharp(bytes, { limitInputPixels: limit * limit, animated: false });
    const { width = 0, height = 0, format } = await image.metadata();
    if (width > limit || height > limit) throw new CardImportError("CORRUPT_IMAGE", `An image in the card is larger than ${limit} pixels.`);
    const thumbnail = await image
      .resize(ASSET_IMAGE_LIMITS.thumbnailSize, ASSET_IMAGE_LIMITS.thumbnailSize, { fit: "cover", position: "top" })
      .webp({ quality: 80 })
      .toBuffer();
    return { contentType: format ? (IMAGE_TYPES[format] ?? imageType) : imageType, image: { width, height, thumbnail } };
  } catch (error) {
    if (error instanceof CardImportError) throw error;
    throw new CardImportError("CORRUPT_IMAGE", "An image in the card could not be decoded.");
  }
}
