import type { ReactNode } from "react";
import { formatFigure, formatPercent } from "../lib/format.ts";
import { useI18n, type I18n } from "../lib/i18n.ts";
import { scaleDirection } from "../lib/likert-colours.ts";
import { hiddenTogether } from "./hidden-share.ts";
import { SharedChart, type Bar } from "./shared-chart.tsx";
import type { SharedBin, SharedCell, SharedFigures, SharedMatrixRow } from "./sharing-types.ts";

/**
 * One question of a network view: its title, how many answered, a chart with its data table, and
 * in the network's own view the network's answer beside everyone's. Withheld counts show as
 * "ausgeblendet" (multiple choice: "< k"), and where they add up to a shown total, together in a
 * row of their own so the table adds up to n (hidden-share.ts); a question with too few answers
 * only says so, free texts only how many.
 */

type Level = 2 | 3 | 4;


/** A withheld count: "ausgeblendet" (the reason spoken), or "< k" where only small counts are withheld (multiple choice). */
export function Hidden({ k, additive = true }: { k: number; additive?: boolean }) {
  const { t } = useI18n();
  return (
    <span className="hidden-value">
      <span aria-hidden="true">{additive ? t("networkView.hiddenShort") : t("networkView.belowK", { k })}</span>
      <span className="visually-hidden">{additive ? t("networkView.hiddenCell", { k }) : t("networkView.belowKCell", { k })}</span>
    </span>
  );
}

function binLabel(bin: SharedBin, scale: string | undefined, i18n: I18n): string {
  const format = (value: number) => formatFigure(value, scale === "year" ? "year" : "number", i18n.lang);
  if (bin.from === null && bin.to === null) return i18n.t("networkView.all");
  if (bin.from === null) return i18n.t("networkView.below", { value: format(bin.to!) });
  if (bin.to === null) return i18n.t("networkView.from", { value: format(bin.from) });
  if (scale === "year" && bin.to - bin.from === 1) return String(bin.from);
  return `${format(bin.from)} – ${format(bin.to)}`;
}

/** The bars of a choice question or a histogram; `own` marks the network's own answer. */
function barsOf(question: SharedFigures, i18n: I18n, own?: SharedFigures): Bar[] {
  if (question.kind === "numeric") {
    return (question.histogram ?? []).map((bin, index) => ({ key: `bin-${index}`, label: binLabel(bin, question.scale, i18n), count: bin.count }));
  }
  const chosen = new Set((own?.options ?? []).filter((cell) => (cell.count ?? 0) > 0).map((cell) => cell.value));
  return (question.options ?? []).map((cell) => ({ key: cell.value, label: i18n.pick(cell.label), count: cell.count, own: chosen.has(cell.value) }));
}

