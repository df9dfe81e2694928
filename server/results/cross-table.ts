import { z } from "@hono/zod-openapi";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { withCounts } from "./assemble-results.ts";
import { isChoiceLike, questionsOf, type ResultQuestion } from "./question-kinds.ts";
import type { CrossTableJson } from "./result-schemas.ts";
import { checkFilterAndGrouping, choiceValuesOf, questionNamed, respondentsCtes, resultsFilterSchema, type ResultsFilter } from "./results-filter.ts";
import { readAggregate } from "./unit-columns.ts";
import type { ResultsSurvey } from "./results-service.ts";

export const crossTableRequestSchema = z
  .object({
    rows: z.string().min(1).max(300).openapi({ description: "Name of a choice or multiple-choice question: one row per option." }),
    columns: z.string().min(1).max(300).openapi({ description: "Name of a choice or multiple-choice question: one column per option." }),
    filter: resultsFilterSchema.optional(),
  })
  .openapi("CrossTableRequest");

export type CrossTableRequest = z.infer<typeof crossTableRequestSchema>;

function choiceQuestion(questions: ResultQuestion[], name: string): ResultQuestion {
  const question = questionNamed(questions, name);
  if (!isChoiceLike(question)) {
    throw new ApiError(
      400,
      "question_not_choice",
      {
        de: `Eine Kreuztabelle braucht Auswahlfragen; „${question.name}“ ist keine.`,
        en: `A cross-table needs choice questions; "${question.name}" is not one.`,
      },
      { question: question.name, kind: question.kind },
    );
  }
  return question;
}

/**
 * Respondents counted by their answers to two choice questions: cells[r][c] respondents chose
 * row option r and column option c (with multiple choice, a respondent counts in every pair of
 * their choices); totals count respondents, so they need not be the sums of cells.
 *
 * @example
 * const table = await crossTable(db, organisationId, survey, { rows: "network.type", columns: "network.sphere" });
 * table.cells[0][1]; // district conferences working city-wide
 */
export async function crossTable(db: Kysely<Database>, organisationId: string, survey: ResultsSurvey, request: CrossTableRequest): Promise<CrossTableJson> {
  const questions = questionsOf(survey.definition);
  const filter: ResultsFilter = request.filter ?? {};
  checkFilterAndGrouping(questions, filter, undefined);
  const rowQuestion = choiceQuestion(questions, request.rows);
  const columnQuestion = choiceQuestion(questions, request.columns);

  const counted = await readAggregate(
    db,
    sql<{ row_value: string | null; column_value: string | null; level: number; count: number }>`
      with ${respondentsCtes({ db, organisationId, surveyId: survey.id, filter })},
      pairs as (
        select respondents.id, row_value.value as row_value, column_value.value as column_value
        from respondents
        cross join lateral ${choiceValuesOf(sql`respondents.answers -> ${rowQuestion.name}`)} as row_value
        cross join lateral ${choiceValuesOf(sql`respondents.answers -> ${columnQuestion.name}`)} as column_value
      )
      select row_value, column_value, grouping(row_value, column_value)::int as level, count(distinct id)::int as count
      from pairs
      group by grouping sets ((row_value, column_value), (row_value), (column_value), ())`,
  );

  const cells = new Map<string, number>();
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  let n = 0;
  for (const row of counted) {
    if (row.level === 0) cells.set(JSON.stringify([row.row_value, row.column_value]), row.count);
    else if (row.level === 1) rowTotals.set(row.row_value!, row.count);
    else if (row.level === 2) columnTotals.set(row.column_value!, row.count);
    else n = row.count;
  }
  const axis = (question: ResultQuestion, totals: Map<string, number>) => ({
    name: question.name,
    title: question.title,
    kind: question.kind as "choice" | "multiple",
    values: withCounts(question.options, totals).map(({ value, label, count }) => ({ value, label, total: count })),
  });
  const rows = axis(rowQuestion, rowTotals);
  const columns = axis(columnQuestion, columnTotals);
  return {
    n,
    rows,
    columns,
    cells: rows.values.map((row) => columns.values.map((column) => cells.get(JSON.stringify([row.value, column.value])) ?? 0)),
  };
}
