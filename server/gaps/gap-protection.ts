/**
 * The gap matrix of a pseudonymous or anonymous survey: no figure resting on fewer than the
 * organisation's smallest group (k), and none that the others — here or on the results page —
 * give back by subtraction.
 *
 * A cell's figures (its offers and the institutions that listed them) rest on those institutions,
 * so a cell with 1 … k−1 contributing institutions is withheld (`offers` and `providers` null, no
 * flag, no drill-down): primary suppression by institutions (`suppressPrimary`).
 *
 * Complementary suppression by column: the results page shows the column totals — the offers
 * list's life-phase field counted over all entries (offers per life phase over all districts,
 * unless 1 … k−1) and how many entries there are and answered the field (their difference: the
 * offers without a phase). A column with a single withheld cell (or withheld cells that are all 1)
 * would give it back by subtraction, so the matrix is protected as a breakdown against that
 * margin (`protectBreakdown`, the rule of every protected breakdown): further cells are withheld,
 * smallest first, else a zero in a row that already withholds one, and where neither is left, the
 * whole matrix. A zero withheld so is withheld like any other cell: a withheld cell says nothing
 * about whether it has offers. Where the results page withholds a column total, the column keeps a
 * withheld cell, so the total cannot be summed up either.
 *
 * Rows: an offer for two life phases counts in both and an institution in every cell it has offers
 * in, so no row of cells adds up to a shown figure — except the district's total, which does when
 * every offer has one phase. Rather than withhold more cells to keep the totals (the cells are what
 * the matrix is for), a total is shown only when no cell it sums over is withheld: a district's
 * offers and institutions, the grand totals, the offers without a district, those without a phase.
 *
 * Flags: the median is taken over the shown non-empty cells, and only shown cells are flagged, so
 * neither "Lücke" nor "viel" says anything about a withheld count. The wave comparison
 * (gap-comparison.ts) gives a withheld cell neither a count nor a change.
 *
 * test/api/gap-matrix-protection.test.ts generates offers, reads the matrix back through the API
 * and enumerates every table consistent with what is shown (test/support/disclosure-audit.ts).
 */
import { suppressPrimary } from "../sharing/suppression.ts";
import { protectBreakdown } from "../sharing/table-suppression.ts";
import { flagOf, medianOf } from "./gap-flags.ts";
import type { GapMatrix, GapRow } from "./gap-matrix.ts";

/**
 * Which cells of the matrix are withheld: per row, its life phases in order, then the cell
 * without a phase.
 */
function withheldCells(matrix: GapMatrix, k: number): boolean[][] {
  const cellsOf = (row: GapRow) => [
    ...row.cells.map((cell) => ({ offers: cell.offers ?? 0, providers: cell.providers ?? 0 })),
    { offers: row.noLifePhase ?? 0, providers: row.noLifePhaseProviders ?? 0 },
  ];
  const table = matrix.rows.map(cellsOf);
  const offers = table.map((row) => row.map((cell) => cell.offers));
  const columns = matrix.lifePhases.length + 1;
  const margin = Array.from({ length: columns }, (_, column) => offers.reduce((sum, row) => sum + row[column]!, 0));
  const small = (count: number) => count > 0 && count < k;
  // As the results page shows them: each phase's count, and entries minus those with a phase.
  const entries = matrix.totals.offers ?? 0;
  const withoutPhase = margin[columns - 1]!;
  const marginHidden = margin.map((count, column) => (column < columns - 1 ? small(count) : small(entries) || small(entries - withoutPhase)));
  const decision = protectBreakdown(
    {
      rows: offers,
      // No row total is shown beside a withheld cell, so no row is withheld whole for its total.
      rowTotals: offers.map(() => 0),
      additive: false,
      margin,
      marginHidden,
      withheldCells: table.map((row) => suppressPrimary(row.map((cell) => cell.providers), k)),
    },
    k,
  );
  return decision.whole ? offers.map((row) => row.map(() => true)) : decision.hidden;
}

/**
 * The matrix as a pseudonymous or anonymous survey shows it (see the file comment).
 *
 * @example
 * protectGapMatrix(matrix, { mode: "pseudonymous", k: 5 }).rows[0].cells[1];
 * // { lifePhase: "early_childhood", offers: null, providers: null, flag: null, … } (3 institutions)
 */
export function protectGapMatrix(matrix: GapMatrix, protection: { mode: "pseudonymous" | "anonymous"; k: number }): GapMatrix {
  const hidden = withheldCells(matrix, protection.k);
  const phases = matrix.lifePhases.length;
  const clean = hidden.map((row) => !row.some(Boolean));
  const protectedRows = matrix.rows.map((row, r): GapRow => {
    const noPhaseHidden = hidden[r]![phases]!;
    return {
      ...row,
      cells: row.cells.map((cell, c) => (hidden[r]![c] ? { ...cell, offers: null, providers: null, flag: null } : cell)),
      total: clean[r] ? row.total : null,
      providers: clean[r] ? row.providers : null,
      noLifePhase: noPhaseHidden ? null : row.noLifePhase,
      noLifePhaseProviders: noPhaseHidden ? null : row.noLifePhaseProviders,
    };
  });

  // Flags by the median of the shown cells of the grid (the row without a district is never flagged).
  const placed = protectedRows.filter((row) => row.districtId !== null);
  const median = medianOf(placed.flatMap((row) => row.cells.flatMap((cell) => (cell.offers !== null && cell.offers > 0 ? [cell.offers] : []))));
  const rows = protectedRows.map((row) => ({
    ...row,
    cells: row.cells.map((cell) => ({ ...cell, flag: row.districtId === null || cell.offers === null ? null : flagOf(cell.offers, median) })),
  }));
  const unplaced = matrix.rows.findIndex((row) => row.districtId === null);
  return {
    ...matrix,
    rows,
    median,
    totals: {
      respondents: matrix.totals.respondents,
      offers: clean.every(Boolean) ? matrix.totals.offers : null,
      providers: clean.every(Boolean) ? matrix.totals.providers : null,
      noDistrict: unplaced >= 0 && !clean[unplaced] ? null : matrix.totals.noDistrict,
      noLifePhase: hidden.some((row) => row[phases]) ? null : matrix.totals.noLifePhase,
    },
    protection,
  };
}

/**
 * Whether a protected matrix withholds a cell: `district` a district id or null (no district),
 * `lifePhase` a life phase or null (no phase). A row the matrix does not have holds no offers.
 */
export function cellWithheld(matrix: GapMatrix, district: string | null, lifePhase: string | null): boolean {
  const row = matrix.rows.find((candidate) => candidate.districtId === district);
  if (!row) return false;
  if (lifePhase === null) return row.noLifePhase === null;
  return row.cells.find((cell) => cell.lifePhase === lifePhase)?.offers === null;
}
