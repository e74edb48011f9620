/**
 * Splits a purchase's commission over its lines in proportion to each line's amount, by
 * largest remainder, so the parts are whole cents and add up to the purchase's commission.
 */
export function splitCommission(commission: number, amounts: readonly number[]): number[] {
  const total = amounts.reduce((a, b) => a + b, 0);
  if (total <= 0) return amounts.map((_, i) => (i === 0 ? commission : 0));
  const exact = amounts.map((a) => (commission * a) / total);
  const parts = exact.map(Math.floor);
  let left = commission - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
