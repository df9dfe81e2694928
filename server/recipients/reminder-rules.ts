import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database, ReminderAudience } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { REMINDER_HOUR } from "./reminder-scheduler.ts";

/** Who plans a reminder, for which survey, and where its links will point. */
export interface ReminderRuleContext {
  organisationId: string;
  surveyId: string;
  createdBy: string;
  /** The address personal links start with when the reminder runs. */
  baseUrl: string;
}

/**
 * Plans one reminder for a set time; the reminder scheduler decides its audience when it runs.
 * Returns the rule's id.
 *
 * ```ts
 * const ruleId = await planReminder(db, context, new Date("2026-05-04T09:00:00+02:00"), ["not_started"]);
 * ```
 */
export async function planReminder(db: Kysely<Database>, context: ReminderRuleContext, runAt: Date, audience: ReminderAudience[]): Promise<string> {
  const rule = await db
    .insertInto("reminder_rules")
    .values({
      organisation_id: context.organisationId,
      survey_id: context.surveyId,
      run_at: runAt,
      audience: JSON.stringify(audience),
      created_by: context.createdBy,
      base_url: context.baseUrl,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return rule.id;
}

/**
 * Sets the most reminders per recipient and replaces the planned reminders n days before the
 * closing date (400 `duplicate_reminder_day` for two on one day). A rule that already ran for the
 * current closing date is not planned again, so saving twice never reminds twice.
 */
export async function saveReminderSettings(
  db: Kysely<Database>,
  context: ReminderRuleContext,
  settings: { maxReminders: number; rules: { daysBefore: number; audience: ReminderAudience[] }[] },
): Promise<void> {
  const days = settings.rules.map((rule) => rule.daysBefore);
  if (new Set(days).size !== days.length) {
    throw new ApiError(400, "duplicate_reminder_day", {
      de: "Für jeden Tag vor Fristende ist nur eine Erinnerung möglich.",
      en: "Only one reminder per day before the closing date.",
    });
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("surveys").set({ max_reminders: settings.maxReminders }).where("id", "=", context.surveyId).execute();
    await trx
      .deleteFrom("reminder_rules")
      .where("survey_id", "=", context.surveyId)
      .where("organisation_id", "=", context.organisationId)
      .where("done_at", "is", null)
      .where("days_before", "is not", null)
      .execute();
    // A rule that already ran for the current closing date is not planned again: saving the
    // settings once more (say, to change maxReminders) must not send its reminder a second time.
    const ran = await trx
      .selectFrom("reminder_rules")
      .innerJoin("surveys", "surveys.id", "reminder_rules.survey_id")
      .select("reminder_rules.days_before")
      .where("reminder_rules.survey_id", "=", context.surveyId)
      .where("reminder_rules.done_at", "is not", null)
      .where(
        sql<boolean>`reminder_rules.done_at >= ((surveys.closing_date - reminder_rules.days_before)::timestamp
          + make_interval(hours => ${REMINDER_HOUR})) at time zone 'Europe/Berlin'`,
      )
      .execute();
    const ranDays = new Set(ran.map((rule) => rule.days_before));
    const rules = settings.rules.filter((rule) => !ranDays.has(rule.daysBefore));
    if (rules.length > 0) {
      await trx
        .insertInto("reminder_rules")
        .values(
          rules.map((rule) => ({
            organisation_id: context.organisationId,
            survey_id: context.surveyId,
            days_before: rule.daysBefore,
            audience: JSON.stringify(rule.audience),
            created_by: context.createdBy,
            base_url: context.baseUrl,
          })),
        )
        .execute();
    }
  });
}

/** Drops a planned reminder of the survey that has not run yet (404 `reminder_rule_not_found` otherwise). */
export async function deleteReminderRule(db: Kysely<Database>, organisationId: string, surveyId: string, ruleId: string): Promise<void> {
  const deleted = await db
    .deleteFrom("reminder_rules")
    .where("id", "=", ruleId)
    .where("survey_id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .where("done_at", "is", null)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) {
    throw new ApiError(404, "reminder_rule_not_found", {
      de: "Diese geplante Erinnerung gibt es nicht (mehr).",
      en: "No such planned reminder (any more).",
    });
  }
}
