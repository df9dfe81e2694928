import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { startPeriodicJob } from "../lib/periodic-job.ts";

/**
 * Erasure in chunks. Deleting a survey with 100,000 invitations in one statement takes seconds
 * (every invitation takes its link, mails, response and submissions with it) and would hold one
 * transaction, a connection and, on PGlite, the only connection for all that time. So a confirmed
 * deletion only marks the survey or organisation (`erasure_requested_at`): from that moment it is
 * gone for every planner route and every link. The eraser then removes its rows a chunk at a
 * time, each chunk its own short transaction, records the progress the planner's dialog shows, and
 * finally deletes the row itself. A restart, or another process, resumes where it stopped.
 */

/** Up to this many work units (invitations, answers without one) a deletion finishes within the request. */
export const ERASED_WITHIN_REQUEST = 5_000;

/** Invitations (with everything hanging on them) or answers removed per transaction. */
export const ERASURE_CHUNK = 2_000;

/** Work units of a survey's erasure: invitations, and answers that hang on no invitation (anonymous). */
export const erasureUnits = (surveyId: string) => sql<number>`(
  (select count(*)::int from invitations where survey_id = ${surveyId})
  + (select count(*)::int from responses where survey_id = ${surveyId} and invitation_id is null)
  + (select count(*)::int from pending_anonymous_answers where survey_id = ${surveyId}))`;

/**
 * Removes one chunk of a survey marked for erasure, or, once nothing hangs on it any more, the
 * survey itself (its mailings, templates, reminders and the rest go with it by cascade). Returns
 * the units removed in this chunk (1 for the final step, the survey row); 0 once the survey is gone.
 */
export async function eraseSurveyChunk(db: Kysely<Database>, surveyId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const survey = await trx
      .selectFrom("surveys")
      .select("id")
      .where("id", "=", surveyId)
      .where("erasure_requested_at", "is not", null)
      .executeTakeFirst();
    if (!survey) return 0;
    // Anonymous answers first: they hang on no invitation, so the invitations' cascade misses them.
    let removed = Number(
      (
        await trx
          .deleteFrom("pending_anonymous_answers")
          .where("id", "in", (eb) => eb.selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", surveyId).limit(ERASURE_CHUNK))
          .executeTakeFirst()
      ).numDeletedRows,
    );
    if (removed < ERASURE_CHUNK) {
      removed += Number(
        (
          await trx
            .deleteFrom("responses")
            .where("id", "in", (eb) =>
              eb.selectFrom("responses").select("id").where("survey_id", "=", surveyId).where("invitation_id", "is", null).limit(ERASURE_CHUNK - removed),
            )
            .executeTakeFirst()
        ).numDeletedRows,
      );
    }
    if (removed < ERASURE_CHUNK) {
      // Each invitation takes its links, mails, response and submissions with it (ON DELETE CASCADE).
      removed += Number(
        (
          await trx
            .deleteFrom("invitations")
            .where("id", "in", (eb) => eb.selectFrom("invitations").select("id").where("survey_id", "=", surveyId).limit(ERASURE_CHUNK - removed))
            .executeTakeFirst()
        ).numDeletedRows,
      );
    }
    if (removed > 0) {
      await trx
        .updateTable("erasures")
        .set({ done: sql`least(total, done + ${removed})` })
        .where("survey_id", "=", surveyId)
        .where("finished_at", "is", null)
        .execute();
      return removed;
    }
    await trx.deleteFrom("surveys").where("id", "=", surveyId).execute();
    await trx.updateTable("erasures").set({ done: sql`total`, finished_at: sql`now()` }).where("survey_id", "=", surveyId).where("finished_at", "is", null).execute();
    return 1;
  });
}

/**
 * Erases the next chunk of whatever is marked (or only of one organisation): surveys first
 * (those of an organisation being erased were marked with it), then organisations with no survey
 * left, whose remaining rows (directory, canon items, audit log…) go in one statement. False when
 * nothing is marked.
 */
export async function eraseNextChunk(db: Kysely<Database>, organisationId?: string): Promise<boolean> {
  const survey = await db
    .selectFrom("surveys")
    .select("id")
    .where("erasure_requested_at", "is not", null)
    .$if(organisationId !== undefined, (query) => query.where("organisation_id", "=", organisationId!))
    .orderBy("erasure_requested_at")
    .limit(1)
    .executeTakeFirst();
  if (survey) {
    await eraseSurveyChunk(db, survey.id);
    return true;
  }
  const organisation = await db
    .selectFrom("organisations")
    .select("id")
    .where("erasure_requested_at", "is not", null)
    .$if(organisationId !== undefined, (query) => query.where("id", "=", organisationId!))
    .orderBy("erasure_requested_at")
    .limit(1)
    .executeTakeFirst();
  if (!organisation) return false;
  // A survey the organisation's marking missed (none should exist: its accounts ended with the mark).
  const missed = await db
    .updateTable("surveys")
    .set({ erasure_requested_at: sql`now()`, series_id: null })
    .where("organisation_id", "=", organisation.id)
    .where("erasure_requested_at", "is", null)
    .executeTakeFirst();
  if (Number(missed.numUpdatedRows) > 0) return true;
  await db
    .deleteFrom("organisations")
    .where("id", "=", organisation.id)
    .where("erasure_requested_at", "is not", null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("surveys").select("id").where("organisation_id", "=", organisation.id))))
    .execute();
  log("info", "organisation erased", { organisationId: organisation.id });
  return true;
}

/** Runs chunks until nothing marked for erasure (of one organisation, if given) is left. Returns the chunks run. */
export async function eraseAllMarked(db: Kysely<Database>, organisationId?: string): Promise<number> {
  let chunks = 0;
  while (await eraseNextChunk(db, organisationId)) chunks += 1;
  return chunks;
}

/** Finished progress entries are kept this long, so a dialog left open still sees its erasure finish. */
const FINISHED_KEPT = sql`interval '1 day'`;

export interface Eraser {
  /** Starts erasing what was just marked (or joins the round under way, which then looks again); nothing once stopped. */
  wake(): void;
  /** Runs a round now and waits for it: everything marked is erased. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The background eraser: woken when a deletion is confirmed, and every `intervalMs` (marks left
 * by a stopped process or another one), it erases everything marked, chunk by chunk.
 */
export function startEraser(options: { db: Kysely<Database>; intervalMs: number }): Eraser {
  let again = false;
  let stopped = false;
  const job = startPeriodicJob({
    name: "erasure",
    intervalMs: options.intervalMs,
    fallback: 0,
    round: async () => {
      let chunks = 0;
      do {
        again = false;
        chunks += await eraseAllMarked(options.db);
      } while (again);
      await options.db.deleteFrom("erasures").where("finished_at", "<", sql<Date>`now() - ${FINISHED_KEPT}`).execute();
      return chunks;
    },
  });
  return {
    wake() {
      if (stopped) return;
      again = true;
      void job.runOnce();
    },
    runOnce: () => job.runOnce(),
    stop() {
      stopped = true;
      return job.stop();
    },
  };
}
