/**
 * How a network view shows what suppression hid (server/sharing/suppression.ts), so that totals
 * visibly add up without giving a hidden value away.
 *
 * In a distribution whose cells add up to its shown total n (single choice, histogram bins, a
 * matrix row), the hidden cells together hold n minus the shown cells: anyone can work that out
 * from the figures on the page, so it may be drawn, as one hatched segment or bar
 * ("ausgeblendet, zusammen"). It is drawn only while it covers at least two hidden cells (the
 * suppression guarantees that), since with one it would be that cell's value. Multiple choice is
 * not additive (one respondent, several options): its hidden options are only marked, each
 * with "< k", which is true there, as only cells below k are hidden.
 *
 * @example
 * hiddenTogether([5, null, null, 0], 12); // 7 (two hidden cells: 4 and 3, say)
 * hiddenTogether([5, null, 0], 9); // null (one hidden cell would be given away)
 */
export function hiddenTogether(counts: readonly (number | null)[], n: number | null): number | null {
  if (n === null) return null;
  const hidden = counts.filter((count) => count === null).length;
  if (hidden < 2) return null;
  const shown = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  return Math.max(0, n - shown);
}
