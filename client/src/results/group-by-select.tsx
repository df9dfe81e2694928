import { useId } from "react";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { choiceQuestions, type CatalogueQuestion } from "./question-catalogue.ts";
import type { GroupBy, RecipientGrouping } from "./result-types.ts";
import { RECIPIENT_GROUPINGS } from "./results-url.ts";

export const GROUPING_LABELS: Record<RecipientGrouping, MessageKey> = {
  district: "resultsView.criterion.district",
  kind: "resultsView.criterion.kind",
  type: "resultsView.criterion.type",
  lifePhase: "resultsView.criterion.lifePhase",
  fieldOfAction: "resultsView.criterion.fieldOfAction",
  network: "resultsView.criterion.network",
};

const QUESTION_PREFIX = "q:";

const valueOf = (groupBy: GroupBy | null) => (!groupBy ? "" : "question" in groupBy ? `${QUESTION_PREFIX}${groupBy.question}` : groupBy.recipient);

/** The grouping in words ("Sozialraum", or a question's title). */
export function groupingText(groupBy: GroupBy, catalogue: CatalogueQuestion[], t: (key: MessageKey) => string, pick: (text: { de: string; en: string }) => string): string {
  if ("recipient" in groupBy) return t(GROUPING_LABELS[groupBy.recipient]);
  const question = catalogue.find((candidate) => candidate.name === groupBy.question);
  return question ? pick(question.title) : groupBy.question;
}

/** "Gruppieren nach": an attribute of the recipients' directory entries, or the answer to a choice question. */
export function GroupBySelect({ groupBy, catalogue, onChange }: { groupBy: GroupBy | null; catalogue: CatalogueQuestion[]; onChange: (next: GroupBy | null) => void }) {
  const { t, pick } = useI18n();
  const id = useId();
  const questions = choiceQuestions(catalogue);
  return (
    <div className="field field-medium results-group-by">
      <label htmlFor={`${id}-group`}>{t("resultsView.groupBy")}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("resultsView.groupByHint")}
      </p>
      <select
        id={`${id}-group`}
        aria-describedby={`${id}-hint`}
        value={valueOf(groupBy)}
        onChange={(event) => {
          const value = event.target.value;
          if (!value) onChange(null);
          else if (value.startsWith(QUESTION_PREFIX)) onChange({ question: value.slice(QUESTION_PREFIX.length) });
          else onChange({ recipient: value as RecipientGrouping });
        }}
      >
        <option value="">{t("resultsView.groupNone")}</option>
        <optgroup label={t("resultsView.groupRecipients")}>
          {RECIPIENT_GROUPINGS.map((grouping) => (
            <option key={grouping} value={grouping}>
              {t(GROUPING_LABELS[grouping])}
            </option>
          ))}
        </optgroup>
        {questions.length > 0 && (
          <optgroup label={t("resultsView.groupQuestions")}>
            {questions.map((question) => (
              <option key={question.name} value={`${QUESTION_PREFIX}${question.name}`}>
                {pick(question.title)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
