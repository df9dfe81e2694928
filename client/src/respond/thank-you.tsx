import { useEffect, useMemo, useRef } from "react";
import { Survey } from "survey-react-ui";
import type { RespondentView } from "../lib/api-types.ts";
import { closingParagraphs } from "../lib/closing-text.ts";
import { formatDateTime } from "../lib/format.ts";
import { createReadOnlyModel, surveyLocale } from "../lib/survey-model.ts";
import { answerRows, answersCsv, answersJson, downloadText, fileSlug } from "./answer-export.ts";
import { definitionText } from "./definition-text.ts";
import { useRespondentI18n } from "./respondent-address.tsx";

interface ThankYouProps {
  view: RespondentView;
  answers: Record<string, unknown>;
  submittedAt: string | null;
  /** Set when the survey still takes changes: back to the editable survey. */
  onEdit?: () => void;
  /** The editable survey is being loaded. */
  editing?: boolean;
}

/**
 * After submitting: thanks, and the answers read-only on one page, so respondents see what
 * they sent (and that something follows from their input), with the planner's closing text.
 * Respondents can keep a copy (JSON, CSV for spreadsheets, print or PDF) and, where the survey
 * allows it, change their answers and submit again.
 */
export function ThankYou({ view, answers, submittedAt, onEdit, editing = false }: ThankYouProps) {
  const { t, lang } = useRespondentI18n();
  const locale = surveyLocale(lang, view.formOfAddress);
  const heading = useRef<HTMLHeadingElement>(null);
  const { definition } = view;
  const model = useMemo(() => {
    const readOnly = createReadOnlyModel(definition, answers, "de");
    // All pages on one: number the questions straight through instead of restarting per page.
    readOnly.showQuestionNumbers = "on";
    return readOnly;
  }, [definition, answers]);

  useEffect(() => {
    model.locale = locale;
  }, [model, locale]);

  // The planner's closing text, as plain text (the server's HTML is never inserted as HTML).
  const closing = useMemo(() => closingParagraphs(definition, lang), [definition, lang]);

  // The view changed under the respondent's feet: move focus to the news.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const title = definitionText(definition.title, lang) || view.title;
  const fileName = `${fileSlug(title)}-${lang === "en" ? "answers" : "antworten"}`;

  function downloadJson() {
    model.locale = locale;
    const json = answersJson(answerRows(model), { survey: title, organisation: view.organisationName, submittedAt, language: lang });
    downloadText(`${fileName}.json`, json, "application/json;charset=utf-8");
  }

  function downloadCsv() {
    model.locale = locale;
    const csv = answersCsv(answerRows(model), [t("respond.csvQuestion"), t("respond.csvAnswer")]);
    downloadText(`${fileName}.csv`, csv, "text/csv;charset=utf-8");
  }

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("respond.thanksTitle")}
      </h1>
      <p className="lead thanks-survey">{title}</p>
      <div className="alert alert-success" role="status">
        <p>{t("respond.thanksText")}</p>
        {submittedAt && <p className="meta">{t("respond.submittedAt", { time: formatDateTime(submittedAt, lang) })}</p>}
      </div>
      {closing.length > 0 && (
        <div className="closing-text">
          {closing.map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </div>
      )}
      {onEdit && (
        <section className="thanks-actions card no-print" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t("respond.editTitle")}</h2>
          <p>{t("respond.editHint")}</p>
          <button type="button" className="button-primary" onClick={onEdit} disabled={editing} data-testid="edit-answers">
            {t("respond.editAnswers")}
          </button>
        </section>
      )}
      {view.anonymousSubmitted && Object.keys(answers).length === 0 ? (
        <p className="alert alert-info" data-testid="anonymous-submitted">
          {t("respond.anonymousSubmitted")}
        </p>
      ) : (
        <>
          <section className="thanks-actions card no-print" aria-labelledby="copy-heading">
            <h2 id="copy-heading">{t("respond.copyTitle")}</h2>
            <p>{t("respond.copyHint")}</p>
            <div className="actions">
              <button type="button" onClick={downloadJson}>
                {t("respond.downloadJson")}
              </button>
              <button type="button" onClick={downloadCsv}>
                {t("respond.downloadCsv")}
              </button>
              <button type="button" onClick={() => window.print()}>
                {t("respond.print")}
              </button>
            </div>
          </section>
          <h2>{t("respond.yourAnswers")}</h2>
          <div className="survey-frame survey-readonly">
            <Survey model={model} />
          </div>
        </>
      )}
    </>
  );
}
