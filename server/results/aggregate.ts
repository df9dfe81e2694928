import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { QuestionShape } from "./survey-questions.ts";

export interface ValueCount {
  question: string;
  value: string;
  count: number;
}

/**
 * Counts submitted answers per question and value in one pass over the survey's responses.
 * Arrays (checkbox, tagbox) count each chosen value; scalars count once. Done in SQL so the
 * browser only receives small series, whatever the number of responses.
 */
export async function countValues(db: Kysely<Database>, organisationId: string, surveyId: string, questions: string[]) {
  if (questions.length === 0) return [];
  const result = await sql<ValueCount>`
    select answer.key as question, chosen.value as value, count(*)::int as count
    from responses
    cross join lateral jsonb_each(responses.answers) as answer
    cross join lateral jsonb_array_elements_text(
      case jsonb_typeof(answer.value) when 'array' then answer.value else jsonb_build_array(answer.value) end
    ) as chosen(value)
    where responses.survey_id = ${surveyId}
      and responses.organisation_id = ${organisationId}
      and responses.status = 'submitted'
      and answer.key = any(${sql.val(questions)}::text[])
      and jsonb_typeof(answer.value) in ('string', 'number', 'boolean', 'array')
    group by 1, 2`.execute(db);
  return result.rows;
}

/** How many submitted responses answered each question (the n of its chart). */
export async function countAnswered(db: Kysely<Database>, organisationId: string, surveyId: string) {
  const result = await sql<{ question: string; answered: number }>`
    select answer.key as question, count(*)::int as answered
    from responses
    cross join lateral jsonb_each(responses.answers) as answer
    where responses.survey_id = ${surveyId}
      and responses.organisation_id = ${organisationId}
      and responses.status = 'submitted'
      and answer.value not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb)
    group by 1`.execute(db);
  return new Map(result.rows.map((row) => [row.question, row.answered]));
}

/** Likert matrices: counts per question, row and column. */
export async function countMatrixValues(db: Kysely<Database>, organisationId: string, surveyId: string, questions: string[]) {
  if (questions.length === 0) return [];
  const result = await sql<{ question: string; row: string; value: string; count: number }>`
    select answer.key as question, cell.key as row, cell.value #>> '{}' as value, count(*)::int as count
    from responses
    cross join lateral jsonb_each(responses.answers) as answer
    cross join lateral jsonb_each(case jsonb_typeof(answer.value) when 'object' then answer.value else '{}'::jsonb end) as cell
    where responses.survey_id = ${surveyId}
      and responses.organisation_id = ${organisationId}
      and responses.status = 'submitted'
      and answer.key = any(${sql.val(questions)}::text[])
    group by 1, 2, 3`.execute(db);
  return result.rows;
}

/** Free-text answers of the given questions, newest first, up to `limit` per question. */
export async function listTexts(db: Kysely<Database>, organisationId: string, surveyId: string, questions: QuestionShape[], limit = 500) {
  if (questions.length === 0) return new Map<string, string[]>();
  const result = await sql<{ question: string; text: string }>`
    select question, text from (
      select answer.key as question, answer.value #>> '{}' as text,
             row_number() over (partition by answer.key order by responses.submitted_at desc) as position
      from responses
      cross join lateral jsonb_each(responses.answers) as answer
      where responses.survey_id = ${surveyId}
        and responses.organisation_id = ${organisationId}
        and responses.status = 'submitted'
        and answer.key = any(${sql.val(questions.map((question) => question.name))}::text[])
        and jsonb_typeof(answer.value) = 'string'
        and answer.value <> '""'::jsonb
    ) ranked
    where position <= ${limit}
    order by question, position`.execute(db);
  const texts = new Map<string, string[]>();
  for (const row of result.rows) texts.set(row.question, [...(texts.get(row.question) ?? []), row.text]);
  return texts;
}
