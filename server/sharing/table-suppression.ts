/**
 * Cell suppression of one breakdown table: the rows are the groups of a grouping (districts,
 * types, the options of another question …), the columns the cells of one distribution (a
 * question's options, a matrix row's columns, a histogram's bins), and the margin is the same
 * distribution over all respondents, already protected on its own (suppression.ts) and shown in
 * every view of the survey. Consistent: the table is the one source of every group's figures, so a
 * filter on one group shows exactly that group's row, and no pair of views shows two different
 * figures of one cell.
 *
 * What an attacker knows: every shown cell, every row's n (the group's respondents who answered),
 * every shown margin cell, the margin's total. From these, a hidden cell could be recovered by
 * subtraction in its row (the row adds up to n, for single-choice distributions) or in its column
 * (the groups of a partition add up to the margin). The rules, applied until nothing changes:
 *
 * - Primary: every count c with 0 < c < k is hidden; a row whose n is below k (but not 0) is
 *   hidden whole.
 * - Row: an additive row with a hidden cell needs at least two, not all of them ones (their sum
 *   would give them away); else its smallest shown non-zero cell is hidden too, and if none is
 *   left, the whole row.
 * - Column: a column whose margin is shown needs no hidden cell or at least two (same rule); a
 *   column whose margin is hidden needs at least one hidden cell, or the margin is their sum. The
 *   next cell is the smallest shown non-zero one, else a shown zero in a row that already hides
 *   cells; if there is none, the whole table is hidden (`whole`).
 *
 * Groupings whose groups overlap (life phases, networks, multiple choice) are protected one group
 * at a time against the rest of the respondents (the margin minus the group, which a planner can
 * compute): `protectGroupAgainstRest`.
 *
 * test/table-suppression.test.ts enumerates every table consistent with what is shown and checks
 * that no hidden count below k is determined.
 */

export interface BreakdownTable {
  /** Counts per row (group) and column (cell). */
  rows: readonly (readonly number[])[];
  /** Each row's n, as shown with it. */
  rowTotals: readonly number[];
  /** Rows add up to their n (single choice, a matrix row, bins); multiple choice does not. */
  additive: boolean;
  /** The margin: the counts over all respondents, and which of them its own protection hides. */
  margin: readonly number[];
  marginHidden: readonly boolean[];
  /** Rows withheld whole from the start (a group whose very size is withheld elsewhere). */
  withheldRows?: readonly boolean[];
  /** Cells withheld from the start for another reason (the gap matrix: offers of fewer than k institutions). */
  withheldCells?: readonly (readonly boolean[])[];
}

export interface TableSuppression {
  /** hidden[row][column]: withheld. */
  hidden: boolean[][];
  /** Rows withheld whole (every cell, zeros included). */
  wholeRows: boolean[];
  /** Nothing of the breakdown can be shown safely: every group cell of the table is withheld. */
  whole: boolean;
}

const isSmall = (count: number, k: number) => count > 0 && count < k;

/** A line (row or column) whose hidden cells could be recovered from its sum. */
function lineNeedsMore(values: number[], hidden: boolean[]): boolean {
  let hiddenCells = 0;
  let hiddenNonZero = 0;
  let hiddenSum = 0;
  values.forEach((value, index) => {
    if (!hidden[index]) return;
    hiddenCells += 1;
    hiddenSum += value;
    if (value > 0) hiddenNonZero += 1;
  });
  if (hiddenCells === 0) return false;
  if (hiddenCells === 1) return true;
  // Two or more hidden, all ones: their sum equals their number, so each is 1.
  return hiddenNonZero === hiddenCells && hiddenSum === hiddenCells;
}

/** Index of the smallest shown non-zero value, or -1. */
function smallestShown(values: number[], hidden: boolean[]): number {
  let next = -1;
  values.forEach((value, index) => {
    if (!hidden[index] && value > 0 && (next < 0 || value < values[next]!)) next = index;
  });
  return next;
}

