import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hiddenTogether } from "../client/src/sharing/hidden-share.ts";
import { suppressDistribution, suppressPrimary } from "../server/sharing/suppression.ts";

/**
 * What a network view draws for withheld counts: the hidden cells of an additive distribution
 * together (so the bars add up to n), never a single hidden cell's value; and "< k" only where it
 * is true.
 */

const kArbitrary = fc.integer({ min: 3, max: 10 });
const countsArbitrary = fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 12 });

describe("hidden values in a network view", () => {
  it("draws the hidden cells together only as their sum, which the shown total already tells, and never for one cell", () => {
    fc.assert(
      fc.property(countsArbitrary, kArbitrary, (counts, k) => {
        const n = counts.reduce((sum, count) => sum + count, 0);
        const { hidden } = suppressDistribution(counts, k);
        const cells = counts.map((count, index) => (hidden[index] ? null : count));
        const together = hiddenTogether(cells, n);
        const hiddenCells = counts.filter((_, index) => hidden[index]);
        if (together === null) return;
        // Two or more hidden cells, and the hatched bar is exactly their sum = n − the shown cells.
        expect(hiddenCells.length).toBeGreaterThanOrEqual(2);
        expect(together).toBe(hiddenCells.reduce((sum, count) => sum + count, 0));
        // Bars and hatched bar add up to n.
        expect(cells.reduce<number>((sum, count) => sum + (count ?? 0), 0) + together).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it("never draws a rest that equals one hidden value, nor one without a known total", () => {
    expect(hiddenTogether([12, null, 0, 7], 22)).toBeNull();
    expect(hiddenTogether([5, null, null], null)).toBeNull();
    expect(hiddenTogether([5, null, null, 0], 12)).toBe(7);
    expect(hiddenTogether([null, null, null], 9)).toBe(9);
  });

  it("marks multiple-choice options “< k” truthfully: only counts below k are hidden there", () => {
    fc.assert(
      fc.property(countsArbitrary, kArbitrary, (counts, k) => {
        suppressPrimary(counts, k).forEach((isHidden, index) => {
          if (isHidden) expect(counts[index]!).toBeLessThan(k);
        });
      }),
    );
  });
});
