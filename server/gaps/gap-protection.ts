/**
 * The gap matrix of a pseudonymous or anonymous survey: no figure resting on fewer than the
 * organisation's smallest group (k), and none that the others give back by subtraction.
 *
 * A cell's figures (its offers and the institutions that listed them) rest on those institutions,
 * so the cell is judged by their number: a cell with 1 … k−1 contributing institutions is withheld
 * whole (`offers` and `providers` null, no flag, no drill-down). That is primary suppression
 * (`suppressPrimary`, the rule of every protected view); zeros are shown, so "Lücke" stays.
 *
 * Why no complementary suppression: the cells add up to nothing that is shown. An offer for two
 * life phases counts in both, an institution in every cell it has offers in, so no shown figure is
 * the sum of a row or a column of cells — except the totals, which are exactly such sums when
 * every offer has one phase. Rather than withhold further cells to keep the totals (the cells are
 * what the matrix is for), a total is shown only when no cell it sums over is withheld: a row's
 * `total` and `providers` when nothing in the row is, the grand `offers` and `providers` when
 * nothing in the matrix is, `noDistrict` with the row without a district, `noLifePhase` with the
 * column without a phase. Then no shown figure involves a withheld one.
 *
 * Flags: the median is taken over the shown non-empty cells, and only shown cells are flagged, so
 * "viel" never says anything about a withheld count. The wave comparison (gap-comparison.ts)
 * compares a withheld cell only as "has offers" (which its being withheld says anyway).
 *
 * test/api/gap-matrix-protection.test.ts generates offers, reads the matrix back through the API
 * and enumerates every table consistent with what is shown (test/support/disclosure-audit.ts).
 */
import { suppressPrimary } from "../sharing/suppression.ts";
import { flagOf, medianOf } from "./gap-flags.ts";
import type { GapMatrix, GapRow } from "./gap-matrix.ts";

/**
 * The matrix as a pseudonymous or anonymous survey shows it (see the file comment).
 *
 * @example
 * protectGapMatrix(matrix, { mode: "pseudonymous", k: 5 }).rows[0].cells[1];
 * // { lifePhase: "early_childhood", offers: null, providers: null, flag: null, … } (3 institutions)
 */
export function protectGapMatrix(matrix: GapMatrix, protection: { mode: "pseudonymous" | "anonymous"; k: number }): GapMatrix {
  const { k } = protection;
  let anyWithheld = false;
  let noPhaseWithheld = false;
  const protectedRows = matrix.rows.map((row): GapRow & { clean: boolean } => {
    const hidden = suppressPrimary(
      row.cells.map((cell) => cell.providers ?? 0),
      k,
    );
    const [noPhaseHidden] = suppressPrimary([row.noLifePhaseProviders ?? 0], k);
    const clean = !hidden.some(Boolean) && !noPhaseHidden;
    anyWithheld ||= !clean;
    noPhaseWithheld ||= Boolean(noPhaseHidden);
    return {
      ...row,
      clean,
      cells: row.cells.map((cell, index) => (hidden[index] ? { ...cell, offers: null, providers: null, flag: null } : cell)),
      total: clean ? row.total : null,
      providers: clean ? row.providers : null,
      noLifePhase: noPhaseHidden ? null : row.noLifePhase,
      noLifePhaseProviders: noPhaseHidden ? null : row.noLifePhaseProviders,
    };
  });

  // Flags by the median of the shown cells of the grid (the row without a district is never flagged).
  const placed = protectedRows.filter((row) => row.districtId !== null);
  const median = medianOf(placed.flatMap((row) => row.cells.flatMap((cell) => (cell.offers !== null && cell.offers > 0 ? [cell.offers] : []))));
  const rows = protectedRows.map(({ clean: _clean, ...row }) => ({
    ...row,
    cells: row.cells.map((cell) => ({ ...cell, flag: row.districtId === null || cell.offers === null ? null : flagOf(cell.offers, median) })),
  }));
  const unplaced = protectedRows.find((row) => row.districtId === null);
  return {
    ...matrix,
    rows,
    median,
    totals: {
      respondents: matrix.totals.respondents,
      offers: anyWithheld ? null : matrix.totals.offers,
      providers: anyWithheld ? null : matrix.totals.providers,
      noDistrict: unplaced && !unplaced.clean ? null : matrix.totals.noDistrict,
      noLifePhase: noPhaseWithheld ? null : matrix.totals.noLifePhase,
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
