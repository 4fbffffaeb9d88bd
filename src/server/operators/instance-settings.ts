/**
 * Instance-wide settings in the `instance_settings` table, one row per key. Each key has its schema here, so what
 * is stored is checked on the way in and on the way out (a hand-edited row reads as unset, never as garbage).
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { ZRegistrationMode } from "@/lib/operators/registration-mode";
import type { TDatabase } from "@/server/db/client";
import { instanceSettings } from "@/server/db/schema";
import { logger } from "@/server/logger";

const INSTANCE_SETTINGS = {
  registration_mode: ZRegistrationMode,
  /** Host rules (see private-hosts.ts), already validated and normalized. */
  allowed_private_hosts: z.array(z.string()),
};

export type TInstanceSettingKey = keyof typeof INSTANCE_SETTINGS;
type TSettingValue<K extends TInstanceSettingKey> = z.infer<(typeof INSTANCE_SETTINGS)[K]>;

export async function readInstanceSetting<K extends TInstanceSettingKey>(db: TDatabase, key: K): Promise<TSettingValue<K> | undefined> {
  const [row] = await db.select({ value: instanceSettings.value }).from(instanceSettings).where(eq(instanceSettings.key, key));
  if (!row) return undefined;
  const parsed = INSTANCE_SETTINGS[key].safeParse(row.value);
  if (parsed.success) return parsed.data as TSettingValue<K>;
  logger.warn({ key }, "ignoring an invalid instance setting");
  return undefined;
}

export async function writeInstanceSetting<K extends TInstanceSettingKey>(db: TDatabase, key: K, value: TSettingValue<K>): Promise<void> {
  const checked = INSTANCE_SETTINGS[key].parse(value);
  await db
    .insert(instanceSettings)
    .values({ key, value: checked })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value: checked, updatedAt: sql`now()` } });
}
