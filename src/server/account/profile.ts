/** The profile a user edits: display name and username (unique regardless of case). */
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { ZDisplayName, ZUsername } from "@/server/auth/password-accounts";
import type { TDatabase } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { AppError } from "@/server/errors";

export const ZProfileUpdate = z.object({ name: ZDisplayName, username: ZUsername });

export async function readProfile(db: TDatabase, userId: string) {
  const [profile] = await db
    .select({ name: users.name, username: users.username, image: users.image, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!profile) throw new AppError("NOT_FOUND", "Account not found.");
  return profile;
}

export async function updateProfile(db: TDatabase, userId: string, update: z.infer<typeof ZProfileUpdate>): Promise<void> {
  await db.transaction(async (tx) => {
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(sql`lower(${users.username})`, update.username.toLowerCase()), ne(users.id, userId)));
    if (taken.length > 0) throw new AppError("CONFLICT", "That username is taken.");
    await tx.update(users).set({ name: update.name, username: update.username }).where(eq(users.id, userId));
  });
}