function CountTable({ title, bars, n, k, additive }: { title: string; bars: Bar[]; n: number | null; k: number; additive: boolean }) {
  const { t, lang } = useI18n();
  const hasOwn = bars.some((bar) => bar.own);
  const together = additive ? hiddenTogether(bars.map((bar) => bar.count), n) : null;
  return (
    <details className="data-table">
      <summary>{t("networkView.table")}</summary>
      {/* Focusable, so a table wider than a phone can be scrolled with the keyboard. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${t("networkView.table")}: ${title}`}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("networkView.option")}</th>
              <th scope="col" className="number">
                {t("networkView.count")}
              </th>
              <th scope="col" className="number">
                {t("networkView.percent")}
              </th>
              {hasOwn && <th scope="col">{t("networkView.yourAnswer")}</th>}
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key} data-value={bar.key} data-suppressed={bar.count === null ? "true" : undefined}>
                <th scope="row">{bar.label}</th>
                <td className="number">{bar.count === null ? <Hidden k={k} additive={additive} /> : bar.count}</td>
                <td className="number">{bar.count === null || !n ? "" : formatPercent(bar.count, n, lang)}</td>
                {hasOwn && <td>{bar.own ? "✓" : ""}</td>}
              </tr>
            ))}
          </tbody>
          {additive && n !== null && (
            <tfoot>
              {together !== null && (
                <tr data-value="hidden-together">
                  <th scope="row">{t("networkView.hiddenTogether")}</th>
                  <td className="number">{together}</td>
                  <td className="number">{n ? formatPercent(together, n, lang) : ""}</td>
                  {hasOwn && <td />}
                </tr>
              )}
              <tr data-value="total">
                <th scope="row">{t("networkView.total")}</th>
                <td className="number">{n}</td>
                <td className="number">{n ? formatPercent(n, n, lang) : ""}</td>
                {hasOwn && <td />}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </details>
  );
}

function MatrixTable({ title, rows, columns, k, own }: { title: string; rows: SharedMatrixRow[]; columns: string[]; k: number; own?: Map<string, string> }) {
  const { t, pick } = useI18n();
  const together = rows.map((row) => hiddenTogether(row.distribution.map((cell) => cell.count), row.n));
  const anyTogether = together.some((value) => value !== null);
  return (
    <details className="data-table">
      <summary>{t("networkView.table")}</summary>
      {/* Focusable, so a table wider than a phone can be scrolled with the keyboard. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`${t("networkView.table")}: ${title}`}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("networkView.row")}</th>
              {columns.map((column) => (
                <th scope="col" className="number" key={column}>
                  {column}
                </th>
              ))}
              {anyTogether && (
                <th scope="col" className="number">
                  {t("networkView.hiddenTogether")}
                </th>
              )}
              <th scope="col" className="number">
                n
              </th>
              {own && <th scope="col">{t("networkView.yourAnswer")}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.value} data-value={row.value}>
                <th scope="row">{pick(row.label)}</th>
                {row.distribution.map((cell) => (
                  <td key={cell.value} className="number" data-suppressed={cell.suppressed ? "true" : undefined}>
                    {cell.count === null ? <Hidden k={k} /> : cell.count}
                  </td>
                ))}
                {anyTogether && (
                  <td className="number" data-hidden-together="true">
                    {together[index] ?? ""}
                  </td>
                )}
                <td className="number">{row.n === null ? t("networkView.belowK", { k }) : row.n}</td>
                {own && <td>{own.get(row.value) ?? t("networkView.noAnswer")}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The network's own answer to a question, as a sentence ("Ihre Antwort: Quartier"). */
function ownAnswerText(own: SharedFigures, i18n: I18n): string | null {
  const { t, pick, lang } = i18n;
  if (own.kind === "choice" || own.kind === "multiple") {
    const chosen = (own.options ?? []).filter((cell: SharedCell) => (cell.count ?? 0) > 0).map((cell) => pick(cell.label));
    return `${t("networkView.yourAnswer")}: ${chosen.length > 0 ? chosen.join(", ") : t("networkView.noAnswer")}`;
  }
  if (own.kind === "numeric") {
    return own.mean === null || own.mean === undefined
      ? `${t("networkView.yourAnswer")}: ${t("networkView.noAnswer")}`
      : t("networkView.yourValue", { value: formatFigure(own.mean, own.scale, lang) });
  }
  return null;
}

function Statistics({ question }: { question: SharedFigures }) {
  const { t, lang } = useI18n();
  if (question.kind !== "numeric" && !(question.kind === "choice" && question.mean !== undefined)) return null;
  // Years as years ("2014", a mean of years rounded to the year), amounts grouped.
  const scale = question.kind === "numeric" ? question.scale : undefined;
  const format = (value: number) => formatFigure(value, scale, lang);
  const parts: string[] = [];
  if (question.mean !== null && question.mean !== undefined) parts.push(t("networkView.mean", { value: format(question.mean) }));
  if (question.median !== null && question.median !== undefined) parts.push(t("networkView.median", { value: format(question.median) }));
  if (question.q1 !== null && question.q1 !== undefined && question.q3 !== null && question.q3 !== undefined) {
    parts.push(t("networkView.quartiles", { q1: format(question.q1), q3: format(question.q3) }));
  }
  const withheld = question.kind === "numeric" ? (question.histogram ?? []).some((bin) => bin.suppressed) : (question.options ?? []).some((cell) => cell.suppressed);
  if (parts.length === 0 && !withheld) return null;
  return <p className="meta">{parts.length > 0 ? parts.join(" · ") : t("networkView.statisticsWithheld")}</p>;
}

/** The figures of one question (or a panel field, or a multipletext item) without its heading. */
function Figures({ question, k, own, title }: { question: SharedFigures; k: number; own?: SharedFigures; title: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  if (question.n === null) return <p className="empty">{t("networkView.questionFewer", { k })}</p>;
  const ownLine = own ? ownAnswerText(own, i18n) : null;
  const ownNote = ownLine ? <p className="own-answer">{ownLine}</p> : null;

  switch (question.kind) {
    case "choice":
    case "multiple":
    case "numeric": {
      if (question.suppressed) {
        return (
          <>
            {ownNote}
            <p className="empty">{t("networkView.questionWithheld")}</p>
          </>
        );
      }
      const bars = barsOf(question, i18n, own);
      if (bars.length === 0) return ownNote;
      // Single choice and histogram bins add up to n; multiple choice does not.
      const additive = question.kind !== "multiple";
      return (
        <>
          {ownNote}
          <Statistics question={question} />
          <SharedChart title={title} k={k} content={{ bars, n: question.n, additive }} />
          <CountTable title={title} bars={bars} n={question.n} k={k} additive={additive} />
        </>
      );
    }
    case "matrix": {
      const rows = question.rows ?? [];
      const columns = (question.columns ?? []).map((column) => pick(column.label));
      const ownRows = own
        ? new Map(
            (own.rows ?? []).map((row) => [
              row.value,
              row.distribution
                .filter((cell) => (cell.count ?? 0) > 0)
                .map((cell) => pick(cell.label))
                .join(", "),
            ]),
          )
        : undefined;
      if (rows.length === 0) return <p className="empty">{t("networkView.questionWithheld")}</p>;
      const stack = {
        columns,
        direction:
          question.type === "ranking"
            ? ("ranks" as const)
            : scaleDirection((question.columns ?? []).map((column) => ({ value: column.value, label: `${column.label.de} / ${column.label.en}` }))),
        rows: rows.map((row) => ({
          key: row.value,
          label: row.n === null ? `${pick(row.label)} (${t("networkView.answeredHidden", { k })})` : pick(row.label),
          counts: row.distribution.map((cell) => cell.count),
          n: row.n,
        })),
      };
      return (
        <>
          <SharedChart title={title} k={k} content={{ stack }} />
          <MatrixTable title={title} rows={rows} columns={columns} k={k} own={ownRows} />
        </>
      );
    }
    case "text":
      return (
        <>
          <p className="empty">{t("networkView.texts", { n: question.n })}</p>
        </>
      );
    default:
      return <p className="empty">{t("networkView.notCharted")}</p>;
  }
}

function Heading({ level, id, children }: { level: Level; id: string; children: ReactNode }) {
  if (level === 2) return <h2 id={id}>{children}</h2>;
  if (level === 3) return <h3 id={id}>{children}</h3>;
  return <h4 id={id}>{children}</h4>;
}

/**
 * One question's block. Inside a repeatable section (paneldynamic) and a multipletext, each field
 * or item is a block of its own one heading level down.
 */
export function SharedQuestionBlock({ question, k, own, id, level = 2 }: { question: SharedFigures; k: number; own?: SharedFigures; id: string; level?: Level }) {
  const { t, pick } = useI18n();
  const title = pick(question.title);
  const headingId = `${id}-heading`;
  const parts = "fields" in question && question.fields ? question.fields : "items" in question && question.items ? question.items : null;
  const ownParts = own && ("fields" in own && own.fields ? own.fields : "items" in own && own.items ? own.items : []);
  const nested = (
    <div className={level === 2 ? "shared-parts" : undefined}>
      {parts?.map((part, index) => (
        <SharedQuestionBlock
          key={part.name}
          question={part}
          k={k}
          own={ownParts ? ownParts.find((candidate) => candidate.name === part.name) : undefined}
          id={`${id}-${index}`}
          level={level === 2 ? 3 : 4}
        />
      ))}
    </div>
  );
  const body = (
    <>
      <Heading level={level} id={headingId}>
        {title}
      </Heading>
      <p className="meta">
        {question.n === null ? t("networkView.answeredHidden", { k }) : t("networkView.answered", { n: question.n })}
        {question.kind === "paneldynamic" && question.entries !== null && question.entries !== undefined ? ` · ${t("networkView.entries", { n: question.entries })}` : ""}
      </p>
      {question.kind === "paneldynamic" || question.kind === "multipletext" ? (
        question.n === null ? (
          <p className="empty">{t("networkView.questionFewer", { k })}</p>
        ) : (
          nested
        )
      ) : (
        <Figures question={question} k={k} own={own} title={title} />
      )}
    </>
  );
  if (level === 2) {
    return (
      <section className="card question-result" aria-labelledby={headingId} data-question={question.name}>
        {body}
      </section>
    );
  }
  return (
    <section className="shared-part" aria-labelledby={headingId} data-question={question.name}>
      {body}
    </section>
  );
}
