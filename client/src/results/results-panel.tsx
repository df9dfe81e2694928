import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api.ts";
import type { Results, SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useInterval } from "../lib/use-interval.ts";
import { CountTiles } from "./count-tiles.tsx";
import { ExportPanel } from "./export-panel.tsx";
import { GapMatrix } from "../gaps/gap-matrix.tsx";
import { NetworkSharePanel } from "../sharing/network-share-panel.tsx";
import { TrendPanel } from "../waves/trend-panel.tsx";
import { QuestionResult } from "./question-result.tsx";

const POLL_MS = 10_000;

/**
 * "Ergebnisse": the response funnel and every question aggregated on the server. Refreshed by
 * the button, whenever the window regains focus, and every 10 seconds while it is visible.
 */
export function ResultsPanel({ survey }: { survey: SurveyDetail }) {
  const { t, lang } = useI18n();
  const [results, setResults] = useState<Results | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api
      .get<Results>(`/surveys/${survey.id}/results`)
      .then((answer) => {
        setResults(answer);
        setUpdatedAt(new Date());
        setError(null);
      })
      .catch(setError);
  }, [survey.id]);

  useEffect(load, [load]);
  useEffect(() => {
    window.addEventListener("focus", load);
    return () => window.removeEventListener("focus", load);
  }, [load]);
  useInterval(() => {
    if (document.visibilityState === "visible") load();
  }, POLL_MS);

  return (
    <div className="results">
      <div className="toolbar">
        <h2>{t("results.title")}</h2>
        <button type="button" onClick={load}>
          {t("common.refresh")}
        </button>
        <p className="meta">
          {updatedAt ? t("results.updated", { time: formatTime(updatedAt, lang) }) : ""}
        </p>
      </div>
      <ErrorAlert error={error} />
      {!results && !error && <Loading />}
      {results && (
        <>
          <CountTiles counts={results.counts} />
          <ExportPanel surveyId={survey.id} />
          {results.questions.length === 0 && <p className="empty">{t("results.noQuestions")}</p>}
          {results.questions.length > 0 && results.counts.submitted === 0 && <p className="empty">{t("results.noneYet")}</p>}
          {results.questions.map((question, index) => (
            <QuestionResult key={question.name} question={question} position={index} />
          ))}
          <GapMatrix surveyId={survey.id} />
          <TrendPanel surveyId={survey.id} />
          <NetworkSharePanel surveyId={survey.id} />
        </>
      )}
    </div>
  );
}
