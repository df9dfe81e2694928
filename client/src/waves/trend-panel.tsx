import { useCallback, useEffect, useState, type ReactNode } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatFigure, type NumberScale } from "../lib/format.ts";
import { useI18n, type I18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { Hidden } from "../sharing/shared-question.tsx";
import { TrendChart, type TrendChartProps } from "./trend-chart.tsx";
import type { SurveyTrend, TrendQuestion, TrendWave, TrendWaveFigures } from "./wave-types.ts";
import "./waves.css";

const formatNumber = (value: number | null, lang: "de" | "en", scale: NumberScale | null = null) =>
  value === null ? "–" : formatFigure(value, scale, lang, 1);
const formatShare = (value: number | null, lang: "de" | "en") => (value === null ? "–" : `${formatNumber(value, lang)}${lang === "de" ? " %" : "%"}`);

function waveName(wave: TrendWave, i18n: I18n): string {
  return wave.waveLabel || wave.title || i18n.t("trend.unlabelled");
}

/** n in words: the number, or "n < k" where a protected wave withholds it. */
function nOf(figures: TrendWaveFigures, wave: TrendWave, i18n: I18n): string {
  return figures.n === null ? i18n.t("networkView.answeredHidden", { k: wave.protection?.k ?? 0 }) : String(figures.n);
}

/** k of a protected wave (for the spoken reason of a withheld cell). */
const kOf = (wave: TrendWave) => wave.protection?.k ?? 0;

/** Waves whose figures can be charted for this question: asked, comparable and answered. */
function chartedWaves(question: TrendQuestion, waves: TrendWave[]) {
  return question.waves
    .map((figures, index) => ({ figures, wave: waves[index]! }))
    .filter(({ figures }) => figures.asked && figures.comparable && figures.n !== null && figures.n > 0);
}

/** Why a wave is left out of the chart, in words; null when it is charted. */
function exclusionOf(figures: TrendWaveFigures, wave: TrendWave, i18n: I18n): string | null {
  const label = waveName(wave, i18n);
  if (!figures.asked) return i18n.t("trend.notAskedWave", { label });
  const n = nOf(figures, wave, i18n);
  if (!figures.comparable) {
    return figures.incomparable === "type_changed"
      ? i18n.t("trend.typeChanged", { label, n })
      : i18n.t("trend.incomparable", { label, version: figures.breakVersion ?? "?", n });
  }
  if (figures.n === null) return i18n.t("trend.withheldWave", { label, k: wave.protection?.k ?? 0 });
  if (figures.n === 0) return i18n.t("trend.noAnswers", { label });
  return null;
}

function chartOf(question: TrendQuestion, waves: TrendWave[], i18n: I18n): TrendChartProps | null {
  const { pick, t } = i18n;
  const charted = chartedWaves(question, waves);
  if (charted.length === 0) return null;
  const title = pick(question.title);
  if (question.kind === "choice" || question.kind === "multiple") {
    const optionLabels = question.options.map((option) => pick(option.label));
    const valueOf = (figures: TrendWaveFigures, index: number) => {
      const option = figures.options[index];
      return option && option.asked ? option.percent : null;
    };
    const summary = charted
      .map(
        ({ figures, wave }) =>
          `${waveName(wave, i18n)} (n = ${figures.n}): ${optionLabels
            .map((label, index) => `${label} ${figures.options[index]?.count === null ? t("networkView.hiddenShort") : formatShare(valueOf(figures, index), i18n.lang)}`)
            .join(", ")}`,
      )
      .join("; ");
    // Up to three waves: options side by side, one bar per wave; more waves: one line per option.
    if (charted.length <= 3) {
      return {
        type: "bar",
        labels: optionLabels,
        datasets: charted.map(({ figures, wave }) => ({ label: `${waveName(wave, i18n)} (n = ${figures.n})`, data: question.options.map((_, index) => valueOf(figures, index)) })),
        valueAxis: t("trend.percentAxis"),
        percent: true,
        label: t("trend.chartLabel", { title, summary }),
      };
    }
    return {
      type: "line",
      labels: charted.map(({ wave }) => waveName(wave, i18n)),
      datasets: question.options.map((option, index) => ({ label: pick(option.label), data: charted.map(({ figures }) => valueOf(figures, index)) })),
      valueAxis: t("trend.percentAxis"),
      percent: true,
      label: t("trend.chartLabel", { title, summary }),
    };
  }
  if (question.kind === "numeric") {
    const summary = charted
      .map(
        ({ figures, wave }) =>
          `${waveName(wave, i18n)} (n = ${figures.n}): ${t("trend.mean")} ${formatNumber(figures.mean, i18n.lang, question.scale)}, ${t("trend.median")} ${formatNumber(figures.median, i18n.lang, question.scale)}`,
      )
      .join("; ");
    return {
      type: "line",
      labels: charted.map(({ wave, figures }) => `${waveName(wave, i18n)} (n = ${figures.n})`),
      datasets: [
        { label: t("trend.mean"), data: charted.map(({ figures }) => figures.mean) },
        { label: t("trend.median"), data: charted.map(({ figures }) => figures.median) },
      ],
      valueAxis: t("trend.meanAxis"),
      percent: false,
      scale: question.scale,
      label: t("trend.chartLabel", { title, summary }),
    };
  }
  if (question.kind === "matrix") {
    const rowLabels = question.rows.map((row) => pick(row.label));
    const summary = charted
      .map(({ figures, wave }) => `${waveName(wave, i18n)}: ${rowLabels.map((label, index) => `${label} ${formatNumber(figures.rows[index]?.mean ?? null, i18n.lang)}`).join(", ")}`)
      .join("; ");
    return {
      type: "bar",
      labels: rowLabels,
      datasets: charted.map(({ figures, wave }) => ({ label: `${waveName(wave, i18n)} (n = ${figures.n})`, data: question.rows.map((_, index) => figures.rows[index]?.mean ?? null) })),
      valueAxis: t("trend.meanAxis"),
      percent: false,
      label: t("trend.chartLabel", { title, summary }),
    };
  }
  return null;
}

/** A count with its share, "not asked", or "ausgeblendet" (withheld in a protected wave). */
function CountCell({ option, lang, notAsked, k }: { option: { count: number | null; percent: number | null; asked: boolean } | undefined; lang: "de" | "en"; notAsked: string; k: number }) {
  if (!option) return <td className="number">–</td>;
  if (!option.asked) return <td className="number trend-not-asked">{notAsked}</td>;
  if (option.count === null) {
    return (
      <td className="number" data-suppressed="true">
        <Hidden k={k} />
      </td>
    );
  }
  return (
    <td className="number">
      {option.count} ({formatShare(option.percent, lang)})
    </td>
  );
}

/** The figures of every wave as a table: the chart's accessible twin, and the numbers for a report. */
function TrendTable({ question, waves }: { question: TrendQuestion; waves: TrendWave[] }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const columns = question.waves.map((figures, index) => ({ figures, wave: waves[index]! }));
  const usable = (figures: TrendWaveFigures) => figures.asked && figures.comparable;
  const head = (
    <thead>
      <tr>
        <th scope="col">{question.kind === "matrix" ? t("trend.row") : t("trend.option")}</th>
        {columns.map(({ wave }) => (
          <th scope="col" className="number" key={wave.surveyId}>
            {waveName(wave, i18n)}
          </th>
        ))}
      </tr>
    </thead>
  );
  const nRow = (
    <tr>
      <th scope="row">{t("trend.answered")}</th>
      {columns.map(({ figures, wave }) => (
        <td className="number" key={wave.surveyId} data-suppressed={figures.asked && figures.n === null ? "true" : undefined}>
          {figures.asked ? nOf(figures, wave, i18n) : "–"}
        </td>
      ))}
    </tr>
  );
  const droppedValues = [...new Set(columns.flatMap(({ figures }) => figures.dropped.map((dropped) => dropped.value)))];
  const droppedLabel = (value: string) => {
    for (const { figures } of columns) {
      const found = figures.dropped.find((dropped) => dropped.value === value);
      if (found) return `${t(found.offered ? "trend.dropped" : "trend.stray")}: ${pick(found.label)}`;
    }
    return value;
  };
  let body: ReactNode;
  if (question.kind === "choice" || question.kind === "multiple") {
    body = (
      <>
        {question.options.map((option, index) => (
          <tr key={option.value}>
            <th scope="row">{pick(option.label)}</th>
            {columns.map(({ figures, wave }) =>
              usable(figures) ? (
                <CountCell key={wave.surveyId} option={figures.options[index]} lang={lang} notAsked={t("trend.notAsked")} k={kOf(wave)} />
              ) : (
                <td key={wave.surveyId} className="number">
                  –
                </td>
              ),
            )}
          </tr>
        ))}
        {droppedValues.map((value) => (
          <tr key={`dropped-${value}`} className="trend-dropped">
            <th scope="row">{droppedLabel(value)}</th>
            {columns.map(({ figures, wave }) => {
              const dropped = figures.dropped.find((entry) => entry.value === value);
              if (dropped && dropped.count === null) {
                return (
                  <td key={wave.surveyId} className="number" data-suppressed="true">
                    <Hidden k={kOf(wave)} />
                  </td>
                );
              }
              return (
                <td key={wave.surveyId} className="number">
                  {dropped ? `${dropped.count} (${formatShare(dropped.percent, lang)})` : "–"}
                </td>
              );
            })}
          </tr>
        ))}
        {nRow}
      </>
    );
  } else if (question.kind === "numeric") {
    body = (
      <>
        {(["mean", "median"] as const).map((statistic) => (
          <tr key={statistic}>
            <th scope="row">{t(statistic === "mean" ? "trend.mean" : "trend.median")}</th>
            {columns.map(({ figures, wave }) => (
              <td key={wave.surveyId} className="number">
                {usable(figures) ? formatNumber(figures[statistic], lang, question.scale) : "–"}
              </td>
            ))}
          </tr>
        ))}
        {nRow}
      </>
    );
  } else if (question.kind === "matrix") {
    body = (
      <>
        {question.rows.map((row, rowIndex) => (
          <MatrixRowGroup key={row.value} label={pick(row.label)} question={question} rowIndex={rowIndex} columns={columns} />
        ))}
        {nRow}
      </>
    );
  } else {
    body = nRow;
  }
  return (
    <details className="data-table">
      <summary>{t("trend.table")}</summary>
      <div className="table-scroll">
        <table>
          <caption>{pick(question.title)}</caption>
          {head}
          <tbody>{body}</tbody>
        </table>
      </div>
    </details>
  );
}

function MatrixRowGroup({ label, question, rowIndex, columns }: { label: string; question: TrendQuestion; rowIndex: number; columns: { figures: TrendWaveFigures; wave: TrendWave }[] }) {
  const { t, pick, lang } = useI18n();
  const usable = (figures: TrendWaveFigures) => figures.asked && figures.comparable;
  return (
    <>
      <tr>
        <th scope="rowgroup" colSpan={columns.length + 1} className="trend-row-group">
          {label}
        </th>
      </tr>
      {question.options.map((column, index) => (
        <tr key={column.value}>
          <th scope="row" className="trend-indent">
            {pick(column.label)}
          </th>
          {columns.map(({ figures, wave }) =>
            usable(figures) ? (
              <CountCell key={wave.surveyId} option={figures.rows[rowIndex]?.options[index]} lang={lang} notAsked={t("trend.notAsked")} k={kOf(wave)} />
            ) : (
              <td key={wave.surveyId} className="number">
                –
              </td>
            ),
          )}
        </tr>
      ))}
      {columns.some(({ figures }) => usable(figures) && (figures.rows[rowIndex]?.dropped.length ?? 0) > 0) && (
        <tr className="trend-dropped">
          <th scope="row" className="trend-indent">
            {t("trend.unmatched")}
          </th>
          {columns.map(({ figures, wave }) => {
            const dropped = usable(figures) ? (figures.rows[rowIndex]?.dropped ?? []) : [];
            if (dropped.some((entry) => entry.count === null)) {
              return (
                <td key={wave.surveyId} className="number" data-suppressed="true">
                  <Hidden k={kOf(wave)} />
                </td>
              );
            }
            const count = dropped.reduce((sum, entry) => sum + (entry.count ?? 0), 0);
            const n = figures.rows[rowIndex]?.n ?? 0;
            return (
              <td key={wave.surveyId} className="number">
                {dropped.length > 0 ? `${count} (${formatShare(n > 0 ? Math.round((count / n) * 1000) / 10 : null, lang)})` : "–"}
              </td>
            );
          })}
        </tr>
      )}
      <tr>
        <th scope="row" className="trend-indent">
          {t("trend.mean")}
        </th>
        {columns.map(({ figures, wave }) => (
          <td key={wave.surveyId} className="number">
            {usable(figures) ? formatNumber(figures.rows[rowIndex]?.mean ?? null, lang) : "–"}
          </td>
        ))}
      </tr>
    </>
  );
}

function TrendQuestionCard({ question, waves, position }: { question: TrendQuestion; waves: TrendWave[]; position: number }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const chart = chartOf(question, waves, i18n);
  const exclusions = question.waves.map((figures, index) => exclusionOf(figures, waves[index]!, i18n)).filter((text): text is string => text !== null);
  const dropped = question.waves
    .map((figures, index) => ({ figures, wave: waves[index]! }))
    .filter(({ figures }) => figures.comparable && figures.dropped.length > 0);
  const anyNotAsked = question.waves.some((figures) => figures.comparable && figures.options.some((option) => !option.asked));
  // Protected waves: a withheld share draws no bar, like a zero; the table tells them apart.
  const anyWithheld = question.waves.some(
    (figures) => figures.options.some((option) => option.count === null) || figures.rows.some((row) => row.n === null || row.options.some((option) => option.count === null)),
  );
  const headingId = `trend-question-${position}`;
  return (
    <section className="card trend-question" aria-labelledby={headingId} data-canon-id={question.canonId}>
      <h3 id={headingId}>{pick(question.title)}</h3>
      <p className="meta">{t("trend.version", { version: question.version })}</p>
      {exclusions.length > 0 && (
        <ul className="trend-notes">
          {exclusions.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      {chart && <TrendChart {...chart} />}
      {!chart && (question.kind === "text" || question.kind === "other") && <p className="empty">{t("trend.notCharted")}</p>}
      {chart && question.kind === "multiple" && <p className="hint">{t("trend.multipleHint")}</p>}
      {chart && (question.kind === "choice" || question.kind === "multiple") && <p className="hint">{t("trend.percentHint")}</p>}
      {dropped.flatMap(({ figures, wave }) =>
        ([true, false] as const).flatMap((offered) => {
          const entries = figures.dropped.filter((entry) => entry.offered === offered);
          if (entries.length === 0) return [];
          const items = entries
            .map((entry) =>
              entry.count === null
                ? t("trend.droppedItemHidden", { option: pick(entry.label) })
                : t("trend.droppedItem", { option: pick(entry.label), count: entry.count, percent: formatShare(entry.percent, lang) }),
            )
            .join(", ");
          return [
            <p key={`${wave.surveyId}-${offered}`} className="hint trend-dropped-note">
              {t(offered ? "trend.droppedNote" : "trend.strayNote", { label: waveName(wave, i18n), items })}
            </p>,
          ];
        }),
      )}
      {anyNotAsked && <p className="hint">{t("trend.notAskedNote")}</p>}
      {chart && anyWithheld && <p className="hint">{t("trend.withheldInChart")}</p>}
      <TrendTable question={question} waves={waves} />
    </section>
  );
}

/**
 * "Entwicklung": the survey's canon questions across the waves of its series, older item versions
 * put onto the newest version's options (the server does the mapping). Per question a chart
 * (grouped bars for up to three waves, lines for more; numbers by mean and median, matrices by
 * row mean) with its data table, and in words which waves are left out and why.
 */
export function TrendPanel({ surveyId }: { surveyId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [trend, setTrend] = useState<SurveyTrend | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api
      .get<SurveyTrend>(`/surveys/${encodeURIComponent(surveyId)}/trend`)
      .then((answer) => {
        setTrend(answer);
        setError(null);
      })
      .catch(setError);
  }, [surveyId]);
  useEffect(load, [load]);
  const protection = trend?.waves.find((wave) => wave.protection !== null)?.protection ?? null;

  return (
    <section className="trend" aria-labelledby="trend-heading">
      <div className="toolbar">
        <h2 id="trend-heading">{t("trend.heading")}</h2>
        <button type="button" onClick={load}>
          {t("common.refresh")}
        </button>
      </div>
      <ErrorAlert error={error} />
      {!trend && !error && <Loading />}
      {trend && !trend.inSeries && <p className="empty">{t("trend.notInSeries")}</p>}
      {trend && trend.inSeries && trend.series && (
        <>
          <p className="meta">{t("trend.series", { series: trend.series.name, count: trend.waves.length })}</p>
          <ul className="trend-waves">
            {trend.waves.map((wave) => (
              <li key={wave.surveyId} aria-current={wave.current ? "true" : undefined}>
                {t("trend.waveRespondents", { label: waveName(wave, i18n), n: wave.respondents })}
                {wave.protection && ` ${t("trend.waveProtected", { mode: wave.protection.mode })}`}
              </li>
            ))}
          </ul>
          {protection && <p className="hint trend-protected-note">{t("trend.protectedNote", { k: protection.k })}</p>}
          {trend.waves.length < 2 && <p className="empty">{t("trend.oneWave", { series: trend.series.name })}</p>}
          {trend.waves.length >= 2 && trend.questions.length === 0 && <p className="empty">{t("trend.noQuestions")}</p>}
          {trend.waves.length >= 2 &&
            trend.questions.map((question, index) => <TrendQuestionCard key={question.canonId} question={question} waves={trend.waves} position={index} />)}
        </>
      )}
    </section>
  );
}
