/**
 * Which private hosts requests to user-given URLs may reach. One function, so every fetch of a user's URL asks
 * the same question: the operator's ALLOW_PRIVATE_HOSTS plus the hosts the administrator allowed on the admin
 * page (operators/private-hosts, read through a short cache there).
 */
import "server-only";
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import { logger } from "@/server/logger";
import { allowedPrivateHostsSetting } from "@/server/operators/private-hosts";
import { parseOutboundRule, type TOutboundRule } from "./host-rules";

export type TOutboundPolicy = { allowedPrivateHosts: readonly TOutboundRule[] };

export async function outboundPolicy(db: TDatabase): Promise<TOutboundPolicy> {
  const stored: TOutboundRule[] = [];
  for (const text of await allowedPrivateHostsSetting(db)) {
    const parsed = parseOutboundRule(text);
    // The admin page stores only rules this parser takes; anything else is skipped rather than widening access.
    if (parsed.ok) stored.push(parsed.rule);
    else logger.warn({ problem: parsed.problem }, "a stored private host rule was skipped");
  }
  return { allowedPrivateHosts: [...env.ALLOW_PRIVATE_HOSTS, ...stored] };
}
