/**
 * Share links on the server. The server never sees a byte of the files: it keeps what is offered, checks the
 * password, and hands out the uploader's peer id only to someone allowed to connect to it. Unknown, expired,
 * lapsed (the uploader's page is gone) and revoked links all answer the same way.
 */
import "server-only";
import { and, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_SHARE_EXPIRY_MINUTES, MAX_SHARE_EXPIRY_MINUTES, SHARE_LAPSE_SECONDS, totalBytes, ZShareManifest, type TShareManifest } from "@/lib/share/manifest";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "@/server/auth/password";
import type { TDatabase } from "@/server/db/client";
import { fileShareChannels } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { enforceRateLimit } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { newLongSlug, newShortSlug, ZSlug } from "./slugs";
import { ZIdOf } from "@/server/db/ids";

export const ZShareSlug = z.string().regex(ZSlug, "Not a share link.");
export const ZShareId = ZIdOf("shr", "share");
const ZPeerId = z.string().regex(/^[\w-]{8,64}$/, "Not a peer ID.");

export const ZShareCreate = z.object({
  manifest: ZShareManifest,
  /** Empty or absent: no password. */
  password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
  expiresInMinutes: z.number().int().min(5).max(MAX_SHARE_EXPIRY_MINUTES).default(DEFAULT_SHARE_EXPIRY_MINUTES),
  peerId: ZPeerId,
});

/** The one answer for every link that cannot be used, so none of them can be told apart. */
const GONE = () => new AppError("NOT_FOUND", "This link does not exist or has expired.");

const liveCondition = () => and(gt(fileShareChannels.expiresAt, sql`now()`), gt(fileShareChannels.renewedAt, sql`now() - make_interval(secs => ${SHARE_LAPSE_SECONDS})`));

export async function createShare(db: TDatabase, userId: string, input: z.infer<typeof ZShareCreate>) {
  await enforceRateLimit(db, "share-create", userId, RATE_LIMITS.shareCreatePerUser);
  const password = input.password?.trim() ? input.password : null;
  const [row] = await db
    .insert(fileShareChannels)
    .values({
      userId,
      shortSlug: newShortSlug(),
      longSlug: newLongSlug(),
      manifest: input.manifest,
      fileCount: input.manifest.files.length,
      totalBytes: totalBytes(input.manifest),
      passwordHash: password ? await hashPassword(password) : null,
      uploaderPeerId: input.peerId,
      expiresAt: new Date(Date.now() + input.expiresInMinutes * 60_000),
    })
    .returning({ id: fileShareChannels.id, shortSlug: fileShareChannels.shortSlug, longSlug: fileShareChannels.longSlug, expiresAt: fileShareChannels.expiresAt });
  if (!row) throw new Error("share insert returned no row");
  return row;
}

async function liveChannelBySlug(db: TDatabase, slug: string) {
  const [row] = await db
    .select()
    .from(fileShareChannels)
    .where(and(or(eq(fileShareChannels.shortSlug, slug), eq(fileShareChannels.longSlug, slug)), liveCondition()));
  return row ?? null;
}

export type TOpenedShare = {
  files: TShareManifest["files"];
  totalBytes: number;
  expiresAt: Date;
  needsPassword: boolean;
  /** Only for links without a password; protected links reveal it through unlockShare. */
  uploaderPeerId: string | null;
};

/** Public and side-effect free: a link preview bot that opens the link consumes nothing. */
export async function openShare(db: TDatabase, clientIp: string, slug: string): Promise<TOpenedShare> {
  await enforceRateLimit(db, "share-open", clientIp, RATE_LIMITS.shareOpenPerIp);
  const channel = await liveChannelBySlug(db, slug);
  if (!channel) throw GONE();
  return {
    files: channel.manifest.files,
    totalBytes: channel.totalBytes,
    expiresAt: channel.expiresAt,
    needsPassword: channel.passwordHash !== null,
    uploaderPeerId: channel.passwordHash === null ? channel.uploaderPeerId : null,
  };
}

export async function unlockShare(db: TDatabase, clientIp: string, slug: string, password: string): Promise<{ uploaderPeerId: string | null }> {
  await enforceRateLimit(db, "share-unlock-ip", clientIp, RATE_LIMITS.shareUnlockPerIp);
  const channel = await liveChannelBySlug(db, slug);
  if (!channel) throw GONE();
  // Counted per link too, so guesses spread over many addresses still run out.
  await enforceRateLimit(db, "share-unlock", channel.id, RATE_LIMITS.shareUnlockPerChannel);
  if (channel.passwordHash && !(await verifyPassword(channel.passwordHash, password))) {
    throw new AppError("UNAUTHORIZED", "That password is not right.");
  }
  return { uploaderPeerId: channel.uploaderPeerId };
}

/** The uploader page's heartbeat; it also records the page's current peer (it changes after a reload). */
export async function renewShare(db: TDatabase, userId: string, shareId: string, peerId: string): Promise<{ expiresAt: Date }> {
  const [row] = await db
    .update(fileShareChannels)
    .set({ renewedAt: sql`now()`, uploaderPeerId: peerId })
    .where(and(eq(fileShareChannels.id, shareId), eq(fileShareChannels.userId, userId), gt(fileShareChannels.expiresAt, sql`now()`)))
    .returning({ expiresAt: fileShareChannels.expiresAt });
  if (!row) throw GONE();
  return row;
}

export async function revokeShare(db: TDatabase, userId: string, shareId: string): Promise<void> {
  const deleted = await db
    .delete(fileShareChannels)
    .where(and(eq(fileShareChannels.id, shareId), eq(fileShareChannels.userId, userId)))
    .returning({ id: fileShareChannels.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "Share not found.");
}

/** Counted by the uploader's page when a downloader has received and verified everything. */
export async function recordShareDownload(db: TDatabase, userId: string, shareId: string): Promise<void> {
  await db
    .update(fileShareChannels)
    .set({ downloadCount: sql`${fileShareChannels.downloadCount} + 1` })
    .where(and(eq(fileShareChannels.id, shareId), eq(fileShareChannels.userId, userId)));
}

export async function listMyShares(db: TDatabase, userId: string) {
  const rows = await db
    .select({
      id: fileShareChannels.id,
      shortSlug: fileShareChannels.shortSlug,
      longSlug: fileShareChannels.longSlug,
      fileCount: fileShareChannels.fileCount,
      totalBytes: fileShareChannels.totalBytes,
      hasPassword: sql<boolean>`${fileShareChannels.passwordHash} is not null`,
      downloadCount: fileShareChannels.downloadCount,
      expiresAt: fileShareChannels.expiresAt,
      renewedAt: fileShareChannels.renewedAt,
      live: sql<boolean>`${liveCondition()}`,
      createdAt: fileShareChannels.createdAt,
    })
    .from(fileShareChannels)
    .where(and(eq(fileShareChannels.userId, userId), gt(fileShareChannels.expiresAt, sql`now()`)))
    .orderBy(desc(fileShareChannels.createdAt));
  return rows;
}

/** Periodic cleanup: links past their expiry, or whose uploader left long enough ago that none will return. */
export async function deleteExpiredShares(db: TDatabase): Promise<number> {
  const deleted = await db
    .delete(fileShareChannels)
    .where(or(lt(fileShareChannels.expiresAt, sql`now()`), lt(fileShareChannels.renewedAt, sql`now() - interval '1 hour'`)))
    .returning({ id: fileShareChannels.id });
  return deleted.length;
}
