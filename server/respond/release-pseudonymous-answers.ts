import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { recipientGroupsOf } from "../results/recipient-groups.ts";

/**
 * Pseudonymous surveys: the planner sees who took part (the invitation list says when), and the
 * answers only in protected aggregates. If the aggregates followed every submission, comparing
 * them before and after one institution submitted (or changed its answers) would show that
 * institution's answers. So results read `responses.released_answers`, which is copied from the
 * answers only when at least k submissions (new ones, or changed answers) wait, all of them in one
 * statement: what changes between two releases rests on at least k institutions. The groups a
 * response is broken down by (district, type, networks…) are released with it, and a change in
 * the directory waits like a changed answer (recipient-groups.ts), and so does a response erased
 * at its respondent's request, which leaves the results with the batch. Fewer than k
 * wait (the planner sees how many), also after the survey closed, until more come or k is lowered.
 *
 * @example
 * await releasePseudonymousAnswers(db, surveyId); // 0 while fewer than k wait, else how many were released
 */
export async function releasePseudonymousAnswers(db: Kysely<Database>, surveyId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`pseudonymous-release:${surveyId}`}, 0))`.execute(trx);
    const survey = await trx
      .selectFrom("surveys")
      .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
      .select(["organisations.min_cell_size"])
      .where("surveys.id", "=", surveyId)
      .where("surveys.privacy_mode", "=", "pseudonymous")
      .executeTakeFirst();
    if (!survey) return 0;
    const waiting = await waitingQuery(trx, surveyId).select(["responses.id", "responses.invitation_id"]).forUpdate().execute();
    if (waiting.length < survey.min_cell_size) return 0;
    const erased = waiting.filter((row) => row.invitation_id === null).map((row) => row.id);
    const changed = waiting.filter((row) => row.invitation_id !== null).map((row) => row.id);
    if (erased.length > 0) await trx.deleteFrom("responses").where("id", "in", erased).execute();
    if (changed.length > 0) {
      await trx
        .updateTable("responses")
        .set({ released_answers: sql`responses.answers`, released_groups: sql`${recipientGroupsOf("responses")}` })
        .where("id", "in", changed)
        .execute();
    }
    return waiting.length;
  });
}

/**
 * A submitted response whose answers, or whose groups in the directory (a planner moved it to
 * another district, say), differ from what results show; or one erased at its respondent's
 * request (no invitation any more), which leaves the results with the batch.
 */
const waiting = sql<boolean>`(responses.status = 'submitted' and (
  responses.invitation_id is null
  or responses.released_answers is distinct from responses.answers
  or responses.released_groups is distinct from ${recipientGroupsOf("responses")}))`;

/** Submitted responses of the survey waiting for their batch. */
function waitingQuery(db: Kysely<Database>, surveyId: string) {
  return db.selectFrom("responses").where("responses.survey_id", "=", surveyId).where(waiting);
}

/** Releases every pseudonymous survey (of one organisation, or all) with at least k waiting; how many were released. */
export async function releaseAllPseudonymousAnswers(db: Kysely<Database>, organisationId?: string): Promise<number> {
  const due = await db
    .selectFrom("responses")
    .innerJoin("surveys", "surveys.id", "responses.survey_id")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select("responses.survey_id")
    .where("surveys.privacy_mode", "=", "pseudonymous")
    .where(waiting)
    .$if(organisationId !== undefined, (query) => query.where("surveys.organisation_id", "=", organisationId!))
    .groupBy(["responses.survey_id", "organisations.min_cell_size"])
    .having(sql<boolean>`count(*) >= organisations.min_cell_size`)
    .execute();
  let released = 0;
  for (const { survey_id } of due) released += await releasePseudonymousAnswers(db, survey_id);
  return released;
}

/** How many submissions of a pseudonymous survey wait for their batch (undefined when none). */
export async function pendingPseudonymousRelease(db: Kysely<Database>, organisationId: string, surveyId: string): Promise<{ answers: number; batchSize: number } | undefined> {
  const row = await db
    .selectFrom("surveys")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select(["organisations.min_cell_size", "surveys.privacy_mode"])
    .where("surveys.id", "=", surveyId)
    .where("surveys.organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row || row.privacy_mode !== "pseudonymous") return undefined;
  const { count } = await waitingQuery(db, surveyId).select(sql<number>`count(*)::int`.as("count")).executeTakeFirstOrThrow();
  return count > 0 ? { answers: count, batchSize: row.min_cell_size } : undefined;
}
