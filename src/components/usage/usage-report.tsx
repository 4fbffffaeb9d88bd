"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card, CardContent } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { formatMicros } from "@/lib/llm/format-cost";
import { useTRPC } from "@/trpc/react";
import { DailyChart } from "./daily-chart";
import { countOf } from "@/lib/format/plural";

const tokens = (value: number) => value.toLocaleString("en-US");

/** "$0.0123", "$0.0123+" when some generations had no price (a lower bound), "no prices" when none had. */
function costLabel(totals: { generations: number; costMicros: number; unpriced: number }): string {
  if (totals.generations > 0 && totals.unpriced === totals.generations && totals.costMicros === 0) return "no prices";
  return `${formatMicros(totals.costMicros)}${totals.unpriced > 0 ? "+" : ""}`;
}

type TTotals = { generations: number; inputTokens: number; outputTokens: number; reasoningTokens: number; costMicros: number; unpriced: number };

function TotalsRow({ name, detail, totals }: { name: string; detail?: string; totals: TTotals }) {
  return (
    <tr className="border-t">
      <td className="py-1.5 pr-3">
        <span className="font-medium">{name}</span>
        {detail ? <span className="block text-xs text-muted-foreground">{detail}</span> : null}
      </td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{totals.generations}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{tokens(totals.inputTokens)}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">{tokens(totals.outputTokens)}</td>
      <td className="py-1.5 text-right tabular-nums">
        <span title={totals.unpriced > 0 ? `${countOf(totals.unpriced, "generation")} without full pricing` : undefined}>{costLabel(totals)}</span>
      </td>
    </tr>
  );
}

function TotalsTable({ label, rows }: { label: string; rows: { key: string; name: string; detail?: string; totals: TTotals }[] }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="w-full text-sm">
        <thead className="text-left text-xs text-muted-foreground">
          <tr>
            <th className="py-1 pr-3 font-medium">{label}</th>
            <th className="py-1 pr-3 text-right font-medium">Generations</th>
            <th className="py-1 pr-3 text-right font-medium">Input tokens</th>
            <th className="py-1 pr-3 text-right font-medium">Output tokens</th>
            <th className="py-1 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <TotalsRow key={row.key} name={row.name} detail={row.detail} totals={row.totals} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UsageReport() {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const usage = useQuery(trpc.usage.summary.queryOptions({ days, timeZone }));
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        Period
        <NativeSelect aria-label="Period" className="h-8" value={days} onChange={(event) => setDays(Number(event.target.value))}>
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
          <option value={365}>Last year</option>
        </NativeSelect>
      </label>
      {usage.isPending ? <p className="text-muted-foreground">Loading…</p> : null}
      {usage.isError ? <p className="text-destructive">{usage.error.message}</p> : null}
      {usage.data?.overall.generations === 0 ? (
        <Card>
          <CardContent className="space-y-1">
            <p className="font-medium">Nothing used in this period yet.</p>
            <p className="text-sm text-muted-foreground">
              Each reply, translation and chat title made with your keys will be counted here, with its tokens and cost.
            </p>
          </CardContent>
        </Card>
      ) : null}
      {usage.data && usage.data.overall.generations > 0 ? (
        <>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              ["Cost", costLabel(usage.data.overall)],
              ["Generations", String(usage.data.overall.generations)],
              ["Input tokens", tokens(usage.data.overall.inputTokens)],
              ["Output tokens", tokens(usage.data.overall.outputTokens)],
            ].map(([label, value]) => (
              <Card key={label}>
                <CardContent>
                  <p className="text-xs text-muted-foreground">{label}</p>
                  <p className="text-xl font-semibold tabular-nums" data-testid={`usage-${label?.toLowerCase().replace(" ", "-")}`}>
                    {value}
                  </p>
                </CardContent>
              </Card>
            ))}
          </div>
          {usage.data.overall.unpriced > 0 ? (
            <p className="text-xs text-muted-foreground">+ {usage.data.overall.unpriced} generations had no price for their model; set prices in Settings → Models.</p>
          ) : null}
          <DailyChart days={usage.data.byDay} period={days} format={(value, byCost) => (byCost ? formatMicros(value) : countOf(value, "token"))} />
          <TotalsTable label="Provider" rows={usage.data.byProvider.map((row) => ({ key: row.providerLabel, name: row.providerLabel, totals: row }))} />
          <TotalsTable label="Model" rows={usage.data.byModel.map((row) => ({ key: `${row.providerLabel}/${row.modelId}`, name: row.modelId, detail: row.providerLabel, totals: row }))} />
        </>
      ) : null}
    </div>
  );
}
