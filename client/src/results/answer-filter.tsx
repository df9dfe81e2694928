import { useId } from "react";
import { useI18n } from "../lib/i18n.ts";
import { filterQuestions, type CatalogueQuestion } from "./question-catalogue.ts";
import type { ResultsView } from "./results-url.ts";

type AnswerCriterion = ResultsView["answer"];

/**
 * "By answer to another question": pick a choice or number question, then the answers that
 * count (any of them matches; with multiple choice, including any of them). The filter applies
 * once a value is ticked.
 */
export function AnswerFilter({
  answer,
  question,
  catalogue,
  onQuestion,
  onChange,
}: {
  answer: AnswerCriterion;
  /** The question picked, even before any value is ticked. */
  question: string;
  catalogue: CatalogueQuestion[];
  onQuestion: (name: string) => void;
  onChange: (next: AnswerCriterion) => void;
}) {
  const { t, pick } = useI18n();
  const id = useId();
  const questions = filterQuestions(catalogue);
  const picked = questions.find((candidate) => candidate.name === question);
  const chosen = answer && answer.question === question ? answer.values : [];

  function toggle(value: string, on: boolean) {
    const values = on ? [...chosen, value] : chosen.filter((entry) => entry !== value);
    onChange(values.length > 0 ? { question, values } : null);
  }

  return (
    <div className="results-answer-filter">
      <div className="field field-medium">
        <label htmlFor={`${id}-question`}>{t("resultsView.answerQuestion")}</label>
        <select
          id={`${id}-question`}
          value={question}
          onChange={(event) => {
            onQuestion(event.target.value);
            if (answer) onChange(null);
          }}
        >
          <option value="">{t("resultsView.answerNone")}</option>
          {questions.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {pick(candidate.title)}
            </option>
          ))}
        </select>
      </div>
      {picked && (
        <fieldset className="directory-filter-options results-answer-values">
          <legend>{t("resultsView.answerValues", { title: pick(picked.title) })}</legend>
          {picked.values.map((value) => (
            <label key={value.value} className="check">
              <input type="checkbox" checked={chosen.includes(value.value)} onChange={(event) => toggle(value.value, event.target.checked)} />
              {pick(value.label)}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
