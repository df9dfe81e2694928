import { useId } from "react";
import { useI18n } from "../lib/i18n.ts";
import type { BuilderElement } from "./builder-structure.ts";
import { isMultipleChoice, parseCondition } from "./condition-expression.ts";
import { describeCondition, type ConditionVocabulary } from "./condition-words.ts";

interface ConditionSummaryProps {
  expression: string;
  /** Questions the condition may refer to, for their titles and option labels. */
  questions: BuilderElement[];
  error?: string;
}

/**
 * A stored condition in words, with the questions' titles and the answers' labels ("Nur
 * anzeigen, wenn „Gehst du zur Schule?“ ist „Ja“."), never the question ids. Conditions the
 * builder did not write (from an import) are put into words as far as they can be; their
 * SurveyJS expression stays available behind "Ausdruck" for whoever needs it.
 */
export function ConditionSummary({ expression, questions, error }: ConditionSummaryProps) {
  const { t, pick } = useI18n();
  const errorId = useId();
  const condition = parseCondition(expression);
  const subject = condition ? questions.find((question) => question.itemId === condition.questionId) : undefined;

  let words: string;
  let custom = false;
  if (condition) {
    const label = (value: string) => {
      const choice = subject?.choices.find((candidate) => candidate.value === value);
      if (choice) return `„${pick(choice.text)}“`;
      if (value === "true" || value === "false") return `„${t(value === "true" ? "condition.yes" : "condition.no")}“`;
      return `„${value}“`;
    };
    const questionTitle = subject ? `„${pick(subject.title)}“` : t("condition.otherQuestion");
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
  } else {
    custom = true;
    const vocabulary: ConditionVocabulary = {
      pick,
      and: t("condition.word.and"),
      or: t("condition.word.or"),
      not: t("condition.word.not"),
      isOneOf: t("condition.op.anyOf"),
      containsAll: t("condition.word.containsAll"),
      contains: t("condition.word.contains"),
      notContains: t("condition.word.notContains"),
      answered: t("condition.word.answered"),
      notAnswered: t("condition.word.notAnswered"),
      yes: t("condition.yes"),
      no: t("condition.no"),
      otherValue: (name) => t("condition.word.value", { name }),
    };
    const described = describeCondition(expression, questions, vocabulary);
    words = described ? t("condition.customWords", { condition: described }) : t("condition.custom");
  }

  return (
    <div className={error ? "condition-summary condition-invalid" : "condition-summary"}>
      <p aria-describedby={error ? errorId : undefined}>
        <span className="condition-words">{words}</span>
      </p>
      {custom && (
        <details className="condition-expression">
          <summary>{t("condition.expression")}</summary>
          <code className="condition-code">{expression}</code>
        </details>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