/**
 * Suppression of a breakdown whose rows partition the respondents (every respondent in exactly
 * one row, "not specified" included), so the rows add up to the margin column by column.
 *
 * @example
 * protectBreakdown({ rows: [[6, 1], [5, 5]], rowTotals: [7, 10], additive: true, margin: [11, 6], marginHidden: [false, false] }, 5);
 * // row 0 hides its 1 and (row rule) its 6; column 1 then hides row 1's 5, row 1 its other 5
 */
export function protectBreakdown(table: BreakdownTable, k: number): TableSuppression {
  const rows = table.rows.map((row) => [...row]);
  const columns = table.margin.length;
  const wholeRows = rows.map((_, r) => isSmall(table.rowTotals[r]!, k) || Boolean(table.withheldRows?.[r]));
  const hidden = rows.map((row, r) => row.map((count, c) => isSmall(count, k) || wholeRows[r]! || Boolean(table.withheldCells?.[r]?.[c])));
  const hideWholeRow = (r: number) => {
    wholeRows[r] = true;
    hidden[r] = hidden[r]!.map(() => true);
  };
  const withheld = (): TableSuppression => ({ hidden: rows.map((row) => row.map(() => true)), wholeRows: rows.map(() => true), whole: true });

  for (let changed = true; changed; ) {
    changed = false;
    if (table.additive) {
      for (let r = 0; r < rows.length; r += 1) {
        if (wholeRows[r] || !lineNeedsMore(rows[r]!, hidden[r]!)) continue;
        const next = smallestShown(rows[r]!, hidden[r]!);
        if (next < 0) hideWholeRow(r);
        else hidden[r]![next] = true;
        changed = true;
      }
    }
    for (let c = 0; c < columns; c += 1) {
      const values = rows.map((row) => row[c]!);
      const hiddenInColumn = rows.map((_, r) => hidden[r]![c]!);
      const needsMore = table.marginHidden[c] ? !hiddenInColumn.some(Boolean) && values.some((value) => value > 0) : lineNeedsMore(values, hiddenInColumn);
      if (!needsMore) continue;
      let next = smallestShown(values, hiddenInColumn);
      if (next < 0) next = rows.findIndex((_, r) => !hidden[r]![c] && hidden[r]!.some(Boolean));
      if (next < 0) return withheld();
      hidden[next]![c] = true;
      changed = true;
    }
  }
  return { hidden, wholeRows, whole: false };
}

/**
 * Suppression of one group of a grouping whose groups overlap: the group against everyone else
 * (margin minus the group), both protected as the two rows of a partition. Only the group's row
 * is shown; the rest's row stands for what subtraction from the margin gives. Inside a repeatable
 * list, where counts are entries, `respondents` and `nRespondents` give the respondents behind each
 * cell and behind n: cells and rows are withheld by those (the rest's are the margin's minus the
 * group's, as every respondent is in the group or not).
 */
export function protectGroupAgainstRest(
  group: { counts: readonly number[]; n: number; respondents?: readonly number[]; nRespondents?: number },
  margin: { counts: readonly number[]; n: number; hidden: readonly boolean[]; respondents?: readonly number[]; nRespondents?: number },
  additive: boolean,
  k: number,
): { hidden: boolean[]; whole: boolean } {
  const rest = margin.counts.map((count, index) => Math.max(0, count - (group.counts[index] ?? 0)));
  const groupBehind = group.counts.map((count, index) => group.respondents?.[index] ?? count);
  const restBehind = margin.counts.map((count, index) => Math.max(0, (margin.respondents?.[index] ?? count) - (groupBehind[index] ?? 0)));
  const groupN = group.nRespondents ?? group.n;
  const restN = Math.max(0, (margin.nRespondents ?? margin.n) - groupN);
  const result = protectBreakdown(
    {
      rows: [group.counts, rest],
      rowTotals: [group.n, Math.max(0, margin.n - group.n)],
      additive,
      margin: margin.counts,
      marginHidden: margin.hidden,
      withheldRows: [isSmall(groupN, k), isSmall(restN, k)],
      withheldCells: [groupBehind.map((behind) => isSmall(behind, k)), restBehind.map((behind) => isSmall(behind, k))],
    },
    k,
  );
  return { hidden: result.hidden[0]!, whole: result.whole || result.wholeRows[0]! };
}
