/**
 * Small calculations behind the results page's charts and tables, kept free of React and
 * Chart.js so they can be tested on their own.
 */
import { formatAmount, formatFigure, type NumberScale } from "../lib/format.ts";
import { fileNamePart } from "../lib/save-file.ts";

type Language = "de" | "en";

/** A share in percent (0 when there is no base), unrounded. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

/** An amount (a mean, a share) as the reader writes it, at most two decimals ("3,25" in German); never a year. */
export function formatNumber(value: number, lang: Language, maximumFractionDigits = 2): string {
  return formatAmount(value, lang, maximumFractionDigits);
}

/**
 * Whether a number question's values are whole numbers: told by its distinct values when the
 * server lists them, else by bins with whole-number edges of whole-number width.
 */
export function looksIntegral(question: { options: { value: string }[]; histogram: { from: number; to: number }[] }): boolean {
  if (question.options.length > 0) return question.options.every((option) => Number.isInteger(Number(option.value)));
  return question.histogram.every((bin) => Number.isInteger(bin.from) && Number.isInteger(bin.to));
}

/**
 * A histogram bin as a label: a single value for whole-number bins of width 1 ("2019"), an
 * inclusive range for wider whole-number bins ("10–14", "2010–2014"), else "from – to". Years are
 * written as years ("2014"), amounts grouped ("1.000–1.999").
 *
 * @example
 * binLabel({ from: 2014, to: 2015 }, true, "de", "year"); // "2014"
 * binLabel({ from: 1000, to: 2000 }, true, "de", "number"); // "1.000–1.999"
 */
export function binLabel(bin: { from: number; to: number }, integral: boolean, lang: Language, scale: NumberScale = "number"): string {
  const format = (value: number) => formatFigure(value, scale, lang);
  if (integral && Number.isInteger(bin.from) && Number.isInteger(bin.to)) {
    return bin.to - bin.from <= 1 ? format(bin.from) : `${format(bin.from)}–${format(bin.to - 1)}`;
  }
  return `${formatNumber(bin.from, lang)} – ${formatNumber(bin.to, lang)}`;
}

/** One series of a diverging stacked bar chart: a column's signed share per row. */
export interface DivergingSeries {
  /** The matrix column (answer option) this series draws. */
  column: number;
  /** Left of zero (negative values) or right; the middle column of an odd scale is split in two halves. */
  side: "left" | "right";
  /** Signed percentages of each row's answers. */
  values: number[];
}

/**
 * The series of a diverging stacked bar chart of a rating scale (Likert): the first half of the
 * columns left of zero, the second half right, the middle column of an odd scale split across
 * zero. Ordered for stacking (Chart.js stacks outward from zero in dataset order), so column 1
 * ends up at the far left and column k at the far right. Shares are of the row's answers.
 *
 * @example
 * divergingSeries(4, [[1, 1, 2, 0]]);
 * // [{column:1,side:"left",values:[-25]}, {column:0,side:"left",values:[-25]}, {column:2,side:"right",values:[50]}, {column:3,side:"right",values:[0]}]
 */
export function divergingSeries(columnCount: number, rows: number[][]): DivergingSeries[] {
  const totals = rows.map((counts) => counts.reduce((sum, count) => sum + count, 0));
  const share = (column: number, sign: number, part = 1) => rows.map((counts, row) => sign * part * percentOf(counts[column] ?? 0, totals[row] ?? 0));
  const half = Math.floor(columnCount / 2);
  const middle = columnCount % 2 === 1 ? half : null;
  const series: DivergingSeries[] = [];
  if (middle !== null) series.push({ column: middle, side: "left", values: share(middle, -1, 0.5) });
  for (let column = half - 1; column >= 0; column--) series.push({ column, side: "left", values: share(column, -1) });
  if (middle !== null) series.push({ column: middle, side: "right", values: share(middle, 1, 0.5) });
  for (let column = middle === null ? half : half + 1; column < columnCount; column++) series.push({ column, side: "right", values: share(column, 1) });
  return series;
}

/** The PNG file name of a chart: survey, question (and group), e.g. "netzwerkanalyse-2026-network-sphere.png". */
export function chartFileName(surveyTitle: string, ...parts: string[]): string {
  const name = [surveyTitle, ...parts].map(fileNamePart).filter(Boolean).join("-");
  return `${name || "diagramm"}.png`;
}

interface Labelled {
  value: string;
  label: { de: string; en: string };
}

/**
 * The columns of a rating matrix: the declared ones in order, then values found in some row's
 * answers but not declared; and each row's counts in that order.
 */
export function matrixGrid(columns: Labelled[], rows: { distribution: (Labelled & { count: number })[] }[]) {
  const all = [...columns];
  for (const row of rows) {
    for (const cell of row.distribution) if (!all.some((column) => column.value === cell.value)) all.push({ value: cell.value, label: cell.label });
  }
  return {
    columns: all,
    counts: rows.map((row) => all.map((column) => row.distribution.find((cell) => cell.value === column.value)?.count ?? 0)),
  };
}
