/**
 * A one-time data migration, run at start after the schema migrations: provider keys sealed before keys were
 * bound to their row (format v1) are opened and sealed again bound to it. Until then a v1 value is refused on use,
 * so a sealed key copied between rows cannot be opened in the wrong one. A value no secret opens any more stays
 * as it is; using that provider asks for the key again, as for any unreadable key.
 */
import "server-only";
import { and, eq, like } from "drizzle-orm";
import { isLegacySealing } from "@/server/crypto/secret-box";
import type { TDatabase } from "@/server/db/client";
import { providers } from "@/server/db/schema";
import { resealLegacyApiKey } from "./provider-key-ring";

export async function resealLegacyProviderKeys(db: TDatabase): Promise<{ resealed: number; unreadable: number }> {
  const legacy = await db
    .select({ id: providers.id, userId: providers.userId, apiKeySealed: providers.apiKeySealed })
    .from(providers)
    .where(like(providers.apiKeySealed, "v1.%"));
  let resealed = 0;
  let unreadable = 0;
  for (const row of legacy) {
    if (!row.apiKeySealed || !isLegacySealing(row.apiKeySealed)) continue;
    let sealed: string;
    try {
      sealed = resealLegacyApiKey(row.apiKeySealed, { userId: row.userId, providerId: row.id });
    } catch {
      unreadable++;
      continue;
    }
    // Only if nobody changed the key meanwhile.
    await db.update(providers).set({ apiKeySealed: sealed }).where(and(eq(providers.id, row.id), eq(providers.apiKeySealed, row.apiKeySealed)));
    resealed++;
  }
  return { resealed, unreadable };
}
