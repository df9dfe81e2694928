/**
 * The attacker's side of small-cell suppression: from everything the planner's views show of one
 * breakdown table (the shown cells, the groups' n, the shown margin cells), every table of
 * non-negative counts consistent with it is enumerated, and a hidden count below k that all of
 * them agree on is disclosed (inside a repeatable list: a hidden count of entries resting on fewer
 * than k respondents). Used by the unit property test of the suppression rules and by the
 * API property test that reads the tables back from the results routes.
 */

export interface Published {
  /** Every row's true counts (the rest row of an overlapping grouping included). */
  rows: number[][];
  /** shown[row][column]: the planner sees this cell. */
  shown: boolean[][];
  /** Row totals the planner knows (null: not known). */
  rowTotals: (number | null)[];
  additive: boolean;
  margin: number[];
  marginShown: boolean[];
  /**
   * Which cells must not be determined: by default those whose count is 1 … k−1. Inside a
   * repeatable list the counts are entries and a cell is sensitive when the respondents behind it
   * are 1 … k−1, whatever its count (three offers of one institution).
   */
  sensitive?: boolean[][];
  marginSensitive?: boolean[];
}

/** For every hidden cell (and hidden margin cell) the values it takes over all consistent tables; null when there were too many to enumerate. */
function consistentValues(published: Published, budget = 300_000): { cells: Map<string, Set<number>>; margins: Map<number, Set<number>> } | null {
  const { rows, shown, rowTotals, additive, margin, marginShown } = published;
  const columns = margin.length;
  const hiddenCells: [number, number][] = [];
  rows.forEach((row, r) => row.forEach((_, c) => !shown[r]![c] && hiddenCells.push([r, c])));
  const cells = new Map(hiddenCells.map(([r, c]) => [`${r}:${c}`, new Set<number>()]));
  const margins = new Map<number, Set<number>>();
  margin.forEach((_, c) => !marginShown[c] && margins.set(c, new Set()));
  const value = rows.map((row, r) => row.map((count, c) => (shown[r]![c] ? count : 0)));
  const upper = (r: number, c: number) =>
    Math.min(rowTotals[r] ?? Number.MAX_SAFE_INTEGER, marginShown[c] ? margin[c]! : Number.MAX_SAFE_INTEGER, Math.max(...rowTotals.map((total) => total ?? 0), ...margin));
  let steps = 0;
  const rowSum = (r: number) => value[r]!.reduce((sum, count) => sum + count, 0);
  const columnSum = (c: number) => value.reduce((sum, row) => sum + row[c]!, 0);
  const walk = (index: number): boolean => {
    if ((steps += 1) > budget) return false;
    if (index === hiddenCells.length) {
      for (let r = 0; r < rows.length; r += 1) if (additive && rowTotals[r] !== null && rowSum(r) !== rowTotals[r]) return true;
      for (let c = 0; c < columns; c += 1) if (marginShown[c] && columnSum(c) !== margin[c]) return true;
      hiddenCells.forEach(([r, c]) => cells.get(`${r}:${c}`)!.add(value[r]![c]!));
      margins.forEach((set, c) => set.add(columnSum(c)));
      return true;
    }
    const [r, c] = hiddenCells[index]!;
    for (let candidate = 0; candidate <= upper(r, c); candidate += 1) {
      value[r]![c] = candidate;
      if (additive && rowTotals[r] !== null && rowSum(r) > rowTotals[r]!) break;
      if (marginShown[c] && columnSum(c) > margin[c]!) break;
      if (!walk(index + 1)) return false;
    }
    value[r]![c] = 0;
    return true;
  };
  return walk(0) ? { cells, margins } : null;
}

/**
 * Hidden counts below k that every consistent table agrees on, beyond those the group sizes and the
 * margin give away on their own (when everyone gave the same answer, every group did too: the
 * overall view says so, whatever the breakdown hides).
 */
export function disclosed(published: Published, k: number): string[] | null {
  const values = consistentValues(published);
  if (!values) return null;
  const found: string[] = [];
  let baseline: ReturnType<typeof consistentValues> | undefined;
  values.cells.forEach((set, key) => {
    const [r, c] = key.split(":").map(Number) as [number, number];
    const truth = published.rows[r]![c]!;
    if (!((published.sensitive?.[r]?.[c] ?? (truth > 0 && truth < k)) && set.size < 2)) return;
    baseline ??= consistentValues({ ...published, shown: published.shown.map((row) => row.map(() => false)) });
    if (baseline === null || baseline.cells.get(key)!.size > 1) found.push(`cell ${key} = ${truth}`);
  });
  values.margins.forEach((set, c) => {
    const truth = published.margin[c]!;
    if ((published.marginSensitive?.[c] ?? (truth > 0 && truth < k)) && set.size < 2) found.push(`margin ${c} = ${truth}`);
  });
  return found;
}

