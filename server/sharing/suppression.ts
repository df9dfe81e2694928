import type { FieldResultJson, QuestionResultJson, ResultsJson } from "../results/result-schemas.ts";
import type { SharedBin, SharedCell, SharedField, SharedItem, SharedMatrixRow, SharedQuestion, SharedResults } from "./shared-results-schema.ts";

/**
 * Small-cell suppression for results that leave the planner's view. Pure functions: results
 * JSON in, shared results JSON out.
 *
 * k is the organisation's smallest shown group (3–10, default 5).
 * - Primary: every count c with 0 < c < k is hidden.
 * - Complementary: in an additive distribution (single choice incl. "other", a matrix row,
 *   histogram bins) the total is shown (n), so one hidden cell could be recovered by
 *   subtraction, and two hidden cells that are both 1 by the sum. While fewer than two cells
 *   are hidden, or the hidden cells' sum equals their number, the smallest shown non-zero cell
 *   is hidden as well; when none is left, the whole distribution is hidden.
 * - Multiple choice is not additive (one respondent, several options): primary only.
 * - A question answered by fewer than k (but some) is hidden as a whole; a view with fewer than
 *   k respondents shows nothing but that.
 * - Means, medians and quartiles only when n ≥ k and no cell of their distribution is hidden
 *   (a mean of a few categories is one more equation, enough to solve for two hidden cells).
 *   Minimum and maximum never (single people's values); the histogram's outer edges are left
 *   open for the same reason. Numbers are shown as their histogram only: the list of distinct
 *   values is a second partition of the same answers, and the two together would undo each other's
 *   suppression.
 * - Free texts never leave: only how many there are (when that is ≥ k).
 * - Inside a repeatable list (paneldynamic) counts are entries, and one institution may list
 *   several: every count there is withheld by the respondents behind it (`respondents` in the
 *   results), not by the entries, so "3 offers" from one institution is a group of one. The
 *   complementary rules then protect the entry counts as above.
 * - Breakdowns by group are not shared (a two-way table needs suppression across both
 *   dimensions at once); no network view asks for one.
 */

export const MIN_CELL_SIZE = { min: 3, max: 10, default: 5 } as const;

export interface DistributionSuppression {
  /** Per cell: withheld. */
  hidden: boolean[];
  /** Every cell is withheld, zeros included: nothing of the distribution can be shown safely. */
  whole: boolean;
}

/**
 * Primary and complementary suppression of one additive distribution whose total is known.
 * Deterministic: complementary cells are taken smallest first, the first of equal ones.
 * `alreadyHidden` marks cells withheld for another reason (the trend withholds a cell whose parts
 * the results page withholds); they count as hidden from the start.
 *
 * @example
 * suppressDistribution([12, 3, 0, 7], 5); // { hidden: [false, true, false, true], whole: false }
 */
export function suppressDistribution(counts: readonly number[], k: number, alreadyHidden?: readonly boolean[]): DistributionSuppression {
  const hidden = counts.map((count, index) => (count > 0 && count < k) || Boolean(alreadyHidden?.[index]));
  for (;;) {
    let hiddenCells = 0;
    let hiddenSum = 0;
    counts.forEach((count, index) => {
      if (hidden[index]) {
        hiddenCells += 1;
        hiddenSum += count;
      }
    });
    if (hiddenCells === 0 || (hiddenCells >= 2 && hiddenSum !== hiddenCells)) return { hidden, whole: false };
    let next = -1;
    counts.forEach((count, index) => {
      if (!hidden[index] && count > 0 && (next < 0 || count < counts[next]!)) next = index;
    });
    if (next < 0) return { hidden: counts.map(() => true), whole: true };
    hidden[next] = true;
  }
}

/** Primary suppression only, for counts that do not add up to a shown total (multiple choice). */
export function suppressPrimary(counts: readonly number[], k: number): boolean[] {
  return counts.map((count) => count > 0 && count < k);
}

/** A count of respondents or entries below k (but not none). */
const isSmall = (count: number, k: number) => count > 0 && count < k;

