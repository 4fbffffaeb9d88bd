/**
 * Daily bars as plain SVG: one bar per day of the period (days without use stay empty), scaled to the
 * busiest day. Cost when anything was priced, tokens otherwise.
 */
export type TDay = { day: string; costMicros: number; inputTokens: number; outputTokens: number };

function daysBetween(lastDays: number, today: Date): string[] {
  const result: string[] = [];
  for (let offset = lastDays - 1; offset >= 0; offset--) {
    const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() - offset);
    result.push(`${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`);
  }
  return result;
}

export function DailyChart({ days, period, format }: { days: TDay[]; period: number; format: (value: number, byCost: boolean) => string }) {
  const byCost = days.some((day) => day.costMicros > 0);
  const valueOf = (day: TDay | undefined) => (day ? (byCost ? day.costMicros : day.inputTokens + day.outputTokens) : 0);
  const byDay = new Map(days.map((day) => [day.day, day]));
  const axis = daysBetween(period, new Date());
  const max = Math.max(1, ...axis.map((day) => valueOf(byDay.get(day))));
  const width = 720;
  const height = 160;
  const slot = width / axis.length;
  return (
    <figure className="space-y-1">
      <svg role="img" aria-label={`${byCost ? "Cost" : "Tokens"} per day`} viewBox={`-16 0 ${width + 32} ${height + 18}`} className="h-auto w-full">
        {axis.map((day, index) => {
          const value = valueOf(byDay.get(day));
          const barHeight = (value / max) * height;
          return (
            <g key={day}>
              <rect x={index * slot + slot * 0.15} y={height - barHeight} width={slot * 0.7} height={Math.max(barHeight, value > 0 ? 1 : 0)} rx={2} className="fill-primary">
                <title>{`${day}: ${format(value, byCost)}`}</title>
              </rect>
              {index % Math.ceil(axis.length / 8) === 0 ? (
                <text x={index * slot + slot / 2} y={height + 14} textAnchor="middle" className="fill-muted-foreground text-[10px]">
                  {day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-muted-foreground">
        {byCost ? "Cost" : "Tokens"} per day, busiest day {format(max, byCost)}
      </figcaption>
    </figure>
  );
}
