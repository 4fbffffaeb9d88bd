/**
 * The allowed private provider hosts: addresses the guarded fetch of user URLs would otherwise refuse (Ollama on
 * localhost, a GPU box on the LAN), which the administrator lets through. Stored as an instance setting.
 */
import "server-only";
import type { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { readInstanceSetting, writeInstanceSetting } from "./instance-settings";
import type { ZPrivateHostRules } from "./private-host-rule";

/** The rules as the administrator saved them (normalized); none by default. */
export async function allowedPrivateHostsSetting(db: TDatabase): Promise<string[]> {
  return (await readInstanceSetting(db, "allowed_private_hosts")) ?? [];
}

export async function setAllowedPrivateHosts(db: TDatabase, rules: z.output<typeof ZPrivateHostRules>): Promise<void> {
  await writeInstanceSetting(db, "allowed_private_hosts", rules);
}
