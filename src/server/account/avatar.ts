/** A person's profile picture: stored re-encoded (see images/avatar-image.ts), served under a versioned URL. */
import { eq } from "drizzle-orm";
import type { TDatabase } from "@/server/db/client";
import { userAvatars, users } from "@/server/db/schema";
import { processAvatarImage } from "@/server/images/avatar-image";

export function avatarUrl(userId: string, sha256: string): string {
  // Versioned, so it can be cached forever and still change when the picture does.
  return `/api/avatars/${userId}?v=${sha256.slice(0, 16)}`;
}

export async function saveAvatar(db: TDatabase, userId: string, upload: Buffer): Promise<string> {
  const avatar = await processAvatarImage(upload);
  const image = avatarUrl(userId, avatar.sha256);
  await db.transaction(async (tx) => {
    await tx
      .insert(userAvatars)
      .values({ userId, ...avatar })
      .onConflictDoUpdate({ target: userAvatars.userId, set: { ...avatar, updatedAt: new Date() } });
    await tx.update(users).set({ image }).where(eq(users.id, userId));
  });
  return image;
}

export async function removeAvatar(db: TDatabase, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(userAvatars).where(eq(userAvatars.userId, userId));
    await tx.update(users).set({ image: null }).where(eq(users.id, userId));
  });
}

export async function readAvatar(db: TDatabase, userId: string) {
  const [avatar] = await db
    .select({ content: userAvatars.content, contentType: userAvatars.contentType, sha256: userAvatars.sha256 })
    .from(userAvatars)
    .where(eq(userAvatars.userId, userId));
  return avatar ?? null;
}
