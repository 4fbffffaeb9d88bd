/**
 * Image assets are decoded before they are stored: a file that does not decode, or is larger than the caps,
 * is refused; a valid one gets a 256 px WebP thumbnail for list views. Other assets (audio, models) are
 * stored as they are, typed by extension.
 *
 * Decoding is the expensive part of an import, so one import (all its files) shares one preparer: each
 * distinct image is decoded once however many assets point at it, and the pixels decoded in total are capped.
 * Dimensions are read from the header first, so an image that would pass the cap is refused undecoded.
 */
import sharp from "sharp";
import { sha256Of } from "@/server/blobs/blob-store";

export const ASSET_IMAGE_LIMITS = {
  maxDimension: 8192,
  maxBytes: 20 * 1024 * 1024,
  thumbnailSize: 256,
  /**
   * Pixels one import may decode in total: four images at the dimension cap (268 megapixels), or some 170
   * sprites of 1024 × 1536, far more than the richest real card carries. Decoded one at a time, so memory
   * stays at one image's worth; the cap bounds the CPU time one import can take.
   */
  maxPixelsPerImport: 4 * 8192 * 8192,
} as const;

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

/** An image refused, with the code a card import reports it under (a subset of the import's error codes). */
export class ImageRefusedError extends Error {
  constructor(
    readonly code: "CORRUPT_IMAGE" | "TOO_LARGE",
    message: string,
  ) {
    super(message);
    this.name = "ImageRefusedError";
  }
}

export type TPreparedImage = { width: number; height: number; thumbnail: Buffer };

export type TPreparedAsset = {
  /** Of the asset's bytes, computed once: the blob store's key. */
  sha256: string;
  contentType: string;
  image: TPreparedImage | null;
};

export type TImageHeader = { width: number; height: number; format: string | undefined };

/** The two steps of preparing an image, apart so the cheap one can guard the costly one. */
export type TImageDecoder = {
  /** Reads the header: dimensions and format, no pixels. */
  readHeader: (bytes: Uint8Array) => Promise<TImageHeader>;
  /** Decodes the pixels into the list-view thumbnail. */
  decodeThumbnail: (bytes: Uint8Array) => Promise<Buffer>;
};

const sharpOptions = { limitInputPixels: ASSET_IMAGE_LIMITS.maxDimension * ASSET_IMAGE_LIMITS.maxDimension, animated: false } as const;

export const sharpImageDecoder: TImageDecoder = {
  async readHeader(bytes) {
    const { width = 0, height = 0, format } = await sharp(bytes, sharpOptions).metadata();
    return { width, height, format };
  },
  decodeThumbnail: (bytes) =>
    sharp(bytes, sharpOptions)
      .resize(ASSET_IMAGE_LIMITS.thumbnailSize, ASSET_IMAGE_LIMITS.thumbnailSize, { fit: "cover", position: "top" })
      .webp({ quality: 80 })
      .toBuffer(),
};

export type TAssetPreparer = { prepare: (bytes: Uint8Array, ext: string) => Promise<TPreparedAsset> };

export type TAssetPreparerOptions = { maxPixels?: number; decoder?: TImageDecoder };

export function createAssetPreparer({ maxPixels = ASSET_IMAGE_LIMITS.maxPixelsPerImport, decoder = sharpImageDecoder }: TAssetPreparerOptions = {}): TAssetPreparer {
  // Assets that point at one archive entry share its bytes: hashing them again per asset would be its own cost.
  const hashes = new WeakMap<Uint8Array, string>();
  const images = new Map<string, Promise<{ format: string | undefined; image: TPreparedImage }>>();
  let pixelsLeft = maxPixels;

  async function decodeOnce(bytes: Uint8Array) {
    const limit = ASSET_IMAGE_LIMITS.maxDimension;
    let header: TImageHeader;
    try {
      header = await decoder.readHeader(bytes);
    } catch {
      throw new ImageRefusedError("CORRUPT_IMAGE", "An image in the card could not be decoded.");
    }
    if (header.width > limit || header.height > limit) throw new ImageRefusedError("CORRUPT_IMAGE", `An image in the card is larger than ${limit} pixels.`);
    const pixels = header.width * header.height;
    if (pixels > pixelsLeft) {
      throw new ImageRefusedError(
        "TOO_LARGE",
        `The pictures in this import add up to more than ${(maxPixels / 1e6).toLocaleString("en-US", { maximumSignificantDigits: 3 })} megapixels, more than Coterie decodes at once. Import fewer or smaller files at a time.`,
      );
    }
    pixelsLeft -= pixels;
    try {
      return { format: header.format, image: { width: header.width, height: header.height, thumbnail: await decoder.decodeThumbnail(bytes) } };
    } catch {
      throw new ImageRefusedError("CORRUPT_IMAGE", "An image in the card could not be decoded.");
    }
  }

  async function prepare(bytes: Uint8Array, ext: string): Promise<TPreparedAsset> {
    let sha256 = hashes.get(bytes);
    if (!sha256) {
      sha256 = sha256Of(bytes);
      hashes.set(bytes, sha256);
    }
    const normalizedExt = ext.toLowerCase().replace(/^\./, "");
    const imageType = IMAGE_TYPES[normalizedExt];
    if (!imageType) return { sha256, contentType: OTHER_TYPES[normalizedExt] ?? "application/octet-stream", image: null };
    if (bytes.length > ASSET_IMAGE_LIMITS.maxBytes) {
      throw new ImageRefusedError("TOO_LARGE", `An image in the card is larger than ${ASSET_IMAGE_LIMITS.maxBytes / (1024 * 1024)} MiB.`);
    }
    let decoded = images.get(sha256);
    if (!decoded) {
      decoded = decodeOnce(bytes);
      images.set(sha256, decoded);
    }
    const { format, image } = await decoded;
    return { sha256, contentType: format ? (IMAGE_TYPES[format] ?? imageType) : imageType, image };
  }

  return { prepare };
}

/** One asset on its own (an upload to an existing character). */
export function prepareAsset(bytes: Uint8Array, ext: string): Promise<TPreparedAsset> {
  return createAssetPreparer().prepare(bytes, ext);
}
