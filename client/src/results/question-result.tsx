import type { QuestionResult as QuestionResultData } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { ChartDataTable } from "./chart-data-table.tsx";
import { QuestionChart } from "./question-chart.tsx";
import { TextAnswers } from "./text-answers.tsx";

/** One question's results: its title, n, and a chart with data table, or the free-text answers. */
export function QuestionResult({ question, position }: { question: QuestionResultData; position: number }) {
  const { t, pick } = useI18n();
  const charted = ["choice", "multiple", "numeric", "matrix"].includes(question.kind);
  const headingId = `question-${position}`;
  return (
    <section className="card question-result" aria-labelledby={headingId} data-question={question.name}>
      <h3 id={headingId}>{pick(question.title)}</h3>
      <p className="meta">{t("results.answered", { n: question.answered })}</p>
      {charted && (
        <>
          <QuestionChart question={question} />
          <ChartDataTable question={question} />
        </>
      )}
      {question.kind === "text" && <TextAnswers question={question} />}
      {question.kind === "other" && <p className="empty">{t("results.notCharted")}</p>}
      {charted && question.texts.length > 0 && <TextAnswers question={question} />}
    </section>
  );
}
