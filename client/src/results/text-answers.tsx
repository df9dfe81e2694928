import type { QuestionResult } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";

/** Free-text answers as a plain list (rendered as text, never as HTML). */
export function TextAnswers({ question }: { question: QuestionResult }) {
  const { t } = useI18n();
  if (question.texts.length === 0) return <p className="empty">{t("results.noTexts")}</p>;
  return (
    <ul className="text-answers" aria-label={t("results.textAnswers")}>
      {question.texts.map((text, index) => (
        <li key={index}>{text}</li>
      ))}
    </ul>
  );
}
