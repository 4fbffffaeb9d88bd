/**
 * Profile and persona pictures. Uploads are decoded (so a file that only claims to be an image is refused), checked
 * against size and dimension caps before any pixel work, then re-encoded to a small square WebP: nothing the
 * uploader sent (metadata, trailing bytes, polyglot payloads) is ever served back.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { AppError } from "@/server/errors";

export const AVATAR_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const AVATAR_MAX_DIMENSION = 8000;
export const AVATAR_SIZE = 256;
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif"]);

export type TProcessedAvatar = { content: Buffer; contentType: "image/webp"; sha256: string };

export async function processAvatarImage(upload: Buffer): Promise<TProcessedAvatar> {
  if (upload.length === 0) throw new AppError("INVALID_INPUT", "The file is empty.");
  if (upload.length > AVATAR_MAX_UPLOAD_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", "Pictures can be at most 5 MiB.");
  }
  // limitInputPixels refuses decompression bombs before they are decoded.
  const image = sharp(upload, { limitInputPixels: AVATAR_MAX_DIMENSION * AVATAR_MAX_DIMENSION, failOn: "error" });
  const metadata = await image.metadata().catch(() => {
    throw new AppError("INVALID_INPUT", "That file is not an image Coterie can read (use JPEG, PNG, WebP, GIF or AVIF).");
  });
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) {
    throw new AppError("INVALID_INPUT", "Use a JPEG, PNG, WebP, GIF or AVIF picture.");
  }
  if ((metadata.width ?? 0) > AVATAR_MAX_DIMENSION || (metadata.height ?? 0) > AVATAR_MAX_DIMENSION) {
    throw new AppError("INVALID_INPUT", `Pictures can be at most ${AVATAR_MAX_DIMENSION} pixels on a side.`);
  }
  const content = await image
    .rotate() // honour EXIF orientation before the metadata is dropped
    .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover" })
    .webp({ quality: 85 })
    .toBuffer()
    .catch(() => {
      throw new AppError("INVALID_INPUT", "That picture is damaged and could not be read.");
    });
  return { content, contentType: "image/webp", sha256: createHash("sha256").update(content).digest("hex") };
}
