/**
 * The allowed private provider hosts: addresses the guarded fetch of user URLs would otherwise refuse (Ollama on
 * localhost, a GPU box on the LAN), which the administrator lets through. Stored as an instance setting and read
 * by every fetch of a user's URL (a reply makes several), so it is kept for a few seconds: a change applies at once
 * on the server that made it, and within that time on any other.
 */
import "server-only";
import type { z } from "zod";
import type { TDatabase } from "@/server/db/client";
import { processGlobal } from "@/server/process-global";
import { readInstanceSetting, writeInstanceSetting } from "./instance-settings";
import type { ZPrivateHostRules } from "./private-host-rule";

const CACHE_MS = 5_000;
type TCached = { db: TDatabase; rules: string[]; readAt: number };
const cached = processGlobal<TCached>("allowedPrivateHosts");

/** The rules as the administrator saved them (normalized); none by default. */
export async function allowedPrivateHostsSetting(db: TDatabase): Promise<string[]> {
  const known = cached.get();
  if (known?.db === db && Date.now() - known.readAt < CACHE_MS) return known.rules;
  const rules = (await readInstanceSetting(db, "allowed_private_hosts")) ?? [];
  cached.set({ db, rules, readAt: Date.now() });
  return rules;
}

export async function setAllowedPrivateHosts(db: TDatabase, rules: z.output<typeof ZPrivateHostRules>): Promise<void> {
  await writeInstanceSetting(db, "allowed_private_hosts", rules);
  cached.set(undefined);
}
