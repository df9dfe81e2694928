import { useMemo } from "react";
import { formatFigure, formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { CountTable } from "./chart-data-table.tsx";
import { histogramConfig } from "./chart-configs.ts";
import { ResultChart } from "./result-chart.tsx";
import { binLabel, looksIntegral } from "./result-figures.ts";
import type { NumericResult } from "./result-types.ts";

/**
 * The key figures of a number question: n, mean, median, quartiles, minimum and maximum. Years
 * are written as years, their mean rounded to the year ("2014", not "2.013,5").
 */
export function NumberStatistics({ question }: { question: Pick<NumericResult, "n" | "mean" | "median" | "q1" | "q3" | "min" | "max" | "scale"> }) {
  const { t, lang } = useI18n();
  const format = (value: number | null) => (value === null ? "–" : formatFigure(value, question.scale, lang));
  const figures = [
    { key: "n", label: "n", value: String(question.n) },
    { key: "mean", label: question.scale === "year" ? t("resultsView.meanYear") : t("resultsView.mean"), value: format(question.mean) },
    { key: "median", label: t("resultsView.median"), value: format(question.median) },
    { key: "quartiles", label: t("resultsView.quartiles"), value: question.q1 === null || question.q3 === null ? "–" : `${format(question.q1)} – ${format(question.q3)}` },
    { key: "min", label: t("resultsView.min"), value: format(question.min) },
    { key: "max", label: t("resultsView.max"), value: format(question.max) },
  ];
  return (
    <dl className="number-stats">
      {figures.map((figure) => (
        <div key={figure.key} data-figure={figure.key}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A number question: its key figures and a histogram of its values, with the bins as a table. */
export function NumericFigures({ question, title, fileParts }: { question: NumericResult; title: string; fileParts: string[] }) {
  const { t, lang } = useI18n();
  const bins = useMemo(() => {
    const integral = looksIntegral(question);
    return question.histogram.map((bin) => ({ key: String(bin.from), label: binLabel(bin, integral, lang, question.scale), count: bin.count }));
  }, [question, lang]);
  const sized = useMemo(() => histogramConfig(bins, question.n, lang, t("results.count")), [bins, question.n, lang, t]);
  const n = t("results.answered", { n: question.n });
  const summary = bins.map((bin) => `${bin.label}: ${bin.count} (${formatPercent(bin.count, question.n, lang)})`).join("; ");
  return (
    <>
      <NumberStatistics question={question} />
      {bins.length > 0 && (
        <>
          <ResultChart
            sized={sized}
            title={title}
            subtitle={question.mean === null ? n : `${n} · ${t(question.scale === "year" ? "resultsView.meanYearValue" : "resultsView.meanValue", { value: formatFigure(question.mean, question.scale, lang) })}`}
            fileParts={fileParts}
            label={t("resultsView.histogramLabel", { title, summary: `${n}. ${summary}` })}
          />
          <CountTable caption={title} rows={bins} whole={question.n} />
        </>
      )}
    </>
  );
}
