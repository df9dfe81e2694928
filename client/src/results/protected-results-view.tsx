import { formatFigure } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Hidden, SharedQuestionBlock } from "../sharing/shared-question.tsx";
import type { SharedFigures } from "../sharing/sharing-types.ts";
import type { ProtectedResults } from "./result-types.ts";

type ProtectedQuestion = ProtectedResults["questions"][number];
type GroupFigures = NonNullable<ProtectedQuestion["groups"]>[number];

/** The cells a group's row shows: options, or histogram bins. */
function cellsOf(figures: SharedFigures): { key: string; count: number | null }[] {
  if (figures.kind === "numeric") return (figures.histogram ?? []).map((bin, index) => ({ key: String(index), count: bin.count }));
  return (figures.options ?? []).map((cell) => ({ key: cell.value, count: cell.count }));
}

/**
 * The breakdown of one choice, multiple-choice or number question: a row per group, a column per
 * option (or range), withheld cells marked; the same cells a filter on one group shows.
 */
function BreakdownTable({ question, groups, labels, k }: { question: ProtectedQuestion; groups: GroupFigures[]; labels: Map<string | null, string>; k: number }) {
  const { t, pick, lang } = useI18n();
  const title = pick(question.title);
  const columns =
    question.kind === "numeric"
      ? (question.histogram ?? []).map((bin, index) => ({
          key: String(index),
          label:
            bin.from === null ? t("networkView.below", { value: formatFigure(bin.to ?? 0, question.scale, lang) }) : bin.to === null ? t("networkView.from", { value: formatFigure(bin.from, question.scale, lang) }) : `${formatFigure(bin.from, question.scale, lang)} – ${formatFigure(bin.to, question.scale, lang)}`,
        }))
      : (question.options ?? []).map((cell) => ({ key: cell.value, label: pick(cell.label) }));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`${t("protected.breakdown")}: ${title}`}>
      <table className="breakdown-table" data-breakdown={question.name}>
        <caption>
          {title} – {t("protected.breakdown")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("protected.group")}</th>
            {columns.map((column) => (
              <th scope="col" className="number" key={column.key}>
                {column.label}
              </th>
            ))}
            <th scope="col" className="number">
              n
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => {
            const cells = new Map(cellsOf(group).map((cell) => [cell.key, cell.count]));
            return (
              <tr key={group.key ?? "-"} data-group={group.key ?? ""}>
                <th scope="row">{labels.get(group.key) ?? group.key}</th>
                {columns.map((column) => {
                  const count = group.n === null || group.suppressed ? null : (cells.get(column.key) ?? null);
                  return (
                    <td className="number" key={column.key} data-suppressed={count === null ? "true" : undefined}>
                      {count === null ? <Hidden k={k} /> : count}
                    </td>
                  );
                })}
                <td className="number">{group.n === null ? t("networkView.answeredHidden", { k }) : group.n}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Results of a pseudonymous or anonymous survey, as the server protects them: what the mode
 * promises, then each question's protected figures (charts and tables shared with the network
 * views) and, with a grouping, its breakdown table.
 */
export function ProtectedResultsView({ results }: { results: ProtectedResults }) {
  const { t, pick } = useI18n();
  const { k, mode } = results.protection;
  const labels = new Map((results.groups ?? []).map((group) => [group.key, pick(group.label)] as const));
  return (
    <div className="protected-results" data-protection={mode}>
      <p className="notice" role="note">
        {t("protected.notice", { mode, k })}
      </p>
      {results.filtered && <p className="meta">{t("protected.filteredTo", { label: pick(results.filtered.label) })}</p>}
      {results.respondents === null ? (
        <p className="empty" data-testid="protected-fewer">
          {t("protected.fewer", { k })}
        </p>
      ) : (
        results.questions.map((question, index) => (
          <div key={question.name} className="protected-question">
            <SharedQuestionBlock question={question} k={k} id={`protected-${index}`} />
            {question.groups && (question.kind === "choice" || question.kind === "multiple" || question.kind === "numeric") && (
              <BreakdownTable question={question} groups={question.groups} labels={labels} k={k} />
            )}
            {question.groups && !(question.kind === "choice" || question.kind === "multiple" || question.kind === "numeric") && (
              <details className="data-table">
                <summary>{t("protected.breakdown")}</summary>
                {question.groups.map((group, groupIndex) => (
                  <SharedQuestionBlock
                    key={group.key ?? "-"}
                    question={{ ...group, title: { de: `${pick(question.title)} – ${labels.get(group.key) ?? ""}`, en: `${pick(question.title)} – ${labels.get(group.key) ?? ""}` } }}
                    k={k}
                    id={`protected-${index}-${groupIndex}`}
                    level={3}
                  />
                ))}
              </details>
            )}
          </div>
        ))
      )}
    </div>
  );
}
