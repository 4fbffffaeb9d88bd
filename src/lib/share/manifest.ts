/**
 * What a share link offers: the files' paths (folders keep theirs), sizes and types. Shared by the uploader's
 * page (which builds it), the server (which stores and serves it) and the downloader (which checks received
 * files against it).
 */
import { z } from "zod";

export const MAX_SHARE_FILES = 10_000;
export const MAX_SHARE_FILE_BYTES = 1024 ** 4; // 1 TiB: far beyond any browser disk quota, only a sanity bound.

/** A relative path with "/" separators, no empty, "." or ".." segments, no leading slash. */
export const ZSharePath = z
  .string()
  .min(1)
  .max(1_024)
  .refine((path) => path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".." && !/[\u0000-\u001f\\]/.test(segment)), "Not a safe relative file path.");

export const ZShareFile = z.object({
  path: ZSharePath,
  size: z.number().int().min(0).max(MAX_SHARE_FILE_BYTES),
  type: z.string().max(255).default(""),
});

export const ZShareManifest = z
  .object({ files: z.array(ZShareFile).min(1, "Choose at least one file.").max(MAX_SHARE_FILES, `Share at most ${MAX_SHARE_FILES.toLocaleString("en-US")} files at once.`) })
  .refine((manifest) => new Set(manifest.files.map((file) => file.path)).size === manifest.files.length, "Two files have the same path.");

export type TShareFile = z.infer<typeof ZShareFile>;
export type TShareManifest = z.infer<typeof ZShareManifest>;

export function totalBytes(manifest: TShareManifest): number {
  return manifest.files.reduce((total, file) => total + file.size, 0);
}

export const SHARE_EXPIRY_CHOICES_MINUTES = [10, 60, 6 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60] as const;
export const DEFAULT_SHARE_EXPIRY_MINUTES = 60;
export const MAX_SHARE_EXPIRY_MINUTES = 7 * 24 * 60;
/** The uploader's page renews its channel this often… */
export const SHARE_HEARTBEAT_SECONDS = 20;
/** …and a channel not renewed for this long is treated as gone: the uploader left. */
export const SHARE_LAPSE_SECONDS = 75;
