/**
 * The instance always keeps an administrator. Everything that creates an account or changes who administers
 * (registration, roles, disabling, deleting) runs one at a time under one lock, so two of them at once can neither
 * both become "the first account" nor each remove the other administrator.
 */
import "server-only";
import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export function withAccountChangesSerialized<T>(db: TDatabase, work: (tx: TDatabase) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // Transaction-scoped: released at commit or rollback, whatever happens in `work`.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('coterie.account-changes'))`);
    return work(tx);
  });
}

/**
 * Refuses a change after which `userId` would no longer be an active administrator (demoted, disabled or deleted)
 * if nobody else is one. `unlessAlone`: allowed when it is the only account at all (deleting it leaves a fresh
 * install, whose next account becomes the administrator again).
 */
export async function assertAnotherAdministratorRemains(
  tx: TDatabase,
  userId: string,
  { message, unlessAlone = false }: { message: string; unlessAlone?: boolean },
): Promise<void> {
  const [target] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
  if (target?.role !== "admin" || target.disabledAt) return;
  const [others] = await tx
    .select({ count: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)));
  if ((others?.count ?? 0) > 0) return;
  if (unlessAlone) {
    const [anyoneElse] = await tx.select({ id: users.id }).from(users).where(ne(users.id, userId)).limit(1);
    if (!anyoneElse) return;
  }
  throw new AppError("CONFLICT", message);
}

/** Inside the lock: the administrator acting is still one (another may have demoted or disabled them meanwhile). */
export async function assertStillAdministrator(tx: TDatabase, actorId: string): Promise<void> {
  const [actor] = await tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, actorId));
  if (actor?.role !== "admin" || actor.disabledAt) throw new AppError("FORBIDDEN", "Only an administrator can do that.");
}
