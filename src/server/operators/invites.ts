/**
 * Invite links: an administrator creates one, copies it once (only its hash is kept), and the first person who
 * signs up through it spends it. Expired, revoked and spent invites stay listed so the administrator can see what
 * happened to each.
 */
import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { invites, users } from "@/server/db/schema";
import { hashBearerToken, newBearerToken } from "@/server/crypto/bearer-token";
import { AppError } from "@/server/errors";

/** A month at most: an invite is meant to be used soon, by the person it was made for. */
export const INVITE_MAX_LIFETIME_HOURS = 30 * 24;
/** The list shows the newest ones; older invites are history nobody acts on. */
const LISTED_INVITES = 200;

export const ZCreateInvite = z.object({
  expiresInHours: z.number().int().min(1, "An invite lasts at least an hour.").max(INVITE_MAX_LIFETIME_HOURS, "An invite lasts 30 days at most."),
  label: z
    .string()
    .trim()
    .max(80, "Use at most 80 characters.")
    .transform((label) => (label === "" ? undefined : label))
    .optional(),
});

export type TInviteStatus = "active" | "used" | "expired" | "revoked";
/** What a token presented at sign-up turns out to be; "unknown" also covers mistyped links. */
export type TInviteState = "valid" | "used" | "expired" | "revoked" | "unknown";

export type TInviteSummary = {
  id: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: TInviteStatus;
  usedAt: Date | null;
  usedBy: { username: string | null; name: string | null } | null;
};

export async function createInvite(db: TDatabase, createdBy: string, input: z.infer<typeof ZCreateInvite>) {
  const token = newBearerToken();
  const [invite] = await db
    .insert(invites)
    .values({
      tokenHash: hashBearerToken(token),
      label: input.label ?? null,
      createdBy,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3600 * 1000),
    })
    .returning({ id: invites.id, expiresAt: invites.expiresAt });
  if (!invite) throw new Error("invite insert returned no row");
  return { ...invite, token };
}

export async function listInvites(db: TDatabase): Promise<TInviteSummary[]> {
  const rows = await db
    .select({
      id: invites.id,
      label: invites.label,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      revokedAt: invites.revokedAt,
      usedByUsername: users.username,
      usedByName: users.name,
    })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.usedBy))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(LISTED_INVITES);
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    status: row.usedAt ? "used" : row.revokedAt ? "revoked" : row.expiresAt.getTime() <= now ? "expired" : "active",
    usedBy: row.usedAt ? { username: row.usedByUsername, name: row.usedByName } : null,
  }));
}

export async function revokeInvite(db: TDatabase, id: string): Promise<void> {
  const [invite] = await db.select({ usedAt: invites.usedAt }).from(invites).where(eq(invites.id, id));
  if (!invite) throw new AppError("NOT_FOUND", "That invite does not exist.");
  if (invite.usedAt) throw new AppError("CONFLICT", "That invite has already been used.");
  await db.update(invites).set({ revokedAt: sql`coalesce(${invites.revokedAt}, now())` }).where(eq(invites.id, id));
}

export async function inviteState(db: TDatabase, token: string): Promise<TInviteState> {
  const [invite] = await db
    .select({ usedAt: invites.usedAt, revokedAt: invites.revokedAt, expired: sql<boolean>`${invites.expiresAt} <= now()` })
    .from(invites)
    .where(eq(invites.tokenHash, hashBearerToken(token)));
  if (!invite) return "unknown";
  if (invite.usedAt) return "used";
  if (invite.revokedAt) return "revoked";
  return invite.expired ? "expired" : "valid";
}

/**
 * Spends the invite for the new account, in one conditional update (so it is spent at most once), or says why it
 * cannot be. Runs inside the registration transaction: a sign-up that fails later gives the invite back.
 */
export async function spendInvite(tx: TDatabase, token: string, userId: string): Promise<TInviteState> {
  const spent = await tx
    .update(invites)
    .set({ usedAt: sql`now()`, usedBy: userId })
    .where(and(eq(invites.tokenHash, hashBearerToken(token)), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`)))
    .returning({ id: invites.id });
  return spent.length > 0 ? "valid" : inviteState(tx, token);
}
