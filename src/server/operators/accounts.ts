/** The administrator's view of every account, and what they may do to one: disable, enable, change its role. */
import "server-only";
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { accounts, passwordCredentials, sessions, users, type TUserRole } from "@/server/db/schema";
import { removeAccount } from "@/server/account/delete-account";
import { endSessions } from "@/server/auth/end-sessions";
import { AppError } from "@/server/errors";
import { assertAnotherAdministratorRemains, assertStillAdministrator, withAccountChangesSerialized } from "./administrators";

/** Far more than a self-hosted instance has; the page lists them all in sign-up order. */
const LISTED_ACCOUNTS = 1000;

export type TAccountSummary = {
  id: string;
  username: string | null;
  name: string | null;
  email: string | null;
  role: TUserRole;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
  hasPassword: boolean;
  providers: string[];
  signedInDevices: number;
};

export async function listAccounts(db: TDatabase): Promise<TAccountSummary[]> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(LISTED_ACCOUNTS);
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [withPassword, linked, devices] = await Promise.all([
    db.select({ userId: passwordCredentials.userId }).from(passwordCredentials).where(inArray(passwordCredentials.userId, ids)),
    db.select({ userId: accounts.userId, provider: accounts.provider }).from(accounts).where(inArray(accounts.userId, ids)).orderBy(asc(accounts.provider)),
    db
      .select({ userId: sessions.userId, count: count() })
      .from(sessions)
      .where(and(inArray(sessions.userId, ids), gt(sessions.expires, sql`now()`)))
      .groupBy(sessions.userId),
  ]);
  const hasPassword = new Set(withPassword.map((row) => row.userId));
  const deviceCounts = new Map(devices.map((row) => [row.userId, row.count]));
  return rows.map(({ disabledAt, ...row }) => ({
    ...row,
    disabled: disabledAt !== null,
    hasPassword: hasPassword.has(row.id),
    providers: linked.filter((account) => account.userId === row.id).map((account) => account.provider),
    signedInDevices: deviceCounts.get(row.id) ?? 0,
  }));
}

async function requireAccount(tx: TDatabase, userId: string) {
  const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!account) throw new AppError("NOT_FOUND", "That account does not exist.");
}

/** A disabled account cannot sign in by any method; its sessions end at once. Enabling lets it sign in again. */
export async function setAccountDisabled(db: TDatabase, actorId: string, userId: string, disabled: boolean): Promise<void> {
  if (userId === actorId) throw new AppError("FORBIDDEN", "You cannot disable your own account.");
  await withAccountChangesSerialized(db, async (tx) => {
    await assertStillAdministrator(tx, actorId);
    await requireAccount(tx, userId);
    if (!disabled) {
      await tx.update(users).set({ disabledAt: null }).where(eq(users.id, userId));
      return;
    }
    await assertAnotherAdministratorRemains(tx, userId, { message: "That account is the only administrator; it cannot be disabled." });
    await tx
      .update(users)
      .set({ disabledAt: sql`coalesce(${users.disabledAt}, now())` })
      .where(eq(users.id, userId));
    await endSessions(tx, { userId, which: "all" });
  });
}

export async function setAccountRole(db: TDatabase, actorId: string, userId: string, role: TUserRole): Promise<void> {
  if (userId === actorId) throw new AppError("FORBIDDEN", "You cannot change your own role.");
  await withAccountChangesSerialized(db, async (tx) => {
    await assertStillAdministrator(tx, actorId);
    await requireAccount(tx, userId);
    if (role !== "admin") await assertAnotherAdministratorRemains(tx, userId, { message: "That account is the only administrator." });
    await tx.update(users).set({ role }).where(eq(users.id, userId));
  });
}

/** Deletes someone else's account and everything in it (your own is deleted in Settings, with your password). */
export async function deleteAccountAsAdministrator(db: TDatabase, actorId: string, userId: string): Promise<void> {
  if (userId === actorId) throw new AppError("FORBIDDEN", "Delete your own account in Settings → Profile.");
  await removeAccount(db, userId, { actingAdministratorId: actorId });
}
