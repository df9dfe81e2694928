import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResultQuestion } from "../server/results/question-kinds.ts";
import type { QuestionResultJson, ResultsJson } from "../server/results/result-schemas.ts";
import type { SharedQuestion, SharedResults } from "../server/sharing/shared-results-schema.ts";
import { ownResults, suppressDistribution, suppressPrimary, suppressResults } from "../server/sharing/suppression.ts";
import { FOLDED_VALUE, foldUndeclaredValues } from "../server/sharing/undeclared-values.ts";

/**
 * Small-cell suppression, checked as an attacker would: from what a shared view shows (the shown
 * cells, the total, that hidden cells are not zero when zeros are shown, that at least one hidden
 * cell is below k, and even that complementary cells are never larger than a shown one), every
 * hidden cell must still be open to at least two values.
 */

const kArbitrary = fc.integer({ min: 3, max: 10 });
const countsArbitrary = fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 12 });

/** What an observer of one distribution knows. */
interface Observation {
  /** Per cell: the shown count, or null when hidden. */
  cells: (number | null)[];
  /** The hidden cells' sum lies in this range (exact when the total is shown). */
  hiddenSum: [number, number];
  /** Least value of a hidden cell: 1 when zeros are shown (a hidden cell is not zero), else 0. */
  lowest: number;
  /** Greatest value of a hidden cell. */
  highest: number;
  k: number;
}

/**
 * The observation of a suppressed distribution: as a shared view shows it. A total below k (but
 * not none) hides the question entirely: then nothing is shown but that the total is below k.
 */
function observe(counts: number[], k: number, algorithmKnown: boolean): Observation {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total > 0 && total < k) return { cells: counts.map(() => null), hiddenSum: [1, k - 1], lowest: 0, highest: k - 1, k };
  const { hidden, whole } = suppressDistribution(counts, k);
  const cells = counts.map((count, index) => (hidden[index] ? null : count));
  const shown = cells.reduce<number>((sum, cell) => sum + (cell ?? 0), 0);
  const shownNonZero = cells.filter((cell): cell is number => cell !== null && cell > 0);
  // Knowing the algorithm: complementary cells are taken smallest first, primary ones are < k ≤
  // every shown non-zero cell, so no hidden cell exceeds the smallest shown non-zero one.
  const highest = algorithmKnown && !whole && shownNonZero.length > 0 ? Math.min(...shownNonZero) : total;
  return { cells, hiddenSum: [total - shown, total - shown], lowest: whole ? 0 : 1, highest, k };
}

/**
 * Every value each hidden cell takes among all assignments consistent with the observation,
 * enumerated literally (for small cases).
 */
function bruteForceValues(observation: Observation): Map<number, Set<number>> {
  const hiddenIndexes = observation.cells.flatMap((cell, index) => (cell === null ? [index] : []));
  const values = new Map(hiddenIndexes.map((index) => [index, new Set<number>()]));
  const [sumMin, sumMax] = observation.hiddenSum;
  const assignment: number[] = [];
  const walk = (position: number, sum: number) => {
    if (position === hiddenIndexes.length) {
      if (sum >= sumMin && sum <= sumMax && assignment.some((value) => value < observation.k)) {
        assignment.forEach((value, at) => values.get(hiddenIndexes[at]!)!.add(value));
      }
      return;
    }
    for (let value = observation.lowest; value <= observation.highest && sum + value <= sumMax; value++) {
      assignment.push(value);
      walk(position + 1, sum + value);
      assignment.pop();
    }
  };
  walk(0, 0);
  return values;
}

/**
 * The same set of values, by dynamic programming over the other hidden cells (exact, and fast
 * enough for 12 cells of up to 40). The constraints are the same for every hidden cell, so one
 * set serves them all.
 */
function possibleValues(observation: Observation): Set<number> {
  const hiddenCount = observation.cells.filter((cell) => cell === null).length;
  const { lowest, highest, k } = observation;
  const [sumMin, sumMax] = observation.hiddenSum;
  const size = sumMax + 1;
  // Sums the other cells reach without / with a cell below k.
  let without = new Uint8Array(size);
  let withSmall = new Uint8Array(size);
  without[0] = 1;
  for (let cell = 0; cell < hiddenCount - 1; cell++) {
    const nextWithout = new Uint8Array(size);
    const nextWithSmall = new Uint8Array(size);
    for (let sum = 0; sum < size; sum++) {
      if (!without[sum] && !withSmall[sum]) continue;
      for (let value = lowest; value <= highest && sum + value < size; value++) {
        if (without[sum]) (value < k ? nextWithSmall : nextWithout)[sum + value] = 1;
        if (withSmall[sum]) nextWithSmall[sum + value] = 1;
      }
    }
    without = nextWithout;
    withSmall = nextWithSmall;
  }
  const values = new Set<number>();
  for (let value = lowest; value <= Math.min(highest, sumMax); value++) {
    for (let rest = Math.max(0, sumMin - value); rest <= sumMax - value; rest++) {
      if (withSmall[rest] || (without[rest] && value < k)) {
        values.add(value);
        break;
      }
    }
  }
  return values;
}

