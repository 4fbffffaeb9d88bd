/**
 * Content-addressed bytes (character assets, their thumbnails, persona pictures): stored once per SHA-256,
 * whoever uploads them.
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { blobs, characterAssets, personas } from "@/server/db/schema";
import { logger } from "@/server/logger";

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Stores the bytes under their SHA-256 (pass it when already known, to skip hashing them again). */
export async function putBlob(db: TDatabase, bytes: Uint8Array, contentType: string, sha256 = sha256Of(bytes)): Promise<string> {
  await db
    .insert(blobs)
    .values({ sha256, content: Buffer.from(bytes), contentType, byteSize: bytes.length })
    .onConflictDoNothing({ target: blobs.sha256 });
  return sha256;
}

export async function readBlob(db: TDatabase, sha256: string) {
  const [blob] = await db
    .select({ content: blobs.content, contentType: blobs.contentType, sha256: blobs.sha256 })
    .from(blobs)
    .where(eq(blobs.sha256, sha256));
  return blob ?? null;
}

/**
 * Removes blobs nothing refers to any more (a deleted character's pictures, a deleted account's). Best effort:
 * an import committing at the same moment can make it fail, and the next run catches what it left.
 */
export async function deleteUnreferencedBlobs(db: TDatabase): Promise<void> {
  try {
    await db.execute(sql`
      delete from ${blobs} where not exists (
        select 1 from ${characterAssets}
        where ${characterAssets.blobSha256} = ${blobs.sha256} or ${characterAssets.thumbnailSha256} = ${blobs.sha256}
      ) and not exists (select 1 from ${personas} where ${personas.avatarSha256} = ${blobs.sha256})`);
  } catch (error) {
    logger.warn({ err: error }, "blob cleanup skipped");
  }
}
