import { useMemo, type ReactNode } from "react";
import { formatFigure, formatPercent } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { groupedConfig } from "./chart-configs.ts";
import { ResultChart } from "./result-chart.tsx";
import { formatNumber, matrixGrid } from "./result-figures.ts";
import type { ResultGroup, TopQuestion } from "./result-types.ts";

/**
 * A question split by the page's grouping: choices as grouped bars (each group in percent of its
 * own n, so groups of different sizes compare) with a table of counts and shares per group;
 * numbers and rating rows as a table of key figures per group; other kinds as n per group.
 * The first column is always everyone, so each group can be read against the whole.
 */

function GroupTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="table-scroll grouped-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function GroupedFigures({ question, groups }: { question: TopQuestion; groups: ResultGroup[] }) {
  const { t, pick, lang } = useI18n();
  const title = pick(question.title);
  const labelOf = (index: number) => pick(groups[index]?.label ?? { de: "?", en: "?" });
  const everyone = t("resultsView.everyone");
  const caption = t("resultsView.groupedCaption", { title });

  if (question.kind === "choice" || question.kind === "multiple") {
    return <GroupedChoice question={question} groups={groups} />;
  }
  if (question.kind === "numeric") {
    const rows = [{ key: "all", label: everyone, figures: question }, ...(question.groups ?? []).map((group, index) => ({ key: String(group.key), label: labelOf(index), figures: group }))];
    // Years as years ("2014"), amounts grouped.
    const format = (value: number | null) => (value === null ? "–" : formatFigure(value, question.scale, lang));
    return (
      <GroupTable caption={caption}>
        <thead>
          <tr>
            <th scope="col">{t("resultsView.group")}</th>
            {["n", t("resultsView.mean"), t("resultsView.median"), t("resultsView.quartiles"), t("resultsView.min"), t("resultsView.max")].map((label) => (
              <th key={label} scope="col" className="number">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, figures }) => (
            <tr key={key} data-group={key}>
              <th scope="row">{label}</th>
              <td className="number">{figures.n}</td>
              <td className="number">{format(figures.mean)}</td>
              <td className="number">{format(figures.median)}</td>
              <td className="number">{figures.q1 === null || figures.q3 === null ? "–" : `${format(figures.q1)} – ${format(figures.q3)}`}</td>
              <td className="number">{format(figures.min)}</td>
              <td className="number">{format(figures.max)}</td>
            </tr>
          ))}
        </tbody>
      </GroupTable>
    );
  }
  if (question.kind === "matrix") {
    const columns = [{ key: "all", label: everyone, rows: question.rows }, ...(question.groups ?? []).map((group, index) => ({ key: String(group.key), label: labelOf(index), rows: group.rows }))];
    return (
      <GroupTable caption={t("resultsView.groupedMeans", { title })}>
        <thead>
          <tr>
            <th scope="col">{t("results.row")}</th>
            {columns.map((column) => (
              <th key={column.key} scope="col" className="number">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {question.rows.map((row) => (
            <tr key={row.value} data-value={row.value}>
              <th scope="row">{pick(row.label)}</th>
              {columns.map((column) => {
                const cell = column.rows.find((candidate) => candidate.value === row.value);
                return (
                  <td key={column.key} className="number">
                    {cell?.mean === null || cell?.mean === undefined ? "–" : formatNumber(cell.mean, lang)} <span className="meta">(n = {cell?.n ?? 0})</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </GroupTable>
    );
  }
  const entries = question.kind === "paneldynamic";
  const rows = [
    { key: "all", label: everyone, n: question.n, entries: question.kind === "paneldynamic" ? question.entries : 0 },
    ...(question.groups ?? []).map((group, index) => ({ key: String(group.key), label: labelOf(index), n: group.n, entries: "entries" in group ? Number(group.entries) : 0 })),
  ];
  return (
    <GroupTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t("resultsView.group")}</th>
          <th scope="col" className="number">
            n
          </th>
          {entries && (
            <th scope="col" className="number">
              {t("resultsView.entriesColumn")}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-group={row.key}>
            <th scope="row">{row.label}</th>
            <td className="number">{row.n}</td>
            {entries && <td className="number">{row.entries}</td>}
          </tr>
        ))}
      </tbody>
    </GroupTable>
  );
}

type ChoiceQuestion = Extract<TopQuestion, { kind: "choice" | "multiple" }>;

function GroupedChoice({ question, groups }: { question: ChoiceQuestion; groups: ResultGroup[] }) {
  const { t, pick, lang } = useI18n();
  const title = pick(question.title);
  const perGroup = useMemo(
    () =>
      (question.groups ?? []).map((group, index) => ({
        key: String(group.key),
        label: pick(groups[index]?.label ?? { de: "?", en: "?" }),
        n: group.n,
        counts: question.options.map((option) => group.options.find((candidate) => candidate.value === option.value)?.count ?? 0),
        mean: group.mean ?? null,
      })),
    [question, groups, pick],
  );
  const charted = useMemo(() => perGroup.filter((group) => group.n > 0), [perGroup]);
  const categories = useMemo(() => question.options.map((option) => pick(option.label)), [question, pick]);
  const sized = useMemo(() => groupedConfig(categories, charted, lang), [categories, charted, lang]);
  const summary = charted
    .map((group) => `${group.label} (n = ${group.n}): ${group.counts.map((count, index) => `${categories[index]} ${count} (${formatPercent(count, group.n, lang)})`).join(", ")}`)
    .join("; ");
  const columns = [{ key: "all", label: t("resultsView.everyone"), n: question.n, counts: question.options.map((option) => option.count), mean: question.mean ?? null }, ...perGroup];
  // Ratings: each group's mean under its counts.
  const rated = question.mean !== undefined;
  return (
    <>
      {charted.length > 0 && (
        <ResultChart
          sized={sized}
          title={title}
          subtitle={charted.map((group) => `${group.label}: n = ${group.n}`).join(" · ")}
          fileParts={[question.name, "gruppen"]}
          label={t("resultsView.groupedLabel", { title, summary })}
        />
      )}
      <GroupTable caption={t("resultsView.groupedCaption", { title })}>
        <thead>
          <tr>
            <th scope="col">{t("results.option")}</th>
            {columns.map((column) => (
              <th key={column.key} scope="col" className="number" data-group={column.key}>
                {column.label} <span className="meta">(n = {column.n})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {question.options.map((option, row) => (
            <tr key={option.value} data-value={option.value}>
              <th scope="row">{pick(option.label)}</th>
              {columns.map((column) => (
                <td key={column.key} className="number" data-group={column.key}>
                  {column.counts[row]} <span className="meta">({formatPercent(column.counts[row] ?? 0, column.n, lang)})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {rated && (
          <tfoot>
            <tr>
              <th scope="row">{t("resultsView.mean")}</th>
              {columns.map((column) => (
                <td key={column.key} className="number" data-group={column.key}>
                  {column.mean === null ? "–" : formatNumber(column.mean, lang)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </GroupTable>
    </>
  );
}
