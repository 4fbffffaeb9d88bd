/** "$0.00725" for the UI: micro-units keep six decimals, shown down to the last significant one. */
export function formatMicros(micros: number): string {
  if (micros === 0) return "$0";
  const dollars = micros / 1_000_000;
  if (dollars >= 1) return `$${dollars.toFixed(2)}`;
  return `$${dollars.toFixed(6).replace(/0+$/, "")}`;
}
