import { useEffect, useId, useState } from "react";
import type { DirectoryChoices } from "../directory/use-directory-choices.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { AnswerFilter } from "./answer-filter.tsx";
import { GroupBySelect } from "./group-by-select.tsx";
import type { CatalogueQuestion } from "./question-catalogue.ts";
import { RecipientFilters } from "./recipient-filters.tsx";
import type { ResultsView } from "./results-url.ts";

/**
 * The filter bar: recipients by their directory entries, responses by the answer to another
 * question, and the grouping. Every change applies at once and lands in the address.
 */
export function ResultsControls({
  view,
  choices,
  choicesError,
  catalogue,
  onChange,
}: {
  view: ResultsView;
  choices: DirectoryChoices | null;
  choicesError: unknown;
  catalogue: CatalogueQuestion[];
  onChange: (next: ResultsView) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [answerQuestion, setAnswerQuestion] = useState(view.answer?.question ?? "");
  // An answer filter from the address (a bookmark, back and forth) shows its question in the picker.
  useEffect(() => {
    if (view.answer) setAnswerQuestion(view.answer.question);
  }, [view.answer]);

  const emptyDirectory = choices !== null && choices.facets.counts.institution + choices.facets.counts.network === 0;
  return (
    <section className="card results-controls no-print" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("resultsView.controls")}</h2>
      <div className="results-control-group">
        <h3>{t("resultsView.byRecipients")}</h3>
        {choices && !emptyDirectory && <RecipientFilters criteria={view.recipients} choices={choices} onChange={(recipients) => onChange({ ...view, recipients })} />}
        {emptyDirectory && <p className="hint">{t("resultsView.noDirectory")}</p>}
        <ErrorAlert error={choicesError} />
      </div>
      <div className="results-control-group">
        <h3>{t("resultsView.byAnswer")}</h3>
        <AnswerFilter
          answer={view.answer}
          question={answerQuestion}
          catalogue={catalogue}
          onQuestion={setAnswerQuestion}
          onChange={(answer) => onChange({ ...view, answer })}
        />
      </div>
      <div className="results-control-group">
        <GroupBySelect groupBy={view.groupBy} catalogue={catalogue} onChange={(groupBy) => onChange({ ...view, groupBy })} />
      </div>
    </section>
  );
}
