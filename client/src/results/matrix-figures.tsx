import { useMemo } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { scaleDirection } from "../lib/likert-colours.ts";
import { MatrixTable } from "./chart-data-table.tsx";
import { divergingConfig, rankingConfig } from "./chart-configs.ts";
import { ResultChart } from "./result-chart.tsx";
import { formatNumber, matrixGrid } from "./result-figures.ts";
import type { MatrixResult } from "./result-types.ts";

/**
 * A rating matrix (Likert): per row a diverging stacked bar of its answers in percent, the
 * row's mean beside its label, and the counts as a table. A ranking is a matrix of options ×
 * places and is shown as one (RankingFigures).
 */
export function MatrixFigures({ question, title, fileParts }: { question: MatrixResult; title: string; fileParts: string[] }) {
  if (question.type === "ranking") return <RankingFigures question={question} title={title} fileParts={fileParts} />;
  return <ScaleFigures question={question} title={title} fileParts={fileParts} />;
}

/**
 * A ranking: the options from the highest mean rank (1 = top) down, each a bar of the places it
 * took, the top place darkest, the mean rank beside its label; the places as a table.
 */
function RankingFigures({ question, title, fileParts }: { question: MatrixResult; title: string; fileParts: string[] }) {
  const { t, pick, lang } = useI18n();
  const ranked = useMemo(
    () => ({ ...question, rows: [...question.rows].sort((a, b) => (a.mean ?? Number.POSITIVE_INFINITY) - (b.mean ?? Number.POSITIVE_INFINITY)) }),
    [question],
  );
  const grid = useMemo(() => matrixGrid(ranked.columns, ranked.rows), [ranked]);
  const rowLabel = (row: MatrixResult["rows"][number]) =>
    row.mean === null ? pick(row.label) : `${pick(row.label)} (${t("resultsView.meanRankShort", { value: formatNumber(row.mean, lang, 1) })})`;
  const sized = useMemo(
    () =>
      rankingConfig(
        ranked.rows.map((row, index) => ({ label: rowLabel(row), counts: grid.counts[index] ?? [] })),
        grid.columns.map((column) => pick(column.label)),
        lang,
      ),
    // rowLabel only depends on the language and the question.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ranked, grid, lang],
  );
  const n = t("results.answered", { n: question.n });
  const summary = ranked.rows.map((row) => rowLabel(row)).join("; ");
  return (
    <>
      <p className="meta">{t("resultsView.rankingHint")}</p>
      <ResultChart sized={sized} title={title} subtitle={n} fileParts={fileParts} label={t("resultsView.rankingLabel", { title, summary: `${n}. ${summary}` })} />
      <MatrixTable caption={title} question={ranked} rowHeader={t("resultsView.rankedOption")} meanHeader={t("resultsView.meanRank")} />
    </>
  );
}

function ScaleFigures({ question, title, fileParts }: { question: MatrixResult; title: string; fileParts: string[] }) {
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
