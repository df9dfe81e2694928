import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { startPeriodicJob, type PeriodicJob } from "../lib/periodic-job.ts";
import { sendReminders } from "./send-reminders.ts";

/** Reminders planned "n days before the closing date" go out at this hour, Berlin time. */
export const REMINDER_HOUR = 9;

/**
 * Runs the reminders that are due: rules with a fixed time that has come, and rules "n days
 * before the closing date" from 9:00 (Berlin) on that day. Each rule is claimed by setting
 * done_at in the same transaction that queues its mails, so with several app processes a
 * rule runs exactly once; a survey that is closed or past its closing date gets no reminder.
 * Returns how many mails were queued.
 */
export async function runDueReminders(db: Kysely<Database>): Promise<number> {
  const due = await db
    .selectFrom("reminder_rules")
    .innerJoin("surveys", "surveys.id", "reminder_rules.survey_id")
    .select(["reminder_rules.id"])
    .where("reminder_rules.done_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("reminder_rules.run_at", "<=", sql<Date>`now()`),
        sql<boolean>`(reminder_rules.days_before is not null and surveys.closing_date is not null and
          now() >= ((surveys.closing_date - reminder_rules.days_before)::timestamp + make_interval(hours => ${REMINDER_HOUR})) at time zone 'Europe/Berlin')`,
      ]),
    )
    .orderBy("reminder_rules.created_at")
    .limit(100)
    .execute();
  let queued = 0;
  for (const { id } of due) {
    queued += await db.transaction().execute(async (trx) => {
      const rule = await trx
        .updateTable("reminder_rules")
        .set({ done_at: new Date() })
        .where("id", "=", id)
        .where("done_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      if (!rule) return 0;
      const state = await trx
        .selectFrom("surveys")
        .select([
          "status",
          sql<boolean>`closing_date is not null and closing_date < (now() at time zone 'Europe/Berlin')::date`.as("ended"),
        ])
        .where("id", "=", rule.survey_id)
        .executeTakeFirstOrThrow();
      if (state.status !== "open" || state.ended) return 0;
      const creator = rule.created_by
        ? await trx.selectFrom("users").select(["id", "name", "email"]).where("id", "=", rule.created_by).executeTakeFirst()
        : undefined;
      const organisation = await trx.selectFrom("organisations").select("name").where("id", "=", rule.organisation_id).executeTakeFirstOrThrow();
      const result = await sendReminders(
        trx,
        {
          organisationId: rule.organisation_id,
          surveyId: rule.survey_id,
          baseUrl: rule.base_url,
          sender: creator ? { userId: creator.id, name: creator.name, email: creator.email } : { userId: null, name: organisation.name, email: "" },
        },
        rule.audience,
      );
      if (result.mailingId) await trx.updateTable("reminder_rules").set({ mailing_id: result.mailingId }).where("id", "=", rule.id).execute();
      return result.queued;
    });
  }
  return queued;
}

export type ReminderScheduler = PeriodicJob<number>;

/** Checks for due reminders every `intervalMs` and wakes the mail worker when it queued some. */
export function startReminderScheduler(options: { db: Kysely<Database>; intervalMs: number; onQueued: () => void }): ReminderScheduler {
  return startPeriodicJob({
    name: "reminder scheduler round",
    intervalMs: options.intervalMs,
    fallback: 0,
    round: async () => {
      const queued = await runDueReminders(options.db);
      if (queued > 0) {
        log("info", "scheduled reminders queued", { mails: queued });
        options.onQueued();
      }
      return queued;
    },
  });
}