/**
 * The respondents a figure rests on: inside a repeatable list the results give them beside the
 * count of entries (`respondents`); elsewhere the count is of respondents itself.
 */
const restsOn = (figure: object, count: number): number => respondentsBehind(figure) ?? count;

/** The `respondents` a figure inside a repeatable list carries beside its count of entries, if any. */
const respondentsBehind = (figure: object): number | undefined => {
  const behind = (figure as { respondents?: unknown }).respondents;
  return typeof behind === "number" ? behind : undefined;
};

/** Cells resting on 1 … k−1 respondents: withheld whatever their count of entries. */
export const withheldByRespondents = (site: Pick<DistributionSite, "counts" | "respondents">, k: number): boolean[] =>
  site.counts.map((count, index) => isSmall(site.respondents?.[index] ?? count, k));

const cellsOf = <T extends { value: string; label: { de: string; en: string }; count: number }>(cells: T[], hidden: boolean[]): SharedCell[] =>
  cells.map((cell, index) => ({
    value: cell.value,
    label: cell.label,
    count: hidden[index] ? null : cell.count,
    suppressed: Boolean(hidden[index]),
  }));

export type Body = Record<string, unknown> & { n: number };
type Figures = Omit<SharedItem, "name" | "title" | "type" | "kind">;
type Kind = SharedItem["kind"];

interface Bin {
  from: number;
  to: number;
  count: number;
  respondents?: number;
}

interface Cell {
  value: string;
  label: { de: string; en: string };
  count: number;
  respondents?: number;
}

interface MatrixRow extends Cell {
  n: number;
  distribution: Cell[];
  mean: number | null;
}

const withheld = (): Pick<Figures, "n" | "suppressed"> => ({ n: null, suppressed: true });

/** One distribution of a question as the walker meets it: where it is, its cells, its total. */
export interface DistributionSite {
  /** Where in the question: "options", "histogram", "rows.<value>", "items.<name>.options" … */
  path: string;
  /** The cells' keys (option values, bin positions, column values) and counts. */
  keys: string[];
  counts: number[];
  /** The distribution's n (respondents who answered; a matrix row's n). */
  total: number;
  /** The cells add up to the total (single choice, a matrix row, bins); multiple choice does not. */
  additive: boolean;
  /**
   * Inside a repeatable list, where counts and total are entries: the respondents behind each
   * cell and behind the total. Cells and totals are withheld by these (`withheldByRespondents`).
   */
  respondents?: number[];
  totalRespondents?: number;
}

export interface Decision extends DistributionSuppression {
  /** Means, medians and quartiles stay behind even though this row hides nothing (another row of its table does). */
  statisticsWithheld?: boolean;
}

/**
 * What to withhold of each distribution. The shared views decide per distribution on its own
 * (`ownDecision`); a breakdown by groups decides per table of all groups (protected-breakdown.ts).
 */
export interface Decider {
  k: number;
  decide(site: DistributionSite): Decision;
}

/**
 * Primary and complementary suppression of each distribution on its own (multiple choice: primary
 * only); primary by the respondents behind each cell.
 */
export const ownDecision = (k: number): Decider => ({
  k,
  decide: (site) => {
    const primary = withheldByRespondents(site, k);
    return site.additive ? suppressDistribution(site.counts, k, primary) : { hidden: primary, whole: false };
  },
});

/** The respondents behind each cell, when the cells carry them (inside a repeatable list). */
const respondentsOfCells = (cells: readonly { respondents?: number }[]): { respondents?: number[] } =>
  cells.length > 0 && cells.every((cell) => typeof cell.respondents === "number") ? { respondents: cells.map((cell) => cell.respondents!) } : {};

/** The site's total with the respondents behind it, when the figure carries them. */
const totalOf = (figure: object, total: number): Pick<DistributionSite, "total" | "totalRespondents"> => {
  const behind = respondentsBehind(figure);
  return behind === undefined ? { total } : { total, totalRespondents: behind };
};

const statisticsShown = (decision: Decision) => !decision.hidden.some(Boolean) && !decision.statisticsWithheld;

