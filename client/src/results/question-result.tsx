import type { QuestionResult as QuestionResultData } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { ChartDataTable } from "./chart-data-table.tsx";
import { QuestionChart } from "./question-chart.tsx";
import { TextAnswers } from "./text-answers.tsx";

/** One question's results: its title, n, and a chart with data table, or the free-text answers. */
export function QuestionResult({ question, position }: { question: QuestionResultData; position: number }) {
  const { t, pick } = useI18n();
  const charted =
    question.kind === "choice" || question.kind === "multiple" || question.kind === "numeric" || question.kind === "matrix" ? question : null;
  const otherTexts = question.kind === "choice" || question.kind === "multiple" ? (question.other?.texts ?? []) : [];
  const headingId = `question-${position}`;
  return (
    <section className="card question-result" aria-labelledby={headingId} data-question={question.name}>
      <h3 id={headingId}>{pick(question.title)}</h3>
      <p className="meta">{t("results.answered", { n: question.n })}</p>
      {charted && (
        <>
          <QuestionChart question={charted} />
          <ChartDataTable question={charted} />
        </>
      )}
      {question.kind === "text" && <TextAnswers texts={question.texts} />}
      {!charted && question.kind !== "text" && <p className="empty">{t("results.notCharted")}</p>}
      {otherTexts.length > 0 && <TextAnswers texts={otherTexts} />}
    </section>
  );
}
