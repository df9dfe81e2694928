import { sql, type RawBuilder } from "kysely";

/**
 * The one condition for "a response that counts": submitted and not excluded by a planner.
 * Every aggregate (results, protected results, trend, gap matrix, network views, summary export)
 * and the row exports select their responses with it, so a new view cannot forget an exclusion.
 *
 * @example
 * sql`select count(*) from responses as r where r.survey_id = ${id} and ${countedResponse("r")}`
 */
export function countedResponse(alias: string): RawBuilder<unknown> {
  return sql`(${sql.ref(`${alias}.status`)} = 'submitted' and ${sql.ref(`${alias}.excluded_at`)} is null)`;
}

/**
 * The answer document results read, and the condition under which a response counts: a
 * pseudonymous survey's released answers (release-pseudonymous-answers.ts; results move in
 * batches of k), otherwise the current answers of submitted responses. Not excluded, either way.
 */
export function countedAnswers(alias: string, released: boolean): { answers: RawBuilder<unknown>; counted: RawBuilder<unknown> } {
  if (!released) return { answers: sql.ref(`${alias}.answers`), counted: countedResponse(alias) };
  return {
    answers: sql.ref(`${alias}.released_answers`),
    counted: sql`(${sql.ref(`${alias}.released_answers`)} is not null and ${sql.ref(`${alias}.excluded_at`)} is null)`,
  };
}
