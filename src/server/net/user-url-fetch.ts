/**
 * The fetch for every URL a person typed (provider base URLs today, MCP servers next): the guarded fetch under
 * the server's outbound policy. Pass it wherever a library takes a `fetch` option.
 */
import "server-only";
import type { TDatabase } from "@/server/db/client";
import { createGuardedFetch, type TFetch, type TFetchLimits } from "./guarded-fetch";
import { outboundPolicy } from "./outbound-policy";

export function userUrlFetch(db: TDatabase, limits?: Partial<TFetchLimits>): TFetch {
  return createGuardedFetch({ policy: () => outboundPolicy(db), limits });
}
