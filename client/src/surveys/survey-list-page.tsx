import { useEffect, useState } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { SurveySummary } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDate } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { ProgressBar } from "../lib/progress-bar.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { NewSurveyForm } from "./new-survey-form.tsx";
import { SurveyActions } from "./survey-actions.tsx";
import { SurveyStatusBadge } from "./survey-status-badge.tsx";

/** The planner's start page: every survey with its state and response rate, and "Neue Umfrage". */
export function SurveyListPage() {
  const { t, lang } = useI18n();
  useDocumentTitle(t("surveys.title"));
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    api
      .get<{ surveys: SurveySummary[] }>("/surveys")
      .then((answer) => setSurveys(answer.surveys))
      .catch(setError);
  }, [reloadKey]);

  return (
    <>
      <h1>{t("surveys.title")}</h1>
      <NewSurveyForm onImported={() => setReloadKey((key) => key + 1)} />
      <ErrorAlert error={error} />
      {!surveys && !error && <Loading />}
      {surveys && surveys.length === 0 && <p className="empty">{t("surveys.empty")}</p>}
      {surveys && surveys.length > 0 && (
        <ul className="survey-list">
          {surveys.map((survey) => (
            <li key={survey.id} className="card survey-card">
              <div className="survey-card-head">
                <h2>
                  <Link href={`/surveys/${survey.id}`}>{survey.title}</Link>
                </h2>
                <SurveyStatusBadge status={survey.status} />
              </div>
              {survey.closingDate && <p className="meta">{t("surveys.closes", { date: formatDate(survey.closingDate, lang) })}</p>}
              <ProgressBar
                value={survey.counts.submitted}
                max={survey.counts.invited}
                label={`${t("surveys.progressLabel")}: ${survey.title}`}
                text={t("surveys.invitedSubmitted", { submitted: survey.counts.submitted, invited: survey.counts.invited })}
              />
              <SurveyActions survey={survey} onDeleted={() => setSurveys((current) => current?.filter((entry) => entry.id !== survey.id) ?? null)} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
