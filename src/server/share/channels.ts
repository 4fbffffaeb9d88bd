/**
 * Share links on the server. The server never sees a byte of the files: it keeps what is offered, checks the
 * password, and hands out the uploader's peer id only to someone allowed to connect to it. Unknown, expired,
 * lapsed (the uploader's page is gone) and revoked links all answer the same way.
 */
import "server-only";
import { and, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_SHARE_EXPIRY_MINUTES, MAX_SHARE_EXPIRY_MINUTES, SHARE_LAPSE_SECONDS, totalBytes, ZShareManifest, type TShareManifest } from "@/lib/share/manifest";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "@/server/auth/password";
import type { TDatabase } from "@/server/db/client";
import { fileShareChannels } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { newLongSlug, newShortSlug, slugSchema } from "@/server/links/slugs";
import { addressIdentity } from "@/server/rate-limit/address-identity";
import { enforceRateLimit, enforceRateLimits, refundRateLimits } from "@/server/rate-limit/rate-limit";
import { RATE_LIMITS } from "@/server/rate-limit/rules";
import { issueSignalingCredentials, type TSignalingCredentials } from "@/server/signaling/credentials";
import { runningSignalingServer } from "@/server/signaling/peer-server";
import { isValidDownloadTicket, isValidUnlockGrant, mintDownloadTicket, mintUnlockGrant } from "./tickets";
import { ZShareId } from "@/lib/ids";

export const ZShareSlug = slugSchema("Not a share link.");
export const ZPeerId = z.string().regex(/^[\w-]{8,64}$/, "Not a peer ID.");

export const ZShareCreate = z.object({
  manifest: ZShareManifest,
  /** Empty or absent: no password. */
  password: z.string().max(PASSWORD_MAX_LENGTH).optional(),
  expiresInMinutes: z.number().int().min(5).max(MAX_SHARE_EXPIRY_MINUTES).default(DEFAULT_SHARE_EXPIRY_MINUTES),
  peerId: ZPeerId,
});

/** What the uploader's page and downloaders' pages are told when a link ends while they are connected. */
export const SHARE_ENDED = "This share link has ended.";

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

/** What a downloader needs to fetch the files: the uploader's peer, and a ticket and signaling peer of its own. */
export type TShareAccess = { uploaderPeerId: string; ticket: string; signaling: TSignalingCredentials };

/** A protected link says nothing about its files until it is unlocked. */
export type TOpenedShare =
  | { locked: true }
  | {
      locked: false;
      files: TShareManifest["files"];
      totalBytes: number;
      expiresAt: Date;
      access: TShareAccess;
      /** Set after an unlock: lets this tab open the link again without the password. */
      grant: string | null;
    };

async function unlockedShare(db: TDatabase, clientIp: string, channel: typeof fileShareChannels.$inferSelect, grant: string | null): Promise<TOpenedShare> {
  if (!channel.uploaderPeerId) throw GONE();
  const signaling = await issueSignalingCredentials(db, clientIp, channel.id);
  return {
    locked: false,
    files: channel.manifest.files,
    totalBytes: channel.totalBytes,
    expiresAt: channel.expiresAt,
    access: { uploaderPeerId: channel.uploaderPeerId, ticket: mintDownloadTicket(channel.id, signaling.peerId, channel.expiresAt), signaling },
    grant,
  };
}

/** Public and side-effect free: a link preview bot that opens the link consumes nothing. */
export async function openShare(db: TDatabase, clientIp: string, slug: string, grant?: string): Promise<TOpenedShare> {
  await enforceRateLimit(db, "share-open", addressIdentity(clientIp), RATE_LIMITS.shareOpenPerIp);
  const channel = await liveChannelBySlug(db, slug);
  if (!channel) throw GONE();
  const granted = grant !== undefined && isValidUnlockGrant(grant, channel.id);
  if (channel.passwordHash !== null && !granted) return { locked: true };
  return unlockedShare(db, clientIp, channel, granted ? grant : null);
}

