/**
 * The rule behind the gap matrix's flags, over the grid of the organisation's districts × the life
 * phases: `gap` for a cell without offers; `over_supply` for a cell with at least
 * OVER_SUPPLY_FACTOR × the median of the non-empty cells and at least OVER_SUPPLY_MINIMUM offers.
 * Protected matrices (gap-protection.ts) apply it to the shown cells only.
 */

/** A cell with at least this many times the median of the non-empty cells … */
export const OVER_SUPPLY_FACTOR = 2;
/** … and at least this many offers is flagged as possible over-supply. */
export const OVER_SUPPLY_MINIMUM = 3;

export type CellFlag = "gap" | "over_supply" | null;

/** Median of a list of numbers (mean of the middle two for an even count); null when empty. */
export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The flag of a cell of the grid by the documented rule. */
export function flagOf(offers: number, median: number | null): CellFlag {
  if (offers === 0) return "gap";
  if (median !== null && offers >= OVER_SUPPLY_FACTOR * median && offers >= OVER_SUPPLY_MINIMUM) return "over_supply";
  return null;
}
