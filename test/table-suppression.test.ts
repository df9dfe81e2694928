import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ownDecision, suppressDistribution, suppressPrimary, withheldByRespondents } from "../server/sharing/suppression.ts";
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

describe("breakdown tables (groups × cells) withhold what subtraction could recover", { timeout: 180_000 }, () => {
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
      { numRuns: 250 },
    );
  });

  /**
   * A repeatable list's single-choice field (an offer's target group) by a partition: institutions
   * in groups list 0 … 3 offers each; the counts are offers, the respondents behind a cell the
   * institutions that listed them. Protected as the server protects it (protected-results.ts:
   * the margin by ownDecision, the table with the cells and rows resting on 1 … k−1 institutions
   * withheld from the start), no hidden count of a cell resting on 1 … k−1 institutions may be
   * determined, and no shown one may rest on them.
   */
  const institutionsArbitrary = fc.integer({ min: 2, max: 3 }).chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      // Per group, its institutions, each a list of offers (the option each offer chose).
      groups: fc.array(fc.array(fc.array(fc.nat({ max: columns - 1 }), { maxLength: 3 }), { maxLength: 4 }), { minLength: 2, maxLength: 3 }),
    }),
  );

  function listTable({ columns, groups }: { columns: number; groups: number[][][] }) {
    const rows = groups.map((institutions) => Array.from({ length: columns }, (_, c) => institutions.reduce((sum, offers) => sum + offers.filter((option) => option === c).length, 0)));
    const behind = groups.map((institutions) => Array.from({ length: columns }, (_, c) => institutions.filter((offers) => offers.includes(c)).length));
    const rowTotals = rows.map((row) => row.reduce((sum, count) => sum + count, 0));
    const rowBehind = groups.map((institutions) => institutions.filter((offers) => offers.length > 0).length);
    const sum = (table: number[][], c: number) => table.reduce((total, row) => total + row[c]!, 0);
    const margin = Array.from({ length: columns }, (_, c) => sum(rows, c));
    const marginBehind = Array.from({ length: columns }, (_, c) => sum(behind, c));
    return { rows, behind, rowTotals, rowBehind, margin, marginBehind, n: rowTotals.reduce((a, b) => a + b, 0), nBehind: rowBehind.reduce((a, b) => a + b, 0) };
  }

  it("a list's field by a partition: cells are withheld by the institutions behind them, and none resting on fewer than k is determined", () => {
    fc.assert(
      fc.property(institutionsArbitrary, kArbitrary, (list, k) => {
        const table = listTable(list);
        if (small(table.nBehind, k)) return; // the field is hidden as a whole
        const site = { counts: table.margin, respondents: table.marginBehind };
        const marginDecision = ownDecision(k).decide({ path: "options", keys: table.margin.map(String), ...site, total: table.n, totalRespondents: table.nBehind, additive: true });
        if (marginDecision.whole) return;
        const result = protectBreakdown(
          {
            rows: table.rows,
            rowTotals: table.rowTotals,
            additive: true,
            margin: table.margin,
            marginHidden: marginDecision.hidden,
            withheldRows: table.rowBehind.map((count) => small(count, k)),
            withheldCells: table.behind.map((row) => row.map((count) => small(count, k))),
          },
          k,
        );
        const shown = result.hidden.map((row) => row.map((hidden) => !hidden));
        table.behind.forEach((row, r) => row.forEach((count, c) => shown[r]![c] && expect(small(count, k), `cell ${r}:${c} rests on ${count}`).toBe(false)));
        table.marginBehind.forEach((count, c) => !marginDecision.hidden[c] && expect(small(count, k)).toBe(false));
        const published: Published = {
          rows: table.rows,
          shown,
          // A group's entries are shown unless the institutions behind them are fewer than k.
          rowTotals: table.rowTotals.map((total, r) => (small(table.rowBehind[r]!, k) ? null : total)),
          additive: true,
          margin: table.margin,
          marginShown: marginDecision.hidden.map((hidden) => !hidden),
          sensitive: table.behind.map((row) => row.map((count) => small(count, k))),
          marginSensitive: table.marginBehind.map((count) => small(count, k)),
        };
        const found = disclosed(published, k);
        fc.pre(found !== null);
        expect(found, JSON.stringify({ list, k, shown })).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it("a list's field, one overlapping group against the rest: withheld by institutions, the rest's too", () => {
    fc.assert(
      fc.property(institutionsArbitrary, kArbitrary, (list, k) => {
        // Group 0 against all the others (the rest a planner gets by subtraction).
        const table = listTable({ columns: list.columns, groups: [list.groups[0]!, list.groups.slice(1).flat()] });
        if (small(table.nBehind, k)) return;
        const marginDecision = ownDecision(k).decide({ path: "options", keys: table.margin.map(String), counts: table.margin, respondents: table.marginBehind, total: table.n, additive: true });
        if (marginDecision.whole) return;
        const { hidden } = protectGroupAgainstRest(
          { counts: table.rows[0]!, n: table.rowTotals[0]!, respondents: table.behind[0]!, nRespondents: table.rowBehind[0]! },
          { counts: table.margin, n: table.n, hidden: marginDecision.hidden, respondents: table.marginBehind, nRespondents: table.nBehind },
          true,
          k,
        );
        const published: Published = {
          rows: table.rows,
          shown: [hidden.map((cell) => !cell), table.rows[1]!.map(() => false)],
          rowTotals: [small(table.rowBehind[0]!, k) ? null : table.rowTotals[0]!, small(table.rowBehind[1]!, k) ? null : table.rowTotals[1]!],
          additive: true,
          margin: table.margin,
          marginShown: marginDecision.hidden.map((cell) => !cell),
          sensitive: table.behind.map((row) => row.map((count) => small(count, k))),
          marginSensitive: table.marginBehind.map((count) => small(count, k)),
        };
        table.behind[0]!.forEach((count, c) => !hidden[c] && expect(small(count, k)).toBe(false));
        const found = disclosed(published, k);
        fc.pre(found !== null);
        expect(found, JSON.stringify({ list, k, hidden })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("withholds three offers of one institution, though three is not below k = 3 (and one more cell, so the field's n does not give them back)", () => {
    const site = { counts: [3, 3, 4], respondents: [1, 3, 4] };
    expect(withheldByRespondents(site, 3)).toEqual([true, false, false]);
    const decision = ownDecision(3).decide({ path: "options", keys: ["kinder", "jugend", "eltern"], ...site, total: 10, totalRespondents: 8, additive: true });
    expect(decision.hidden).toEqual([true, true, false]);
    // Multiple choice (no total to subtract from): primary only, by institutions.
    expect(ownDecision(3).decide({ path: "options", keys: ["a", "b", "c"], ...site, total: 10, additive: false }).hidden).toEqual([true, false, false]);
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
