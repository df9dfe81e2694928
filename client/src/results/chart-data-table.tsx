import type { ReactNode } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import type { MatrixResult } from "./result-types.ts";
import { formatNumber, matrixGrid } from "./result-figures.ts";

/**
 * A chart's numbers as a real table (inside <details>, opened for print): the accessible
 * equivalent of the canvas, and handy for copying figures into a report.
 */
function DataTable({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <details className="data-table">
      <summary>{t("results.table")}</summary>
      <div className="table-scroll">
        <table>{children}</table>
      </div>
    </details>
  );
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** Answer, count and share of `whole` per row; `whole` is stated under the table. */
export function CountTable({ caption, rows, whole, note }: { caption: string; rows: CountRow[]; whole: number; note?: string }) {
  const { t, lang } = useI18n();
  return (
    <DataTable>
      <caption>{caption}</caption>
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
        {rows.map((row) => (
          <tr key={row.key} data-value={row.key}>
            <th scope="row">{row.label}</th>
            <td className="number">{row.count}</td>
            <td className="number">{formatPercent(row.count, whole, lang)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{note ?? t("resultsView.base")}</th>
          <td className="number">{whole}</td>
          <td className="number">{whole > 0 ? formatPercent(whole, whole, lang) : ""}</td>
        </tr>
      </tfoot>
    </DataTable>
  );
}

/** A rating matrix: count and share per row and column, each row's n and mean. */
export function MatrixTable({ caption, question, rowHeader, meanHeader }: { caption: string; question: MatrixResult; rowHeader?: string; meanHeader?: string }) {
  const { t, pick, lang } = useI18n();
  const grid = matrixGrid(question.columns, question.rows);
  return (
    <DataTable>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader ?? t("results.row")}</th>
          {grid.columns.map((column) => (
            <th scope="col" className="number" key={column.value}>
              {pick(column.label)}
            </th>
          ))}
          <th scope="col" className="number">
            n
          </th>
          <th scope="col" className="number">
            {meanHeader ?? t("resultsView.mean")}
          </th>
        </tr>
      </thead>
      <tbody>
        {question.rows.map((row, rowIndex) => {
          const counts = grid.counts[rowIndex] ?? [];
          const total = counts.reduce((sum, count) => sum + count, 0);
          return (
            <tr key={row.value} data-value={row.value}>
              <th scope="row">{pick(row.label)}</th>
              {counts.map((count, index) => (
                <td key={grid.columns[index]!.value} className="number">
                  {count} <span className="meta">({formatPercent(count, total, lang)})</span>
                </td>
              ))}
              <td className="number">{row.n}</td>
              <td className="number">{row.mean === null ? "–" : formatNumber(row.mean, lang)}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