/**
 * Checks the password on the server. Only wrong guesses count against the link (from any address) and against
 * the address (across links): each attempt is counted first, so parallel guesses cannot race past the limit, and
 * a right one is taken back.
 */
export async function unlockShare(db: TDatabase, clientIp: string, slug: string, password: string): Promise<TOpenedShare> {
  const address = addressIdentity(clientIp);
  const channel = await liveChannelBySlug(db, slug);
  if (!channel) {
    await enforceRateLimit(db, "share-unlock-ip", address, RATE_LIMITS.shareUnlockPerIp);
    throw GONE();
  }
  const attempts = [
    { action: "share-unlock-ip", identifier: address, rule: RATE_LIMITS.shareUnlockPerIp },
    { action: "share-unlock", identifier: channel.id, rule: RATE_LIMITS.shareUnlockPerChannel },
  ];
  await enforceRateLimits(db, attempts);
  if (channel.passwordHash && !(await verifyPassword(channel.passwordHash, password))) {
    throw new AppError("UNAUTHORIZED", "That password is not right.");
  }
  await refundRateLimits(db, attempts);
  return unlockedShare(db, clientIp, channel, channel.passwordHash ? mintUnlockGrant(channel.id, channel.expiresAt) : null);
}

export const ZShareAdmit = z.object({ id: ZShareId, peerId: ZPeerId, ticket: z.string().max(200) });

/** The uploader's page checks a downloader before sending a byte: a ticket for this very share and this peer. */
export async function admitDownloader(db: TDatabase, userId: string, input: z.infer<typeof ZShareAdmit>): Promise<void> {
  const [channel] = await db
    .select({ id: fileShareChannels.id })
    .from(fileShareChannels)
    .where(and(eq(fileShareChannels.id, input.id), eq(fileShareChannels.userId, userId), liveCondition()));
  if (!channel) throw GONE();
  if (!isValidDownloadTicket(input.ticket, channel.id, input.peerId)) {
    throw new AppError("FORBIDDEN", "This downloader has no valid ticket for this link.");
  }
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

/**
 * Ends a link at once. Its downloaders' signaling sockets close, and so does the uploader page's peer for it,
 * which tells that page (wherever it is open) to stop serving.
 */
export async function revokeShare(db: TDatabase, userId: string, shareId: string): Promise<void> {
  const deleted = await db
    .delete(fileShareChannels)
    .where(and(eq(fileShareChannels.id, shareId), eq(fileShareChannels.userId, userId)))
    .returning({ id: fileShareChannels.id, uploaderPeerId: fileShareChannels.uploaderPeerId });
  const [share] = deleted;
  if (!share) throw new AppError("NOT_FOUND", "Share not found.");
  const signaling = runningSignalingServer.get();
  signaling?.closeSubject(share.id, SHARE_ENDED);
  if (share.uploaderPeerId) signaling?.closePeer(share.uploaderPeerId, SHARE_ENDED);
}

/** Links served by peers that are gone for good (their device was signed out): they end at once, as on Revoke. */
export async function endSharesServedBy(db: TDatabase, peerIds: string[]): Promise<number> {
  if (peerIds.length === 0) return 0;
  const ended = await db.delete(fileShareChannels).where(inArray(fileShareChannels.uploaderPeerId, peerIds)).returning({ id: fileShareChannels.id });
  for (const { id } of ended) runningSignalingServer.get()?.closeSubject(id, SHARE_ENDED);
  return ended.length;
}

/** Whether a share still exists and is in use, for the signaling server's check of download peers. */
export async function isShareLive(db: TDatabase, shareId: string): Promise<boolean> {
  const [row] = await db.select({ id: fileShareChannels.id }).from(fileShareChannels).where(and(eq(fileShareChannels.id, shareId), liveCondition()));
  return row !== undefined;
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
