import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { audienceCounts } from "./reminder-audience.ts";

/**
 * What the reminder page shows for a survey: the most reminders per recipient, the closing date,
 * who can be reminded now (per audience), and the planned and done reminders. The survey must
 * already be known to belong to the organisation (e.g. loaded with findOrganisationSurvey).
 *
 * ```ts
 * const overview = await reminderOverview(db, session.organisationId, survey.id);
 * ```
 */
export async function reminderOverview(db: Kysely<Database>, organisationId: string, surveyId: string) {
  const survey = await db
    .selectFrom("surveys")
    .select(["max_reminders", "closing_date"])
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const rules = await db
    .selectFrom("reminder_rules")
    .selectAll()
    .where("survey_id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .orderBy("done_at", "desc")
    .orderBy("days_before", "desc")
    .orderBy("run_at")
    .execute();
  return {
    maxReminders: survey.max_reminders,
    closingDate: survey.closing_date,
    audience: await audienceCounts(db, organisationId, surveyId),
    rules: rules.map((rule) => ({
      id: rule.id,
      daysBefore: rule.days_before,
      runAt: rule.run_at?.toISOString() ?? null,
      audience: rule.audience,
      doneAt: rule.done_at?.toISOString() ?? null,
      mailingId: rule.mailing_id,
    })),
  };
}
