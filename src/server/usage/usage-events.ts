/**
 * Every generation's tokens, latency and cost, and the totals the Usage page shows. Aggregation happens in SQL
 * so a year of events costs one query, not a year of rows in memory.
 */
import "server-only";
import { and, desc, eq, gte, sql, sum } from "drizzle-orm";
import type { TCostCode, TProviderKind, TScenario } from "@/lib/llm/provider-kinds";
import type { TDatabase } from "@/server/db/client";
import { usageEvents } from "@/server/db/schema";

export type TUsageRecord = {
  userId: string;
  providerKind: TProviderKind;
  providerLabel: string;
  modelId: string;
  scenario: TScenario;
  chatId: string | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  latencyMs: number;
  costMicros: number;
  costCode: TCostCode;
};

export async function recordUsage(db: TDatabase, record: TUsageRecord): Promise<void> {
  await db.insert(usageEvents).values(record);
}

const totals = {
  generations: sql<number>`count(*)::int`,
  inputTokens: sql<number>`coalesce(${sum(usageEvents.inputTokens)}, 0)::bigint`.mapWith(Number),
  outputTokens: sql<number>`coalesce(${sum(usageEvents.outputTokens)}, 0)::bigint`.mapWith(Number),
  reasoningTokens: sql<number>`coalesce(${sum(usageEvents.reasoningTokens)}, 0)::bigint`.mapWith(Number),
  costMicros: sql<number>`coalesce(${sum(usageEvents.costMicros)}, 0)::bigint`.mapWith(Number),
  /** Generations whose cost could not be fully priced: the total is then a lower bound. */
  unpriced: sql<number>`count(*) filter (where ${usageEvents.costCode} in ('no_pricing', 'partial'))::int`,
};

export async function summarizeUsage(db: TDatabase, userId: string, { days, timeZone }: { days: number; timeZone: string }) {
  const since = new Date(Date.now() - days * 86_400_000);
  const scope = and(eq(usageEvents.userId, userId), gte(usageEvents.createdAt, since));
  // Inlined rather than bound: Postgres must see the same expression in SELECT and GROUP BY, and separate
  // parameters would make them differ. The zone name is checked against this pattern (and Intl) first.
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(timeZone)) throw new Error("invalid time zone");
  const day = sql<string>`to_char(${usageEvents.createdAt} at time zone ${sql.raw(`'${timeZone}'`)}, 'YYYY-MM-DD')`;
  const [overall, byProvider, byModel, byDay, recent] = await Promise.all([
    db.select(totals).from(usageEvents).where(scope),
    db
      .select({ providerLabel: usageEvents.providerLabel, providerKind: usageEvents.providerKind, ...totals })
      .from(usageEvents)
      .where(scope)
      .groupBy(usageEvents.providerLabel, usageEvents.providerKind)
      .orderBy(desc(sql`sum(${usageEvents.costMicros})`)),
    db
      .select({ providerLabel: usageEvents.providerLabel, modelId: usageEvents.modelId, ...totals })
      .from(usageEvents)
      .where(scope)
      .groupBy(usageEvents.providerLabel, usageEvents.modelId)
      .orderBy(desc(sql`sum(${usageEvents.costMicros})`)),
    db.select({ day, ...totals }).from(usageEvents).where(scope).groupBy(day).orderBy(day),
    db
      .select({
        id: usageEvents.id,
        createdAt: usageEvents.createdAt,
        providerLabel: usageEvents.providerLabel,
        modelId: usageEvents.modelId,
        scenario: usageEvents.scenario,
        inputTokens: usageEvents.inputTokens,
        outputTokens: usageEvents.outputTokens,
        reasoningTokens: usageEvents.reasoningTokens,
        latencyMs: usageEvents.latencyMs,
        costMicros: usageEvents.costMicros,
        costCode: usageEvents.costCode,
      })
      .from(usageEvents)
      .where(scope)
      .orderBy(desc(usageEvents.createdAt))
      .limit(50),
  ]);
  return { overall: overall[0] ?? { generations: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicros: 0, unpriced: 0 }, byProvider, byModel, byDay, recent };
}