function choiceFigures(body: Body, decider: Decider, path: string): Figures {
  const { k } = decider;
  const options = (body.options as Cell[]) ?? [];
  const hasMean = "mean" in body && body.mean !== undefined;
  if (isSmall(restsOn(body, body.n), k)) return { ...withheld(), options: [], ...(hasMean ? { mean: null } : {}) };
  const decision = decider.decide({
    path: `${path}options`,
    keys: options.map((option) => option.value),
    counts: options.map((option) => option.count),
    ...respondentsOfCells(options),
    ...totalOf(body, body.n),
    additive: true,
  });
  return {
    n: body.n,
    suppressed: decision.whole,
    options: cellsOf(options, decision.hidden),
    ...(hasMean ? { mean: statisticsShown(decision) ? ((body.mean as number | null) ?? null) : null } : {}),
  };
}

function multipleFigures(body: Body, decider: Decider, path: string): Figures {
  const options = (body.options as Cell[]) ?? [];
  if (isSmall(restsOn(body, body.n), decider.k)) return { ...withheld(), options: [] };
  const decision = decider.decide({
    path: `${path}options`,
    keys: options.map((option) => option.value),
    counts: options.map((option) => option.count),
    ...respondentsOfCells(options),
    ...totalOf(body, body.n),
    additive: false,
  });
  return { n: body.n, suppressed: decision.whole, options: cellsOf(options, decision.hidden) };
}

function numericFigures(body: Body, decider: Decider, path: string): Figures {
  const bins = (body.histogram as Bin[]) ?? [];
  const scale = (body.scale as "number" | "year" | undefined) ?? "number";
  const noStatistics = { mean: null, median: null, q1: null, q3: null };
  // Inside a list: n ≥ k respondents, and (below) no bin withheld, before any statistic is shown.
  if (isSmall(restsOn(body, body.n), decider.k)) return { ...withheld(), scale, ...noStatistics, histogram: [] };
  const decision = decider.decide({
    path: `${path}histogram`,
    keys: bins.map((_, index) => String(index)),
    counts: bins.map((bin) => bin.count),
    ...respondentsOfCells(bins),
    ...totalOf(body, body.n),
    additive: true,
  });
  const { hidden, whole } = decision;
  if (whole) return { n: body.n, suppressed: true, scale, ...noStatistics, histogram: [] };
  const histogram: SharedBin[] = bins.map((bin, index) => ({
    from: index === 0 ? null : bin.from,
    to: index === bins.length - 1 ? null : bin.to,
    count: hidden[index] ? null : bin.count,
    suppressed: Boolean(hidden[index]),
  }));
  const statistics = statisticsShown(decision)
    ? {
        mean: (body.mean as number | null) ?? null,
        median: (body.median as number | null) ?? null,
        q1: (body.q1 as number | null) ?? null,
        q3: (body.q3 as number | null) ?? null,
      }
    : noStatistics;
  return { n: body.n, suppressed: false, scale, ...statistics, histogram };
}

function matrixFigures(body: Body, decider: Decider, path: string): Figures {
  const { k } = decider;
  const rows = (body.rows as MatrixRow[]) ?? [];
  const columns = (body.columns as { value: string; label: { de: string; en: string } }[] | undefined) ?? [];
  const meanOf = body.meanOf === "value" ? ("value" as const) : ("position" as const);
  if (isSmall(restsOn(body, body.n), k)) return { ...withheld(), meanOf, columns, rows: [] };
  const sharedRows: SharedMatrixRow[] = rows.map((row) => {
    const decision = decider.decide({
      path: `${path}rows.${row.value}`,
      keys: row.distribution.map((cell) => cell.value),
      counts: row.distribution.map((cell) => cell.count),
      ...respondentsOfCells(row.distribution),
      ...totalOf(row, row.n),
      additive: true,
    });
    if (isSmall(restsOn(row, row.n), k)) {
      return { value: row.value, label: row.label, n: null, suppressed: true, distribution: cellsOf(row.distribution, row.distribution.map(() => true)), mean: null };
    }
    return {
      value: row.value,
      label: row.label,
      n: row.n,
      suppressed: decision.whole,
      distribution: cellsOf(row.distribution, decision.hidden),
      mean: statisticsShown(decision) ? row.mean : null,
    };
  });
  return { n: body.n, suppressed: false, meanOf, columns, rows: sharedRows };
}

