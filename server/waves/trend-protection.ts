/**
 * The trend's figures of a wave whose survey is pseudonymous or anonymous. Within a wave the trend
 * and the wave's results page must never disagree (two views of the same respondents: a figure
 * shown in one and withheld in the other could be subtracted), so they are made from the results
 * page's own protected figures (protected-results.ts, `protectedOverall`): the same cells, the
 * same decisions, put onto the newest version's options through the wave's option mapping.
 *
 * - A wave with fewer than k respondents, or a question answered by fewer than k, shows nothing
 *   but that (n null).
 * - A trend cell made of several of the wave's cells (two old options that became one) is shown
 *   only when the results page shows every part: then it is their sum (single choice, matrix rows)
 *   and adds nothing the page does not show. In a multiple-choice question a respondent who chose
 *   both parts counts once, so the merged count is not the sum and would give away how many chose
 *   both: it is withheld unless at most one part is non-zero.
 * - Single choice and matrix rows add up to their n: when merging leaves one withheld cell (or
 *   withheld ones that are all 1), further cells are withheld as on the results page
 *   (`suppressDistribution`, smallest first). Multiple choice: primary only, as there.
 * - Means and medians only where the results page shows them (numbers), and a matrix row's mean
 *   only when nothing in the trend's row is withheld.
 * - Dropped values are ordered without their withheld counts (shown ones by count, then the rest by
 *   value), so the order gives nothing away.
 */
import type { QuestionResultJson } from "../results/result-schemas.ts";
import type { SharedCell, SharedQuestion } from "../sharing/shared-results-schema.ts";
import { suppressDistribution } from "../sharing/suppression.ts";
import type { OptionLabel } from "../lib/question-options.ts";
import type { TrendDropped, TrendKind, TrendMatrixRow, TrendOption, TrendWaveFigures } from "./trend.ts";
import { percentOf } from "./wave-share.ts";

/** How one wave's values are put onto the newest version (worked out by trend.ts). */
export interface WaveMapping {
  kind: TrendKind;
  /** The newest version's options (matrix: columns) and matrix rows. */
  target: OptionLabel[];
  targetRows: OptionLabel[];
  /** Target values some option of the wave's version maps onto (others were not asked then). */
  askedValues: Set<string>;
  /** The wave's own options, for the labels of dropped values. */
  ownOptions: OptionLabel[];
  map: (value: string) => string | null;
  /** Matrix: each target column's score for row means. */
  scores: Map<string, number>;
}

/** A question of the wave's results: the true figures and what the results page shows of them. */
export interface WaveQuestion {
  raw: QuestionResultJson;
  shared: SharedQuestion;
}

interface RawCell {
  value: string;
  label: { de: string; en: string };
  count: number;
}

type Body = Record<string, unknown>;

/** One distribution (a choice question's options, a matrix row's columns) of the wave onto the newest version's cells. */
function protectedDistribution(raw: RawCell[], shared: SharedCell[], n: number, additive: boolean, mapping: WaveMapping, k: number): { options: TrendOption[]; dropped: TrendDropped[] } {
  const declared = new Set(mapping.target.map((option) => option.value));
  const withheld = new Map(shared.map((cell) => [cell.value, cell.count === null] as const));
  interface Merged {
    key: string;
    dropped: boolean;
    label: { de: string; en: string } | null;
    sum: number;
    nonZeroParts: number;
    partWithheld: boolean;
  }
  const merged = new Map<string, Merged>();
  const cellOf = (key: string, dropped: boolean) => {
    const id = `${dropped ? "d" : "o"}|${key}`;
    let cell = merged.get(id);
    if (!cell) merged.set(id, (cell = { key, dropped, label: null, sum: 0, nonZeroParts: 0, partWithheld: false }));
    return cell;
  };
  for (const option of mapping.target) cellOf(option.value, false);
  for (const part of raw) {
    const next = mapping.map(part.value);
    const dropped = next === null || !declared.has(next);
    const cell = cellOf(dropped ? (next ?? part.value) : next, dropped);
    cell.sum += part.count;
    if (part.count > 0) cell.nonZeroParts += 1;
    // A part the results page does not list cannot be shown safely (it is not there to compare with).
    if (withheld.get(part.value) ?? true) cell.partWithheld = true;
    if (dropped && cell.label === null) cell.label = part.label;
  }
  const cells = [...merged.values()].filter((cell) => !cell.dropped || cell.sum > 0 || cell.partWithheld);
  const start = cells.map((cell) => cell.partWithheld || (!additive && cell.nonZeroParts > 1));
  const hidden = additive ? suppressDistribution(cells.map((cell) => cell.sum), k, start).hidden : start;
  const shownCount = (index: number) => (hidden[index] ? null : cells[index]!.sum);

  const options: TrendOption[] = [];
  const dropped: (TrendDropped & { order: number })[] = [];
  cells.forEach((cell, index) => {
    const count = shownCount(index);
    if (!cell.dropped) {
      options.push({ value: cell.key, count, percent: percentOf(count, n), asked: mapping.askedValues.has(cell.key) });
      return;
    }
    const label =
      mapping.ownOptions.find((option) => option.value === cell.key)?.label ?? mapping.target.find((option) => option.value === cell.key)?.label ?? cell.label ?? { de: cell.key, en: cell.key };
    dropped.push({ value: cell.key, label, count, percent: percentOf(count, n), offered: mapping.ownOptions.some((option) => option.value === cell.key), order: count ?? -1 });
  });
  dropped.sort((a, b) => b.order - a.order || (a.value < b.value ? -1 : 1));
  return { options, dropped: dropped.map(({ order: _order, ...entry }) => entry) };
}

