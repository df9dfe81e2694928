/**
 * The aggregated tables of a survey as one export table: for every choice-like question
 * (single choice, dropdown, yes/no, rating, multiple choice, and each row of a matrix) one row
 * per answer option with its count and its share of those who answered, over the submitted
 * responses. Counted in SQL over the answer documents (jsonb); no single response leaves the
 * database, so this export is open in every privacy mode.
 *
 * @example
 * const table = await summaryTable(db, survey, "de");
 * table.header; // ["Frage", "Teilfrage", "Antwort", "Code", "Anzahl", "Prozent", "Basis (n)"]
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import { definitionElements, type Cell } from "./export-columns.ts";
import type { ExportSurvey, ExportTable } from "./response-table.ts";
import { countedOptionsOf, itemLabels, textIn, valueLabelsOf, type ExportLanguage } from "./value-labels.ts";
import { countedResponse } from "../results/counted-responses.ts";

const COUNTED_TYPES = new Set(["radiogroup", "dropdown", "boolean", "rating", "checkbox", "tagbox"]);

/** The summary's columns, also of the protected summary (protected-summary-table.ts). */
export const SUMMARY_HEADERS: Record<ExportLanguage, string[]> = {
  de: ["Frage", "Teilfrage", "Antwort", "Code", "Anzahl", "Prozent", "Basis (n)"],
  en: ["Question", "Item", "Answer", "Code", "Count", "Percent", "Base (n)"],
};

/** Counts per question and stored value (arrays counted per element), over submitted responses. */
async function valueCounts(db: Kysely<Database>, survey: ExportSurvey, names: string[], where: RawBuilder<unknown>) {
  if (names.length === 0) return [];
  const result = await sql<{ question: string; value: string; count: number }>`
    select q.name as question, v.value #>> '{}' as value, count(*)::int as count
    from responses as r
    cross join unnest(${sql.val(names)}::text[]) as q(name)
    cross join lateral jsonb_array_elements(
      case jsonb_typeof(r.answers -> q.name) when 'array' then r.answers -> q.name else jsonb_build_array(r.answers -> q.name) end
    ) as v(value)
    where r.organisation_id = ${survey.organisation_id} and r.survey_id = ${survey.id} and ${countedResponse("r")} ${where}
      and jsonb_typeof(v.value) in ('string', 'number', 'boolean') and v.value <> '""'::jsonb
    group by 1, 2`.execute(db);
  return result.rows;
}

/** Responses that answered each question (a non-empty value or list). */
async function answeredCounts(db: Kysely<Database>, survey: ExportSurvey, names: string[], where: RawBuilder<unknown>) {
  if (names.length === 0) return [];
  const result = await sql<{ question: string; count: number }>`
    select q.name as question, count(*)::int as count
    from responses as r
    cross join unnest(${sql.val(names)}::text[]) as q(name)
    where r.organisation_id = ${survey.organisation_id} and r.survey_id = ${survey.id} and ${countedResponse("r")} ${where}
      and case jsonb_typeof(r.answers -> q.name)
            when 'array' then jsonb_array_length(r.answers -> q.name) > 0
            when 'string' then r.answers ->> q.name <> ''
            when 'number' then true
            when 'boolean' then true
            else false
          end
    group by 1`.execute(db);
  return result.rows;
}

/** Counts per matrix, row and stored value. */
async function matrixCounts(db: Kysely<Database>, survey: ExportSurvey, names: string[], where: RawBuilder<unknown>) {
  if (names.length === 0) return [];
  const result = await sql<{ question: string; row: string; value: string; count: number }>`
    select q.name as question, cell.key as row, cell.value #>> '{}' as value, count(*)::int as count
    from responses as r
    cross join unnest(${sql.val(names)}::text[]) as q(name)
    cross join lateral jsonb_each(
      case jsonb_typeof(r.answers -> q.name) when 'object' then r.answers -> q.name else '{}'::jsonb end
    ) as cell(key, value)
    where r.organisation_id = ${survey.organisation_id} and r.survey_id = ${survey.id} and ${countedResponse("r")} ${where}
      and jsonb_typeof(cell.value) in ('string', 'number', 'boolean') and cell.value <> '""'::jsonb
    group by 1, 2, 3`.execute(db);
  return result.rows;
}

/** A share in percent with one decimal, or empty when nobody answered. */
function percent(count: number, base: number): number | null {
  return base > 0 ? Math.round((count / base) * 1000) / 10 : null;
}

/** The options in their declared order with counts, then values the definition does not list, most frequent first. */
function optionRows(labels: Map<string, string>, counts: Map<string, number>): { code: string; label: string; count: number }[] {
  const rows = [...labels].map(([code, label]) => ({ code, label, count: counts.get(code) ?? 0 }));
  const extra = [...counts].filter(([code]) => !labels.has(code)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [code, count] of extra) rows.push({ code, label: code, count });
  return rows;
}

/** The aggregated tables of the survey's choice-like questions. */
/** `where`: further conditions on the responses (alias `r`), e.g. a results filter (responsesFilterCondition). */
export async function summaryTable(db: Kysely<Database>, survey: ExportSurvey, lang: ExportLanguage, where: RawBuilder<unknown> = sql``): Promise<ExportTable> {
  const elements = definitionElements(survey.definition ?? {});
  const counted = elements.filter((element) => COUNTED_TYPES.has(String(element.type)));
  const matrices = elements.filter((element) => element.type === "matrix");
  const countedNames = counted.map((element) => String(element.name));
  const matrixNames = matrices.map((element) => String(element.name));

  const [values, answered, cells] = await Promise.all([
    valueCounts(db, survey, countedNames, where),
    answeredCounts(db, survey, countedNames, where),
    matrixCounts(db, survey, matrixNames, where),
  ]);
  const countsOf = new Map<string, Map<string, number>>();
  const add = (key: string, value: string, count: number) => {
    const counts = countsOf.get(key) ?? new Map<string, number>();
    counts.set(value, (counts.get(value) ?? 0) + count);
    countsOf.set(key, counts);
  };
  for (const row of values) add(row.question, row.value, row.count);
  for (const row of cells) add(`${row.question}\u0000${row.row}`, row.value, row.count);
  const answeredOf = new Map(answered.map((row) => [row.question, row.count]));

  const rows: Cell[][] = [];
  for (const element of elements) {
    const name = String(element.name);
    const title = textIn(element.title, lang, name);
    if (COUNTED_TYPES.has(String(element.type))) {
      const base = answeredOf.get(name) ?? 0;
      for (const option of optionRows(countedOptionsOf(element, lang), countsOf.get(name) ?? new Map())) {
        rows.push([title, null, option.label, option.code, option.count, percent(option.count, base), base]);
      }
    } else if (element.type === "matrix") {
      const labels = valueLabelsOf(element, lang);
      for (const [row, rowLabel] of itemLabels(element.rows, lang)) {
        const counts = countsOf.get(`${name}\u0000${row}`) ?? new Map<string, number>();
        const base = [...counts.values()].reduce((sum, count) => sum + count, 0);
        for (const option of optionRows(labels, counts)) {
          rows.push([title, rowLabel, option.label, option.code, option.count, percent(option.count, base), base]);
        }
      }
    }
  }
  return {
    header: SUMMARY_HEADERS[lang],
    async *batches() {
      if (rows.length > 0) yield rows;
    },
  };
}
