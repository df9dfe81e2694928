import { useEffect, useRef } from "react";
import type { Model } from "survey-core";
import { useRespondentI18n } from "./respondent-address.tsx";

/** One question the server refused on submit (422 `validation_failed`). */
export interface QuestionError {
  question: string;
  /** Index of the page the question is on. */
  page: number;
  messages: string[];
}

interface ValidationSummaryProps {
  model: Model;
  /** The server's words ("Einige Antworten fehlen …"). */
  message: string;
  errors: QuestionError[];
}

/**
 * What stopped the submit, at the top of the survey: the server's message and each affected
 * question as a button that goes to its page and puts the focus into it. Takes the focus when it
 * appears, so keyboard and screen-reader users land on it (the messages are also at the questions);
 * answered questions leave the list.
 */
export function ValidationSummary({ model, message, errors }: ValidationSummaryProps) {
  const { t } = useRespondentI18n();
  const box = useRef<HTMLDivElement>(null);

  // Once per refused submit (the parent gives each attempt its own key).
  useEffect(() => {
    box.current?.focus();
  }, []);

  return (
    <div ref={box} className="alert alert-error error-summary" role="alert" tabIndex={-1} aria-labelledby="validation-summary-heading" data-testid="validation-summary">
      <h2 id="validation-summary-heading">{t("respond.validationTitle")}</h2>
      <p>{message}</p>
      {errors.length > 0 && (
        <ul>
          {errors.map((entry) => {
            const question = model.getQuestionByName(entry.question);
            const title = question ? question.processedTitle || question.title : entry.question;
            return (
              <li key={entry.question}>
                <button type="button" className="link-button" onClick={() => model.focusQuestion(entry.question)}>
                  {title}
                </button>
                {entry.messages.length > 0 && <span>: {entry.messages.join(" ")}</span>}
                {entry.page >= 0 && <span className="meta"> ({t("respond.onPage", { page: entry.page + 1 })})</span>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
