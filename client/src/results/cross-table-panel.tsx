import { useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { choiceQuestions, type CatalogueQuestion } from "./question-catalogue.ts";
import type { CrossTable, ResultsFilter } from "./result-types.ts";
import type { ResultsView } from "./results-url.ts";

type Cross = NonNullable<ResultsView["cross"]>;

/**
 * "Kreuztabelle": respondents counted by their answers to two choice questions, rows × columns,
 * each cell with its count and its share of the row (respondents with that row's answer who
 * answered the column question), under the page's filter. The pair lives in the address.
 */
export function CrossTablePanel({
  surveyId,
  cross,
  filter,
  catalogue,
  onChange,
}: {
  surveyId: string;
  cross: Cross | null;
  filter: ResultsFilter;
  catalogue: CatalogueQuestion[];
  onChange: (next: Cross | null) => void;
}) {
  const { t, pick } = useI18n();
  const id = useId();
  const questions = choiceQuestions(catalogue);
  const [rows, setRows] = useState(cross?.rows ?? "");
  const [columns, setColumns] = useState(cross?.columns ?? "");
  const [table, setTable] = useState<{ key: string; table: CrossTable } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const key = cross ? JSON.stringify({ ...cross, filter }) : "";

  useEffect(() => {
    if (cross) {
      setRows(cross.rows);
      setColumns(cross.columns);
    }
  }, [cross]);

  useEffect(() => {
    if (!cross) return;
    const controller = new AbortController();
    setError(null);
    api
      .post<CrossTable>(`/surveys/${surveyId}/results/crosstab`, { rows: cross.rows, columns: cross.columns, filter }, { signal: controller.signal })
      .then((answer) => setTable({ key, table: answer }))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      });
    return () => controller.abort();
    // `key` stands for the pair and the filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, surveyId]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!rows || !columns) {
      setMissing(true);
      return;
    }
    setMissing(false);
    onChange({ rows, columns });
  }

  const shown = table && table.key === key ? table.table : null;
  return (
    <section className="card cross-table-panel" aria-labelledby={`${id}-heading`} data-testid="cross-table">
      <h2 id={`${id}-heading`}>{t("resultsView.cross")}</h2>
      <p className="hint no-print">{t("resultsView.crossIntro")}</p>
      {questions.length < 2 ? (
        <p className="empty">{t("resultsView.crossTooFew")}</p>
      ) : (
        <form className="inline-form form no-print" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-rows`}>{t("resultsView.crossRows")}</label>
            <select id={`${id}-rows`} value={rows} aria-invalid={missing && !rows ? true : undefined} onChange={(event) => setRows(event.target.value)}>
              <option value="">{t("resultsView.crossPick")}</option>
              {questions.map((question) => (
                <option key={question.name} value={question.name}>
                  {pick(question.title)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-columns`}>{t("resultsView.crossColumns")}</label>
            <select id={`${id}-columns`} value={columns} aria-invalid={missing && !columns ? true : undefined} onChange={(event) => setColumns(event.target.value)}>
              <option value="">{t("resultsView.crossPick")}</option>
              {questions.map((question) => (
                <option key={question.name} value={question.name}>
                  {pick(question.title)}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button-primary">
              {t("resultsView.crossShow")}
            </button>
            {cross && (
              <button
                type="button"
                onClick={() => {
                  setRows("");
                  setColumns("");
                  onChange(null);
                }}
              >
                {t("resultsView.crossClear")}
              </button>
            )}
          </div>
          {missing && (
            <p className="field-error" role="alert">
              {t("resultsView.crossMissing")}
            </p>
          )}
        </form>
      )}
      <ErrorAlert error={error} />
      {cross && !shown && !error && <Loading />}
      {shown && <CrossTableView table={shown} />}
    </section>
  );
}

function CrossTableView({ table }: { table: CrossTable }) {
  const { t, pick, lang } = useI18n();
  const caption = t("resultsView.crossCaption", { rows: pick(table.rows.title), columns: pick(table.columns.title), n: table.n });
  return (
    <div className="table-scroll cross-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              {pick(table.rows.title)}{" "}
              <span className="meta" aria-hidden="true">
                ↓
              </span>{" "}
              / {pick(table.columns.title)}{" "}
              <span className="meta" aria-hidden="true">
                →
              </span>
            </th>
            {table.columns.values.map((column) => (
              <th key={column.value} scope="col" className="number" data-value={column.value}>
                {pick(column.label)}
              </th>
            ))}
            <th scope="col" className="number">
              {t("resultsView.crossTotal")}
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.values.map((row, rowIndex) => (
            <tr key={row.value} data-value={row.value}>
              <th scope="row">{pick(row.label)}</th>
              {table.columns.values.map((column, columnIndex) => {
                const count = table.cells[rowIndex]?.[columnIndex] ?? 0;
                return (
                  <td key={column.value} className="number" data-column={column.value}>
                    {count}
                    <span className="cell-share"> ({formatPercent(count, row.total, lang)})</span>
                  </td>
                );
              })}
              <td className="number">{row.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("resultsView.crossTotal")}</th>
            {table.columns.values.map((column) => (
              <td key={column.value} className="number">
                {column.total}
              </td>
            ))}
            <td className="number">{table.n}</td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">{t("resultsView.crossHint")}</p>
    </div>
  );
}
