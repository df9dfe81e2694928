import { useMemo } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { CountTable } from "./chart-data-table.tsx";
import { barsConfig } from "./chart-configs.ts";
import { ResultChart } from "./result-chart.tsx";
import { formatNumber } from "./result-figures.ts";
import type { ChoiceResult } from "./result-types.ts";
import { TextAnswers } from "./text-answers.tsx";

/**
 * A choice or multiple-choice question: bars with each option's count and share of the
 * respondents who answered (with multiple choice the shares add up to more than 100 %), the mean
 * of a rating, the data table and the texts written into "other".
 */
export function ChoiceFigures({ question, title, fileParts }: { question: ChoiceResult; title: string; fileParts: string[] }) {
  const { t, pick, lang } = useI18n();
  const bars = useMemo(() => question.options.map((option) => ({ key: option.value, label: pick(option.label), count: option.count })), [question, pick]);
  const sized = useMemo(() => barsConfig(bars, question.n, lang, t("results.count")), [bars, question.n, lang, t]);
  const summary = bars.map((bar) => `${bar.label}: ${bar.count} (${formatPercent(bar.count, question.n, lang)})`).join("; ");
  const mean = question.mean === undefined || question.mean === null ? null : formatNumber(question.mean, lang);
  const n = t("results.answered", { n: question.n });
  const otherTexts = question.other?.texts ?? [];
  return (
    <>
      {(question.kind === "multiple" || mean !== null) && (
        <p className="meta">
          {question.kind === "multiple" && t("resultsView.multipleHint")}
          {question.kind === "multiple" && mean !== null && " "}
          {mean !== null && <strong className="result-mean">{t("resultsView.meanValue", { value: mean })}</strong>}
        </p>
      )}
      <ResultChart
        sized={sized}
        title={title}
        subtitle={mean === null ? n : `${n} · ${t("resultsView.meanValue", { value: mean })}`}
        fileParts={fileParts}
        label={t("results.chartLabel", { title, summary: `${n}. ${summary}` })}
      />
      <CountTable caption={title} rows={bars} whole={question.n} />
      {otherTexts.length > 0 && (
        <>
          <p className="meta">
            {t("resultsView.otherTexts", {
              label: pick(question.options.find((option) => option.value === "other")?.label ?? { de: "Sonstiges", en: "Other" }),
              n: question.other?.total ?? otherTexts.length,
            })}
          </p>
          <TextAnswers texts={otherTexts} />
        </>
      )}
    </>
  );
}
