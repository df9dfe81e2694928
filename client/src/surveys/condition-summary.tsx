import { useId } from "react";
import { useI18n } from "../lib/i18n.ts";
import type { BuilderElement } from "./builder-structure.ts";
import { isMultipleChoice, parseCondition } from "./condition-expression.ts";

interface ConditionSummaryProps {
  expression: string;
  /** Questions the condition may refer to, for their titles and option labels. */
  questions: BuilderElement[];
  error?: string;
}

/**
 * A stored condition in words ("Nur anzeigen, wenn „…“ ist „Ja“") and as the raw SurveyJS
 * expression; expressions the builder cannot read are shown raw only.
 */
export function ConditionSummary({ expression, questions, error }: ConditionSummaryProps) {
  const { t, pick } = useI18n();
  const errorId = useId();
  const condition = parseCondition(expression);
  const subject = condition ? questions.find((question) => question.itemId === condition.questionId) : undefined;

  let words = t("condition.custom");
  if (condition) {
    const label = (value: string) => {
      const choice = subject?.choices.find((candidate) => candidate.value === value);
      return `„${choice ? pick(choice.text) : value}“`;
    };
    const questionTitle = subject ? pick(subject.title) : condition.questionId;
    const values = condition.values.map(label).join(` ${t("condition.or")} `);
    const operator =
      condition.operator === "equals"
        ? t("condition.op.equals")
        : condition.operator === "notEquals"
          ? t("condition.op.notEquals")
          : subject && isMultipleChoice(subject.type)
            ? t("condition.op.containsAnyOf")
            : t("condition.op.anyOf");
    words = t("condition.summary", { question: questionTitle, operator, values });
  }

  return (
    <div className={error ? "condition-summary condition-invalid" : "condition-summary"}>
      <p aria-describedby={error ? errorId : undefined}>
        <span className="condition-words">{words}</span> <code className="condition-code">{expression}</code>
      </p>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