describe("suppressing one distribution", () => {
  it("hides small cells and the next smallest to protect them", () => {
    expect(suppressDistribution([12, 3, 0, 7], 5)).toEqual({ hidden: [false, true, false, true], whole: false });
    expect(suppressDistribution([12, 3, 2, 7], 5)).toEqual({ hidden: [false, true, true, false], whole: false });
    // Two ones would be recovered from their sum: one more goes.
    expect(suppressDistribution([12, 1, 1, 7], 5)).toEqual({ hidden: [false, true, true, true], whole: false });
    expect(suppressDistribution([3, 0, 0], 5)).toEqual({ hidden: [true, true, true], whole: true });
    expect(suppressDistribution([1, 1, 0], 5)).toEqual({ hidden: [true, true, true], whole: true });
    expect(suppressDistribution([5, 5, 0], 5)).toEqual({ hidden: [false, false, false], whole: false });
    expect(suppressPrimary([5, 4, 1, 0], 5)).toEqual([false, true, true, false]);
  });

  it("(a) shows no non-zero count below k", () => {
    fc.assert(
      fc.property(countsArbitrary, kArbitrary, (counts, k) => {
        const { hidden } = suppressDistribution(counts, k);
        counts.forEach((count, index) => {
          if (!hidden[index] && count > 0) expect(count).toBeGreaterThanOrEqual(k);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("(b) leaves every hidden cell open to two values or more (brute force over all consistent assignments, small cases)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 5 }), kArbitrary, fc.boolean(), (counts, k, algorithmKnown) => {
        const observation = observe(counts, k, algorithmKnown);
        for (const [index, values] of bruteForceValues(observation)) {
          expect(values.size, `cell ${index} of ${JSON.stringify(counts)} (k = ${k}) is recoverable: ${[...values]}`).toBeGreaterThanOrEqual(2);
          expect(values.has(counts[index]!), `the true value of cell ${index} must be consistent`).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("(b) leaves every hidden cell open to two values or more (exact enumeration, 1–12 cells of 0–40)", () => {
    fc.assert(
      fc.property(countsArbitrary, kArbitrary, fc.boolean(), (counts, k, algorithmKnown) => {
        const observation = observe(counts, k, algorithmKnown);
        if (observation.cells.every((cell) => cell !== null)) return;
        const values = possibleValues(observation);
        expect(values.size, `${JSON.stringify(counts)} (k = ${k}): hidden cells can only be ${[...values]}`).toBeGreaterThanOrEqual(2);
        counts.forEach((count, index) => {
          if (observation.cells[index] === null) expect(values.has(count)).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("the enumeration by dynamic programming agrees with the brute force", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10 }), { minLength: 1, maxLength: 5 }), kArbitrary, fc.boolean(), (counts, k, algorithmKnown) => {
        const observation = observe(counts, k, algorithmKnown);
        const union = new Set<number>();
        for (const values of bruteForceValues(observation).values()) for (const value of values) union.add(value);
        if (union.size === 0) return;
        expect([...possibleValues(observation)].sort((a, b) => a - b)).toEqual([...union].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });

  it("(c) is deterministic and hides no more than needed", () => {
    fc.assert(
      fc.property(countsArbitrary, kArbitrary, (counts, k) => {
        const first = suppressDistribution(counts, k);
        expect(suppressDistribution([...counts], k)).toEqual(first);
        const primary = counts.filter((count) => count > 0 && count < k);
        const hiddenCounts = counts.filter((_, index) => first.hidden[index]);
        if (primary.length === 0) {
          // Nothing small: nothing hidden.
          expect(first).toEqual({ hidden: counts.map(() => false), whole: false });
          return;
        }
        const primarySum = primary.reduce((sum, count) => sum + count, 0);
        if (primary.length >= 2 && primarySum !== primary.length) {
          // The small cells protect each other: exactly they are hidden.
          expect(first.hidden).toEqual(counts.map((count) => count > 0 && count < k));
          return;
        }
        if (first.whole) {
          // Hidden as a whole only when no shown non-zero cell was left to hide.
          expect(counts.filter((count) => count >= k)).toEqual([]);
          return;
        }
        // Exactly one complementary cell, the smallest of the large ones.
        expect(hiddenCounts.length).toBe(primary.length + 1);
        const complementary = hiddenCounts.filter((count) => count >= k);
        expect(complementary).toEqual([Math.min(...counts.filter((count) => count >= k))]);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Whole results

const localized = (text: string) => ({ de: text, en: text });
const SECRET = "Frau Müller aus der Kita Sonnenschein";

const cellsArbitrary = (size: { min: number; max: number }) => fc.array(fc.nat({ max: 30 }), { minLength: size.min, maxLength: size.max });
const cellsOf = (counts: number[], prefix = "o") => counts.map((count, index) => ({ value: `${prefix}${index}`, label: localized(`${prefix} ${index}`), count }));
const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);
const statistic = fc.option(fc.double({ min: -100, max: 1000, noNaN: true }), { nil: null });

const choiceBody = fc.record({ counts: cellsArbitrary({ min: 1, max: 8 }), mean: fc.option(statistic, { nil: undefined }) }).map(({ counts, mean }) => ({
  n: sum(counts),
  options: cellsOf(counts),
  other: { count: counts[0] ?? 0, total: 1, texts: [SECRET] },
  ...(mean === undefined ? {} : { mean }),
}));

const multipleBody = fc.record({ counts: cellsArbitrary({ min: 1, max: 8 }), extra: fc.nat({ max: 10 }) }).map(({ counts, extra }) => ({
  n: Math.max(0, ...counts) + extra,
  options: cellsOf(counts),
}));

const numericBody = fc
  .record({ bins: cellsArbitrary({ min: 1, max: 12 }), mean: statistic, median: statistic, q1: statistic, q3: statistic, min: statistic, max: statistic })
  .map(({ bins, ...statistics }) => ({
    n: sum(bins),
    ...statistics,
    histogram: bins.map((count, index) => ({ from: index * 5, to: index * 5 + 5, count })),
    options: bins.map((count, index) => ({ value: String(index), label: localized(String(index)), count })),
  }));

const matrixBody = fc.array(fc.record({ counts: cellsArbitrary({ min: 3, max: 3 }), mean: statistic }), { minLength: 1, maxLength: 4 }).map((rows) => ({
  n: Math.max(...rows.map((row) => sum(row.counts))),
  rows: rows.map((row, index) => {
    const distribution = cellsOf(row.counts, "c");
    return { value: `r${index}`, label: localized(`Zeile ${index}`), n: sum(row.counts), distribution, options: distribution, mean: row.mean };
  }),
}));

const textBody = fc.nat({ max: 30 }).map((n) => ({ n, total: n, texts: n > 0 ? [SECRET] : [] }));

const identity = (kind: string, index: number, type = "radiogroup") => ({ name: `q${index}`, title: localized(`Frage ${index}`), type, kind });

const fieldArbitrary = fc.oneof(
  choiceBody.map((body) => ({ kind: "choice" as const, body })),
  numericBody.map((body) => ({ kind: "numeric" as const, body: { ...body, scale: "number" } })),
  textBody.map((body) => ({ kind: "text" as const, body })),
);

const questionArbitrary = fc.oneof(
  choiceBody.map((body) => ({ kind: "choice", body })),
  multipleBody.map((body) => ({ kind: "multiple", body })),
  numericBody.map((body) => ({ kind: "numeric", body: { ...body, scale: "number" } })),
  matrixBody.map((body) => ({ kind: "matrix", body: { ...body, meanOf: "position", columns: [0, 1, 2].map((index) => ({ value: `c${index}`, label: localized(`Spalte ${index}`) })) } })),
  textBody.map((body) => ({ kind: "text", body })),
  fc.nat({ max: 30 }).map((n) => ({ kind: "other", body: { n } })),
  fc.record({ n: fc.nat({ max: 30 }), items: fc.array(fieldArbitrary.filter((field) => field.kind !== "choice"), { maxLength: 3 }) }).map(({ n, items }) => ({
    kind: "multipletext",
    body: { n, items: items.map((item, index) => ({ ...identity(item.kind, index, "text"), ...item.body })) },
  })),
  // A matrix of drop-downs: a multipletext whose items are its cells, choices among them.
  fc.record({ n: fc.nat({ max: 30 }), cells: fc.array(fc.oneof(fieldArbitrary, multipleBody.map((body) => ({ kind: "multiple" as const, body }))), { minLength: 1, maxLength: 4 }) }).map(({ n, cells }) => ({
    kind: "multipletext",
    type: "matrixdropdown",
    body: { n, items: cells.map((cell, index) => ({ ...identity(cell.kind, index), ...cell.body })) },
  })),
  // A ranking: a matrix of options × places.
  matrixBody.map((body) => ({
    kind: "matrix",
    type: "ranking",
    body: { ...body, meanOf: "value", columns: [1, 2, 3].map((place) => ({ value: String(place), label: localized(`Platz ${place}`) })) },
  })),
  fc.record({ n: fc.nat({ max: 30 }), extra: fc.nat({ max: 30 }), fields: fc.array(fieldArbitrary, { maxLength: 3 }) }).map(({ n, extra, fields }) => ({
    kind: "paneldynamic",
    body: { n, entries: n + extra, fields: fields.map((field, index) => ({ ...identity(field.kind, index), ...field.body })) },
  })),
);

const resultsArbitrary = fc.record({ respondents: fc.nat({ max: 60 }), questions: fc.array(questionArbitrary, { minLength: 1, maxLength: 8 }), grouped: fc.boolean() }).map(
  ({ respondents, questions, grouped }): ResultsJson =>
    ({
      counts: { invited: 3, opened: 2, draft: 1, submitted: 1 },
      respondents,
      ...(grouped ? { groups: [{ key: "a", label: localized("A"), n: 1 }] } : {}),
      questions: questions.map((question, index) => ({
        ...identity(question.kind, index, (question as { type?: string }).type),
        ...question.body,
        answered: (question.body as { n: number }).n,
        ...(grouped ? { groups: [{ key: "a", ...question.body }] } : {}),
      })),
    }) as unknown as ResultsJson,
);

const COUNT_KEYS = new Set(["count", "n", "entries", "respondents"]);
const NEVER_SHARED = new Set(["texts", "min", "max", "total", "groups", "other", "answered"]);

/** Every count in the JSON, with its path, and every key that must never be shared. */
function walk(value: unknown, path: string, visit: (key: string, value: unknown, path: string) => void): void {
  if (Array.isArray(value)) value.forEach((entry, index) => walk(entry, `${path}[${index}]`, visit));
  else if (value && typeof value === "object") {
    for (const [key, entry] of Object.entries(value)) {
      visit(key, entry, `${path}.${key}`);
      walk(entry, `${path}.${key}`, visit);
    }
  }
}

/** Checks one shown additive distribution of the shared JSON like an attacker (see observe()). */
function expectProtected(cells: { count: number | null; suppressed: boolean }[], total: number, k: number, whole: boolean, where: string) {
  const hidden = cells.filter((cell) => cell.suppressed);
  if (hidden.length === 0) return;
  cells.forEach((cell) => expect(cell.suppressed, where).toBe(cell.count === null));
  const shown = cells.reduce((sum, cell) => sum + (cell.count ?? 0), 0);
  const shownNonZero = cells.flatMap((cell) => (cell.count ? [cell.count] : []));
  const observation: Observation = {
    cells: cells.map((cell) => cell.count),
    hiddenSum: [total - shown, total - shown],
    lowest: whole ? 0 : 1,
    highest: !whole && shownNonZero.length > 0 ? Math.min(...shownNonZero) : total,
    k,
  };
  expect(possibleValues(observation).size, `${where}: hidden cells recoverable`).toBeGreaterThanOrEqual(2);
}

function expectQuestionProtected(question: SharedQuestion | NonNullable<SharedQuestion["fields"]>[number], k: number, where: string) {
  if (question.n === null) {
    expect(question.suppressed).toBe(true);
    return;
  }
  if (question.kind === "choice") {
    expectProtected(question.options ?? [], question.n, k, question.suppressed, where);
    if (question.mean !== undefined && question.mean !== null) expect(question.options!.every((cell) => !cell.suppressed)).toBe(true);
  }
  if (question.kind === "numeric") {
    expectProtected(question.histogram ?? [], question.n, k, false, where);
    const histogram = question.histogram ?? [];
    if (histogram.length > 0) {
      expect(histogram[0]!.from).toBeNull();
      expect(histogram.at(-1)!.to).toBeNull();
    }
    if (question.mean !== null || question.median !== null) expect(histogram.every((bin) => !bin.suppressed)).toBe(true);
  }
  if (question.kind === "matrix") {
    for (const row of question.rows ?? []) {
      if (row.n === null) continue;
      expectProtected(row.distribution, row.n, k, row.suppressed, `${where} row ${row.value}`);
      if (row.mean !== null) expect(row.distribution.every((cell) => !cell.suppressed)).toBe(true);
    }
  }
}

describe("suppressing whole results", () => {
  it("leaves no count below k anywhere, no free text, no minimum or maximum, and protects every distribution", () => {
    fc.assert(
      fc.property(resultsArbitrary, kArbitrary, (results, k) => {
        const shared: SharedResults = suppressResults(results, k);
        const json = JSON.stringify(shared);
        expect(json).not.toContain(SECRET);
        walk(shared, "$", (key, value, path) => {
          expect(NEVER_SHARED.has(key), `${path} must not be shared`).toBe(false);
          if (COUNT_KEYS.has(key) && typeof value === "number") {
            expect(value === 0 || value >= k, `${path} = ${value} is below k = ${k}`).toBe(true);
          }
        });
        if (results.respondents < k) {
          expect(shared).toEqual({ respondents: null, questions: [] });
          return;
        }
        for (const question of shared.questions) {
          expectQuestionProtected(question, k, question.name);
          for (const field of question.fields ?? []) expectQuestionProtected(field, k, `${question.name}.${field.name}`);
          for (const item of question.items ?? []) expectQuestionProtected(item, k, `${question.name}.${item.name}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("keeps a network's own answers as they are, but without texts, minimum and maximum", () => {
    fc.assert(
      fc.property(resultsArbitrary, (results) => {
        const own = ownResults(results);
        expect(JSON.stringify(own)).not.toContain(SECRET);
        expect(own.respondents).toBe(results.respondents);
        if (results.respondents === 0) return;
        results.questions.forEach((question, index) => {
          const shared = own.questions[index]!;
          expect(shared.n).toBe(question.n);
          if (question.kind === "choice") expect(shared.options!.map((cell) => cell.count)).toEqual(question.options.map((cell) => cell.count));
        });
        walk(own, "$", (key, _value, path) => expect(NEVER_SHARED.has(key), `${path} must not be shared`).toBe(false));
      }),
      { numRuns: 100 },
    );
  });

  it("hides a question answered by fewer than k, and the whole view below k respondents", () => {
    const question = {
      ...identity("choice", 1),
      n: 4,
      answered: 4,
      options: cellsOf([3, 1]),
    } as unknown as QuestionResultJson;
    const results = { counts: { invited: 0, opened: 0, draft: 0, submitted: 0 }, respondents: 9, questions: [question] } as unknown as ResultsJson;
    expect(suppressResults(results, 5).questions[0]).toMatchObject({ n: null, suppressed: true, options: [] });
    expect(suppressResults(results, 3).questions[0]).toMatchObject({ n: 4, suppressed: false });
    expect(suppressResults({ ...results, respondents: 4 }, 5)).toEqual({ respondents: null, questions: [] });
  });
});

describe("answer values the questionnaire does not declare", () => {
  it("are folded into one cell for single choice and matrices, and left out for multiple choice", () => {
    const declared = (name: string, kind: ResultQuestion["kind"], options: string[]) =>
      ({ name, kind, options: options.map((value) => ({ value, label: localized(value) })), columns: options.map((value) => ({ value, label: localized(value) })), fields: [] }) as unknown as ResultQuestion;
    const results = {
      respondents: 20,
      questions: [
        { ...identity("choice", 1), n: 20, options: cellsOf([10, 6]).concat([{ value: SECRET, label: localized(SECRET), count: 3 }, { value: "alt", label: localized("alt"), count: 1 }]) },
        { ...identity("multiple", 2), n: 20, options: cellsOf([10]).concat([{ value: SECRET, label: localized(SECRET), count: 3 }]) },
        { ...identity("matrix", 3), n: 20, rows: [{ value: "r", label: localized("r"), n: 20, distribution: cellsOf([12, 7], "c").concat([{ value: SECRET, label: localized(SECRET), count: 1 }]), mean: 1 }] },
      ],
    } as unknown as ResultsJson;
    const folded = foldUndeclaredValues(results, [declared("q1", "choice", ["o0", "o1"]), declared("q2", "multiple", ["o0"]), declared("q3", "matrix", ["c0", "c1"])]);
    expect(JSON.stringify(folded)).not.toContain(SECRET);
    const [choice, multiple, matrix] = folded.questions as any[];
    expect(choice.options.map((cell: { value: string; count: number }) => [cell.value, cell.count])).toEqual([["o0", 10], ["o1", 6], [FOLDED_VALUE, 4]]);
    expect(multiple.options.map((cell: { value: string }) => cell.value)).toEqual(["o0"]);
    expect(matrix.rows[0].distribution.map((cell: { count: number }) => cell.count)).toEqual([12, 7, 1]);
  });
});
