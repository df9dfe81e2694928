import type { ChartedQuestionResult } from "../lib/api-types.ts";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { barsOf } from "./question-chart.tsx";

/**
 * The chart's numbers as a real table (inside <details>): the accessible equivalent of the
 * canvas, and handy for copying figures into a report.
 */
export function ChartDataTable({ question }: { question: ChartedQuestionResult }) {
  const { t, pick, lang } = useI18n();
  const title = pick(question.title);

  if (question.kind === "matrix") {
    const columns = question.rows[0]?.distribution ?? [];
    return (
      <details className="data-table">
        <summary>{t("results.table")}</summary>
        <div className="table-scroll">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("results.row")}</th>
                {columns.map((column) => (
                  <th scope="col" className="number" key={column.value}>
                    {pick(column.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {question.rows.map((row) => (
                <tr key={row.value}>
                  <th scope="row">{pick(row.label)}</th>
                  {row.distribution.map((cell) => (
                    <td key={cell.value} className="number">
                      {cell.count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    );
  }

  return (
    <details className="data-table">
      <summary>{t("results.table")}</summary>
      <div className="table-scroll">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.option")}</th>
              <th scope="col" className="number">
                {t("results.count")}
              </th>
              <th scope="col" className="number">
                {t("results.percent")}
              </th>
            </tr>
          </thead>
          <tbody>
            {barsOf(question).map((option) => (
              <tr key={option.value} data-value={option.value}>
                <th scope="row">{pick(option.label)}</th>
                <td className="number">{option.count}</td>
                <td className="number">{formatPercent(option.count, question.n, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