/** The figures of a wave or matrix row that rest on fewer than k: nothing but that. */
const withheld = (base: TrendWaveFigures): TrendWaveFigures => ({ ...base, n: null, options: [], dropped: [], rows: [], mean: null, median: null });

function protectedRow(row: OptionLabel, raw: Body, shared: SharedQuestion, mapping: WaveMapping, k: number): TrendMatrixRow {
  const rawRow = ((raw.rows as (RawCell & { n: number; distribution: RawCell[] })[] | undefined) ?? []).find((candidate) => candidate.value === row.value);
  const sharedRow = (shared.rows ?? []).find((candidate) => candidate.value === row.value);
  const empty = { value: row.value, dropped: [], mean: null };
  if (!rawRow || rawRow.n === 0) {
    return { ...empty, n: 0, options: mapping.target.map((option) => ({ value: option.value, count: 0, percent: null, asked: mapping.askedValues.has(option.value) })) };
  }
  if (!sharedRow || sharedRow.n === null) {
    return { ...empty, n: null, options: mapping.target.map((option) => ({ value: option.value, count: null, percent: null, asked: mapping.askedValues.has(option.value) })) };
  }
  const figures = protectedDistribution(rawRow.distribution, sharedRow.distribution, rawRow.n, true, mapping, k);
  const complete = figures.options.every((option) => option.count !== null) && figures.dropped.every((entry) => entry.count !== null);
  let sum = 0;
  let total = 0;
  for (const option of figures.options) {
    const score = mapping.scores.get(option.value);
    if (score === undefined || option.count === null) continue;
    sum += score * option.count;
    total += option.count;
  }
  return { value: row.value, n: rawRow.n, ...figures, mean: complete && total > 0 ? sum / total : null };
}

/**
 * One question's figures in one protected wave. `question` is null when the wave's results page
 * shows nothing (fewer than k respondents) or does not have the question; `mapping` is null when
 * the wave cannot be compared (only n is given, as for identified waves).
 *
 * @example
 * protectedWaveFigures(base, { raw, shared }, mapping, 5);
 * // { …base, n: 12, options: [{ value: "ja", count: 9, … }, { value: "nein", count: null, percent: null, … }], … }
 */
export function protectedWaveFigures(base: TrendWaveFigures, question: WaveQuestion | null, mapping: WaveMapping | null, k: number): TrendWaveFigures {
  const n = question?.shared.n ?? null;
  if (question === null || n === null) return withheld(base);
  if (mapping === null) return { ...base, n };
  const raw = question.raw as unknown as Body;
  const { shared } = question;
  switch (mapping.kind) {
    case "choice":
    case "multiple":
      if (shared.kind !== mapping.kind) return withheld(base);
      return { ...base, n, ...protectedDistribution((raw.options as RawCell[] | undefined) ?? [], shared.options ?? [], n, mapping.kind === "choice", mapping, k) };
    case "matrix":
      if (shared.kind !== "matrix") return withheld(base);
      return { ...base, n, rows: mapping.targetRows.map((row) => protectedRow(row, raw, shared, mapping, k)) };
    case "numeric":
      if (shared.kind !== "numeric") return withheld(base);
      return { ...base, n, mean: shared.mean ?? null, median: shared.median ?? null };
    default:
      return { ...base, n };
  }
}
