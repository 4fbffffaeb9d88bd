/**
 * Browser-only: a character's picture shrunk to a small square data: URL, so every peer in the room can show
 * it without access to the owner's library (and the server can cap its size).
 */
import { THUMBNAIL_MAX_CHARS } from "./protocol";

const SIZE = 96;

export async function thumbnailOf(source: Blob): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source);
  } catch {
    return null;
  }
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext("2d");
  if (!context) return null;
  // Cover the square: crop the longer side around the centre.
  const side = Math.min(bitmap.width, bitmap.height);
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, SIZE, SIZE);
  bitmap.close();
  for (const quality of [0.8, 0.6, 0.4]) {
    const url = canvas.toDataURL("image/webp", quality);
    if (url.startsWith("data:image/webp") && url.length <= THUMBNAIL_MAX_CHARS) return url;
  }
  const fallback = canvas.toDataURL("image/jpeg", 0.6);
  return fallback.length <= THUMBNAIL_MAX_CHARS ? fallback : null;
}

/** The picture at a same-origin URL (a library character's avatar), shrunk; null when there is none. */
export async function thumbnailFromUrl(url: string): Promise<string | null> {
  const response = await fetch(url).catch(() => null);
  if (!response?.ok) return null;
  return thumbnailOf(await response.blob());
}
