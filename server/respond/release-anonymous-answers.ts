import { randomInt, randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { startPeriodicJob, type PeriodicJob } from "../lib/periodic-job.ts";
import { releaseAllPseudonymousAnswers, releasePseudonymousAnswers } from "./release-pseudonymous-answers.ts";
import { vacuumAnswerTables } from "./vacuum-answer-tables.ts";

/**
 * Anonymous answers reach results and exports only in batches of at least k, k being the
 * organisation's smallest shown group (`organisations.min_cell_size`, 3–10). Once k or more
 * answers of a survey wait in `pending_anonymous_answers`, all of them become new `responses`
 * rows in ONE transaction that touches no invitation: fresh random ids, no invitation, device,
 * revisions or history, every timestamp the survey's opening time, inserted in a random order
 * (crypto). So the transaction id (xmin), the physical order (ctid) and the timestamps of a
 * released answer are shared with the whole batch and say nothing about when, or through which
 * invitation, it was submitted. The pending rows are deleted in the same transaction; the caller
 * runs VACUUM afterwards (vacuum-answer-tables.ts) so their dead tuples do not linger.
 *
 * Fewer than k never leave: they wait (the planner sees how many), also after the survey closed,
 * until more arrive or the organisation lowers k; they go with the survey or by retention like
 * any response.
 *
 * Runs right after each anonymous submit, at close, after k changed, at start and periodically.
 * An advisory lock per survey makes concurrent runs take turns; each pending row is released once.
 *
 * @example
 * const released = await releaseAnonymousAnswers(db, surveyId); // new response ids, in release order
 * if (released.length > 0) await vacuumAnswerTables(db);
 */
export async function releaseAnonymousAnswers(db: Kysely<Database>, surveyId: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`anonymous-release:${surveyId}`}, 0))`.execute(trx);
    const survey = await trx
      .selectFrom("surveys")
      .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
      .select(["surveys.organisation_id", "surveys.opened_at", "organisations.min_cell_size"])
      .where("surveys.id", "=", surveyId)
      .where("surveys.privacy_mode", "=", "anonymous")
      .executeTakeFirst();
    if (!survey) return [];
    // A draft a racing autosave started after its invitation submitted links answers to it: it goes.
    await trx
      .deleteFrom("responses")
      .where("survey_id", "=", surveyId)
      .where("invitation_id", "in", (eb) =>
        eb.selectFrom("invitations").select("invitations.id").where("invitations.survey_id", "=", surveyId).where("invitations.anonymous_submitted", "=", true),
      )
      .execute();
    const pending = await trx.selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", surveyId).forUpdate().execute();
    if (pending.length < survey.min_cell_size) return [];

    const order = shuffled(pending.map((row) => row.id));
    const newIds = order.map(() => randomUUID());
    const moment = survey.opened_at ?? sql<Date>`date_trunc('month', now())`;
    await sql`
      with taken as (
        delete from pending_anonymous_answers
        where survey_id = ${surveyId} and id = any(${sql.val(order)}::uuid[])
        returning id, answers
      )
      insert into responses (id, organisation_id, survey_id, invitation_id, answers, answer_revisions, current_page, revision,
                             status, last_device, created_at, updated_at, submitted_at)
      select release.new_id, ${survey.organisation_id}, ${surveyId}, null, taken.answers, '{}'::jsonb, 0, 1,
             'submitted', '', ${moment}, ${moment}, ${moment}
      from taken
      join unnest(${sql.val(order)}::uuid[], ${sql.val(newIds)}::uuid[]) with ordinality as release(pending_id, new_id, position)
        on release.pending_id = taken.id
      order by release.position`.execute(trx);
    return newIds;
  });
}

/**
 * Releases every survey (of one organisation, or of all) that has at least its organisation's k
 * answers waiting; returns how many answers were released.
 */
export async function releaseAllAnonymousAnswers(db: Kysely<Database>, organisationId?: string): Promise<number> {
  const due = await db
    .selectFrom("pending_anonymous_answers")
    .innerJoin("organisations", "organisations.id", "pending_anonymous_answers.organisation_id")
    .select("pending_anonymous_answers.survey_id")
    .$if(organisationId !== undefined, (query) => query.where("pending_anonymous_answers.organisation_id", "=", organisationId!))
    .groupBy(["pending_anonymous_answers.survey_id", "organisations.min_cell_size"])
    .having(sql<boolean>`count(*) >= organisations.min_cell_size`)
    .execute();
  let released = 0;
  for (const { survey_id } of due) released += (await releaseAnonymousAnswers(db, survey_id)).length;
  return released;
}

/** What to release: one survey, one organisation's surveys, or every survey. */
export type ReleaseScope = { surveyId: string } | { organisationId: string } | "all";

/**
 * Releases what is due in the scope (anonymous batches, and pseudonymous results' batches) and,
 * when anonymous answers were released, vacuums the answer tables.
 */
export async function releaseAndVacuum(db: Kysely<Database>, scope: ReleaseScope): Promise<number> {
  const pseudonymous =
    scope === "all"
      ? await releaseAllPseudonymousAnswers(db)
      : "surveyId" in scope
        ? await releasePseudonymousAnswers(db, scope.surveyId)
        : await releaseAllPseudonymousAnswers(db, scope.organisationId);
  const released =
    scope === "all"
      ? await releaseAllAnonymousAnswers(db)
      : "surveyId" in scope
        ? (await releaseAnonymousAnswers(db, scope.surveyId)).length
        : await releaseAllAnonymousAnswers(db, scope.organisationId);
  if (released > 0) await vacuumAnswerTables(db);
  return released + pseudonymous;
}

/**
 * releaseAndVacuum for the requests that trigger it (a submit, closing a survey, changing k):
 * their own work is done and stays done; a release that fails is logged and caught up by the
 * periodic round.
 */
export async function releaseAfterRequest(db: Kysely<Database>, scope: ReleaseScope): Promise<number> {
  try {
    return await releaseAndVacuum(db, scope);
  } catch (error) {
    log("error", "anonymous release failed", { error: error instanceof Error ? error.message : String(error) });
    return 0;
  }
}

/** The periodic round: catches up what a failed or skipped release left, e.g. after k was lowered. */
export function startAnonymousReleaser(options: { db: Kysely<Database>; intervalMs: number }): PeriodicJob<number> {
  return startPeriodicJob({ name: "anonymous release", intervalMs: options.intervalMs, fallback: 0, round: () => releaseAndVacuum(options.db, "all") });
}

/**
 * How many anonymous answers of a survey wait for their batch, and the batch size they wait for
 * (the organisation's k); undefined when none wait. Shown to planners with the results.
 */
export async function pendingRelease(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
): Promise<{ answers: number; batchSize: number } | undefined> {
  const row = await db
    .selectFrom("organisations")
    .select([
      "min_cell_size",
      sql<number>`(select count(*)::int from pending_anonymous_answers
        where pending_anonymous_answers.organisation_id = ${organisationId} and pending_anonymous_answers.survey_id = ${surveyId})`.as("answers"),
    ])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return row.answers > 0 ? { answers: row.answers, batchSize: row.min_cell_size } : undefined;
}

/** Fisher–Yates with a cryptographic generator: the release order must not be guessable. */
function shuffled<T>(items: T[]): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = randomInt(index + 1);
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}
