/** A count as a share of a wave's n in percent, one decimal; null when n is 0 or either is withheld. */
export function percentOf(count: number | null, n: number | null): number | null {
  if (count === null || n === null || n <= 0) return null;
  return Math.round((count / n) * 100 * 10) / 10;
}
