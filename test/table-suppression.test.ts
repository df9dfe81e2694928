import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressDistribution, suppressPrimary } from "../server/sharing/suppression.ts";
import { protectBreakdown, protectGroupAgainstRest } from "../server/sharing/table-suppression.ts";
import { disclosed, type Published } from "./support/disclosure-audit.ts";

/**
 * Suppression of breakdown tables (groups × cells with the overall margin), checked as an attacker
 * would: from everything the planner's views show of one table (every shown cell, every group's n,
 * the shown margin cells and the overall n), every table of non-negative counts consistent with it
 * is enumerated, and no hidden count below k (of a group, of the rest a planner can compute by
 * subtraction, or of a hidden margin cell) may be the same in all of them.
 */

const small = (count: number, k: number) => count > 0 && count < k;

/** A partition's table as the planner sees it, protected as the server protects it. */
function publishPartition(rows: number[][], k: number, additive: boolean, rowTotalsOf: (row: number[]) => number): Published | null {
  const columns = rows[0]!.length;
  const margin = Array.from({ length: columns }, (_, c) => rows.reduce((sum, row) => sum + row[c]!, 0));
  const rowTotals = rows.map(rowTotalsOf);
  const n = rowTotals.reduce((sum, total) => sum + total, 0);
  if (small(n, k)) return null; // the question is hidden as a whole
  const marginHidden = additive ? suppressDistribution(margin, k).hidden : suppressPrimary(margin, k);
  const result = protectBreakdown({ rows, rowTotals, additive, margin, marginHidden }, k);
  return {
    rows,
    shown: result.hidden.map((row) => row.map((hidden) => !hidden)),
    // A group's n is shown unless it is below k (then the planner only reads "fewer than k").
    rowTotals: rowTotals.map((total) => (small(total, k) ? null : total)),
    additive,
    margin,
    marginShown: marginHidden.map((hidden) => !hidden),
  };
}

const kArbitrary = fc.integer({ min: 3, max: 5 });

/** Respondents' answers as a table: up to 4 groups × 4 options, small counts. */
const tableArbitrary = fc.integer({ min: 2, max: 3 }).chain((columns) => fc.array(fc.array(fc.nat({ max: 6 }), { minLength: columns, maxLength: columns }), { minLength: 2, maxLength: 3 }));

describe("breakdown tables (groups × cells) withhold what subtraction could recover", () => {
  it("single choice by a partition (district, type, another single-choice question): no hidden count below k is determined", () => {
    fc.assert(
      fc.property(tableArbitrary, kArbitrary, (rows, k) => {
        const published = publishPartition(rows, k, true, (row) => row.reduce((sum, count) => sum + count, 0));
        if (!published) return;
        const found = disclosed(published, k);
        fc.pre(found !== null);
        expect(found, JSON.stringify({ rows, k, shown: published.shown })).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("multiple choice by a partition: the columns still add up to the margin, and nothing below k is determined", () => {
    fc.assert(
      fc.property(tableArbitrary, kArbitrary, fc.array(fc.nat({ max: 3 }), { minLength: 4, maxLength: 4 }), (rows, k, extra) => {
        // Each group's respondents: at least as many as its most chosen option.
        const published = publishPartition(rows, k, false, (row) => Math.max(...row) + extra[rows.indexOf(row) % 4]!);
        if (!published) return;
        const found = disclosed(published, k);
        fc.pre(found !== null);
        expect(found, JSON.stringify({ rows, k, shown: published.shown })).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("an overlapping group (life phase, network) against the rest: neither the group's nor the rest's small counts are determined", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 7 }), { minLength: 2, maxLength: 4 }), fc.array(fc.nat({ max: 7 }), { minLength: 4, maxLength: 4 }), kArbitrary, (group, restAll, k) => {
        const rest = group.map((_, index) => restAll[index]!);
        const margin = group.map((count, index) => count + rest[index]!);
        const groupN = group.reduce((sum, count) => sum + count, 0);
        const n = margin.reduce((sum, count) => sum + count, 0);
        if (small(n, k)) return;
        const marginHidden = suppressDistribution(margin, k).hidden;
        const { hidden } = protectGroupAgainstRest({ counts: group, n: groupN }, { counts: margin, n, hidden: marginHidden }, true, k);
        // The planner sees the group's row, never the rest's; both rows' totals are known.
        const published: Published = {
          rows: [group, rest],
          shown: [hidden.map((cell) => !cell), rest.map(() => false)],
          rowTotals: [small(groupN, k) ? null : groupN, n - groupN],
          additive: true,
          margin,
          marginShown: marginHidden.map((cell) => !cell),
        };
        const found = disclosed(published, k);
        fc.pre(found !== null);
        expect(found, JSON.stringify({ group, rest, k, hidden })).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("shows the cells that need no protection", () => {
    const rows = [
      [10, 12, 8],
      [9, 11, 15],
    ];
    const result = protectBreakdown({ rows, rowTotals: [30, 35], additive: true, margin: [19, 23, 23], marginHidden: [false, false, false] }, 5);
    expect(result.hidden.flat().some(Boolean)).toBe(false);
  });

  it("hides a group's small count together with enough others in its row and column", () => {
    const rows = [
      [10, 2, 8],
      [9, 11, 15],
    ];
    const result = protectBreakdown({ rows, rowTotals: [20, 35], additive: true, margin: [19, 13, 23], marginHidden: [false, false, false] }, 5);
    expect(result.hidden[0]![1]).toBe(true);
    // Row 0 must hide a second cell, and column 1 a second cell (row 1's 11).
    expect(result.hidden[0]!.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(result.hidden[1]![1]).toBe(true);
  });
});
