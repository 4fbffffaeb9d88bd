/**
 * Which private hosts requests to user-given URLs may reach. One function, so every fetch of a user's URL asks
 * the same question: today the operator's ALLOW_PRIVATE_HOSTS; the admin page's stored hosts join them here.
 */
import "server-only";
import { env } from "@/env";
import type { TDatabase } from "@/server/db/client";
import type { TOutboundRule } from "./host-rules";

export type TOutboundPolicy = { allowedPrivateHosts: readonly TOutboundRule[] };

export function outboundPolicy(_db: TDatabase): Promise<TOutboundPolicy> {
  return Promise.resolve({ allowedPrivateHosts: env.ALLOW_PRIVATE_HOSTS });
}
