import type { ResultQuestion } from "../results/question-kinds.ts";
import type { FieldResultJson, QuestionResultJson, ResultsJson } from "../results/result-schemas.ts";

/**
 * Answer values the questionnaire does not declare (custom entries in a list, values of an older
 * version) are what respondents typed or chose outside the options: their labels are answers, not
 * questionnaire text. Before results are shared they are folded into one cell ("Weitere Angaben")
 * for single choice and matrix rows (where the cells add up), and left out for multiple choice
 * (where they do not).
 */

/** The value of the folded cell: never an option value (empty answers are not counted). */
export const FOLDED_VALUE = "";
export const FOLDED_LABEL = { de: "Weitere Angaben", en: "Other values" } as const;

interface Cell {
  value: string;
  label: { de: string; en: string };
  count: number;
}

function folded<T extends Cell>(cells: T[], declared: Set<string>, additive: boolean): T[] {
  const kept = cells.filter((cell) => declared.has(cell.value));
  if (kept.length === cells.length || !additive) return kept;
  const count = cells.filter((cell) => !declared.has(cell.value)).reduce((sum, cell) => sum + cell.count, 0);
  return [...kept, { value: FOLDED_VALUE, label: { ...FOLDED_LABEL }, count } as T];
}

function foldBody<T extends Record<string, unknown>>(body: T, question: ResultQuestion | undefined): T {
  if (!question) return body;
  if (question.kind === "choice" || question.kind === "multiple") {
    const declared = new Set(question.options.map((option) => option.value));
    const options = body.options as Cell[] | undefined;
    return options ? { ...body, options: folded(options, declared, question.kind === "choice") } : body;
  }
  if (question.kind === "matrix") {
    const declared = new Set(question.columns.map((column) => column.value));
    const rows = body.rows as (Record<string, unknown> & { distribution: Cell[] })[] | undefined;
    if (!rows) return body;
    return {
      ...body,
      rows: rows.map((row) => {
        const distribution = folded(row.distribution, declared, true);
        return { ...row, distribution, options: distribution };
      }),
    };
  }
  if (question.kind === "paneldynamic") {
    const fields = body.fields as FieldResultJson[] | undefined;
    if (!fields) return body;
    return { ...body, fields: fields.map((field) => foldBody(field, question.fields.find((candidate) => candidate.name === field.name))) };
  }
  return body;
}

/**
 * The results with undeclared answer values folded (choice, matrix) or left out (multiple
 * choice), by the survey's questions (`questionsOf(definition)`).
 */
export function foldUndeclaredValues(results: ResultsJson, questions: ResultQuestion[]): ResultsJson {
  const byName = new Map(questions.map((question) => [question.name, question]));
  return {
    ...results,
    questions: results.questions.map((question) => foldBody(question, byName.get(question.name)) as QuestionResultJson),
  };
}
