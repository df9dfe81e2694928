import { useMemo } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { scaleDirection } from "../lib/likert-colours.ts";
import { MatrixTable } from "./chart-data-table.tsx";
import { divergingConfig } from "./chart-configs.ts";
import { ResultChart } from "./result-chart.tsx";
import { formatNumber, matrixGrid } from "./result-figures.ts";
import type { MatrixResult } from "./result-types.ts";

/**
 * A rating matrix (Likert): per row a diverging stacked bar of its answers in percent, the
 * row's mean beside its label, and the counts as a table.
 */
export function MatrixFigures({ question, title, fileParts }: { question: MatrixResult; title: string; fileParts: string[] }) {
  const { t, pick, lang } = useI18n();
  const grid = useMemo(() => matrixGrid(question.columns, question.rows), [question]);
  const rowLabel = (row: MatrixResult["rows"][number]) =>
    row.mean === null ? pick(row.label) : `${pick(row.label)} (${t("resultsView.meanShort", { value: formatNumber(row.mean, lang, 1) })})`;
  const sized = useMemo(
    () =>
      divergingConfig(
        question.rows.map((row, index) => ({ label: rowLabel(row), counts: grid.counts[index] ?? [] })),
        grid.columns.map((column) => pick(column.label)),
        lang,
        scaleDirection(grid.columns.map((column) => ({ value: column.value, label: `${column.label.de} / ${column.label.en}` }))),
      ),
    // rowLabel only depends on the language and the question.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [question, grid, lang],
  );
  const summary = question.rows
    .map((row, index) => {
      const counts = grid.counts[index] ?? [];
      const total = counts.reduce((sum, count) => sum + count, 0);
      const cells = counts.map((count, column) => `${pick(grid.columns[column]!.label)} ${count} (${formatPercent(count, total, lang)})`).join(", ");
      return `${rowLabel(row)}: ${cells}`;
    })
    .join("; ");
  const n = t("results.answered", { n: question.n });
  const meanHint = question.meanOf === "value" ? t("resultsView.meanOfValue") : t("resultsView.meanOfPosition");
  return (
    <>
      <p className="meta">{meanHint}</p>
      <ResultChart sized={sized} title={title} subtitle={n} fileParts={fileParts} label={t("resultsView.divergingLabel", { title, summary: `${n}. ${summary}` })} />
      <MatrixTable caption={title} question={question} />
    </>
  );
}
