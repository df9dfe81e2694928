import { useI18n } from "../lib/i18n.ts";
import { FieldFigures } from "./field-figures.tsx";
import { GroupedFigures } from "./grouped-figures.tsx";
import { PanelFigures } from "./panel-figures.tsx";
import type { ResultGroup, TopQuestion } from "./result-types.ts";

/** Kinds whose grouped view replaces the overall figures (the others show both). */
const GROUPED_ONLY = new Set(["choice", "multiple", "numeric", "matrix"]);

/**
 * One question's results as a card (one block on paper): title, n, and the figures of its
 * kind; with a grouping, the figures per group first.
 */
export function QuestionResult({ question, position, groups }: { question: TopQuestion; position: number; groups?: ResultGroup[] }) {
  const { t, pick } = useI18n();
  const headingId = `question-${position}`;
  const grouped = groups && question.groups ? groups : null;
  return (
    <section className="card question-result" aria-labelledby={headingId} data-question={question.name} data-kind={question.kind}>
      <h3 id={headingId}>{pick(question.title)}</h3>
      <p className="meta result-n">{t("results.answered", { n: question.n })}</p>
      {grouped && <GroupedFigures question={question} groups={grouped} />}
      {!(grouped && GROUPED_ONLY.has(question.kind)) &&
        (question.kind === "paneldynamic" ? <PanelFigures question={question} /> : <FieldFigures question={question} path={[question.name]} />)}
    </section>
  );
}