/** Texts and questions that are not aggregated: only how many answered, when that is not small. */
function countOnlyFigures(body: Body, k: number): Figures {
  return isSmall(restsOn(body, body.n), k) ? withheld() : { n: body.n, suppressed: false };
}

/**
 * The shared figures of one question, panel field or multipletext item, walking every
 * distribution it has; `path` names where it sits in its top-level question ("" at the top).
 */
export function figuresOf(kind: Kind, body: Body, decider: Decider, path = ""): Figures & { items?: SharedItem[]; fields?: SharedField[] } {
  const { k } = decider;
  switch (kind) {
    case "choice":
      return choiceFigures(body, decider, path);
    case "multiple":
      return multipleFigures(body, decider, path);
    case "numeric":
      return numericFigures(body, decider, path);
    case "matrix":
      return matrixFigures(body, decider, path);
    case "multipletext": {
      if (isSmall(restsOn(body, body.n), k)) return { ...withheld(), items: [] };
      const items = (body.items as FieldResultJson[]) ?? [];
      return { n: body.n, suppressed: false, items: items.map((item) => shareItem(item, decider, `${path}items.${item.name}.`)) };
    }
    case "paneldynamic": {
      if (isSmall(body.n, k)) return { ...withheld(), entries: null, fields: [] };
      const fields = (body.fields as FieldResultJson[]) ?? [];
      const entries = Number(body.entries ?? 0);
      // The entries rest on the n respondents who listed them. A one-cell distribution, so that a
      // breakdown protects a group's entries like any cell (its groups' entries add up to the whole list's).
      const decision = decider.decide({ path: `${path}entries`, keys: ["entries"], counts: [entries], respondents: [body.n], total: entries, totalRespondents: body.n, additive: false });
      return {
        n: body.n,
        suppressed: false,
        entries: decision.hidden[0] || isSmall(entries, k) ? null : entries,
        fields: fields.map((field) => shareField(field, decider, `${path}fields.${field.name}.`)),
      };
    }
    default:
      return countOnlyFigures(body, k);
  }
}

function identityOf(question: { name: string; title: { de: string; en: string }; type: string; kind: Kind }) {
  return { name: question.name, title: question.title, type: question.type, kind: question.kind };
}

function shareItem(item: FieldResultJson, decider: Decider, path: string): SharedItem {
  const { items: _items, fields: _fields, ...figures } = figuresOf(item.kind, item as unknown as Body, decider, path);
  return { ...identityOf(item), ...figures };
}

function shareField(field: FieldResultJson, decider: Decider, path: string): SharedField {
  const { fields: _fields, ...figures } = figuresOf(field.kind, field as unknown as Body, decider, path);
  return { ...identityOf(field), ...figures };
}

/** One top-level question for a shared view (its group breakdown, if any, is dropped). */
export function shareQuestion(question: QuestionResultJson, k: number, decider: Decider = ownDecision(k)): SharedQuestion {
  return { ...identityOf(question), ...figuresOf(question.kind, question as unknown as Body, decider) };
}

/**
 * The results of a view for people outside the planner's office: suppressed with k. A view with
 * fewer than k respondents shows nothing but that (`respondents: null`, no questions).
 *
 * @example
 * const shared = suppressResults(await surveyResults(db, organisationId, survey, { filter }), 5);
 */
export function suppressResults(results: ResultsJson, k: number): SharedResults {
  if (results.respondents < k) return { respondents: null, questions: [] };
  return { respondents: results.respondents, questions: results.questions.map((question) => shareQuestion(question, k)) };
}

/**
 * A network's own answers for its own view: nothing is suppressed (the answers are its own),
 * but free texts, minima and maxima stay behind as everywhere outside the planner's view.
 */
export function ownResults(results: ResultsJson): SharedResults {
  return { respondents: results.respondents, questions: results.respondents === 0 ? [] : results.questions.map((question) => shareQuestion(question, 1)) };
}
