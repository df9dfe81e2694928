import { sql, type Kysely } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { startPeriodicJob, type PeriodicJob } from "../lib/periodic-job.ts";

/**
 * When a survey ended: the earlier of the moment it was closed (while it is closed) and the end
 * of its closing date (midnight after it, Berlin time: links stop taking answers then). null
 * while it has neither, i.e. it is running. Reopening clears closed_at, so a reopened survey
 * with a closing date ahead is running again.
 */
const surveyEndedAt = sql<Date | null>`least(
  case when surveys.status = 'closed' then surveys.closed_at end,
  case when surveys.closing_date is not null then ((surveys.closing_date + 1)::timestamp at time zone 'Europe/Berlin') end
)`;

/** The survey ended longer ago than its organisation keeps responses. */
const pastRetention = sql<boolean>`(
  organisations.retention_months is not null
  and surveys.status <> 'draft'
  and ${surveyEndedAt} < now() - make_interval(months => organisations.retention_months)
)`;

export interface RetentionSweepResult {
  surveys: number;
  responses: number;
  submissions: number;
}

/** Surveys looked at per round; a further round (next hour) takes the rest. */
const SURVEYS_PER_ROUND = 200;

/**
 * Deletes the responses (and their kept submissions) of every survey whose organisation set a
 * retention period (`organisations.retention_months`) and that ended longer ago than that. Each
 * survey is done in its own transaction, re-checking the condition there, with an audit entry
 * (`retention.deleted_responses`, with counts) — only when something was deleted, so running it
 * again, or in several processes at once, changes nothing. Invitations stay (who was asked,
 * when, with what result), the answers go.
 *
 * @example
 * const { responses } = await runRetentionSweep(db);
 */
export async function runRetentionSweep(db: Kysely<Database>): Promise<RetentionSweepResult> {
  const due = await db
    .selectFrom("surveys")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select(["surveys.id", "surveys.organisation_id", "surveys.title", "organisations.retention_months", surveyEndedAt.as("ended_at")])
    .where(pastRetention)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom("responses").select("responses.id").whereRef("responses.survey_id", "=", "surveys.id")),
        eb.exists(eb.selectFrom("pending_anonymous_answers").select("pending_anonymous_answers.id").whereRef("pending_anonymous_answers.survey_id", "=", "surveys.id")),
      ]),
    )
    .orderBy("surveys.id")
    .limit(SURVEYS_PER_ROUND)
    .execute();
  const result: RetentionSweepResult = { surveys: 0, responses: 0, submissions: 0 };
  for (const survey of due) {
    const deleted = await db.transaction().execute(async (trx) => {
      const stillDue = await trx
        .selectFrom("surveys")
        .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
        .select("surveys.id")
        .where("surveys.id", "=", survey.id)
        .where(pastRetention)
        .forUpdate()
        .executeTakeFirst();
      if (!stillDue) return null;
      const submissions = await trx
        .deleteFrom("response_submissions")
        .where("organisation_id", "=", survey.organisation_id)
        .where("response_id", "in", (eb) => eb.selectFrom("responses").select("responses.id").where("responses.survey_id", "=", survey.id))
        .executeTakeFirst();
      const responses = await trx
        .deleteFrom("responses")
        .where("organisation_id", "=", survey.organisation_id)
        .where("survey_id", "=", survey.id)
        .executeTakeFirst();
      // Anonymous answers still waiting for their batch go like any response.
      const pending = await trx
        .deleteFrom("pending_anonymous_answers")
        .where("organisation_id", "=", survey.organisation_id)
        .where("survey_id", "=", survey.id)
        .executeTakeFirst();
      const counts = {
        responses: Number(responses.numDeletedRows) + Number(pending.numDeletedRows),
        submissions: Number(submissions.numDeletedRows),
      };
      if (counts.responses === 0 && counts.submissions === 0) return null;
      await recordAudit(trx, {
        organisationId: survey.organisation_id,
        userId: null,
        action: "retention.deleted_responses",
        targetType: "survey",
        targetId: survey.id,
        targetLabel: survey.title,
        details: {
          ...counts,
          retentionMonths: survey.retention_months,
          surveyEndedAt: survey.ended_at ? new Date(survey.ended_at).toISOString() : null,
        },
      });
      return counts;
    });
    if (!deleted) continue;
    result.surveys += 1;
    result.responses += deleted.responses;
    result.submissions += deleted.submissions;
  }
  return result;
}

export type RetentionSweeper = PeriodicJob<RetentionSweepResult>;

const nothing: RetentionSweepResult = { surveys: 0, responses: 0, submissions: 0 };

/**
 * Runs the retention sweep every `intervalMs` (hourly in the app; once at start too, see
 * server/start.ts). A round never overlaps the previous one; a failed round is logged and the
 * next one tries again.
 */
export function startRetentionSweeper(options: { db: Kysely<Database>; intervalMs: number }): RetentionSweeper {
  return startPeriodicJob({
    name: "retention sweep",
    intervalMs: options.intervalMs,
    fallback: nothing,
    round: async () => {
      const result = await runRetentionSweep(options.db);
      if (result.surveys > 0) log("info", "retention: responses deleted", { ...result });
      return result;
    },
  });
}
