import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, ReminderAudience } from "../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** No reminder for this invitation is waiting in the outbox (so a second click does not double it). */
const reminderNotOnItsWay = sql<boolean>`not exists (select 1 from mail_outbox where mail_outbox.invitation_id = invitations.id
  and mail_outbox.kind = 'reminder' and mail_outbox.status in ('queued', 'sending'))`;

/**
 * Invitations a reminder may go to: the link is live, the invitation mail went out, nothing is
 * submitted yet, the recipient has had fewer reminders than the survey allows and none is on
 * its way already; and the recipient is in one of the chosen audiences:
 * - not_opened: never opened the link;
 * - not_started: opened it but saved no answer;
 * - draft: has a saved draft.
 */
export function remindableInvitations(
  db: Db,
  organisationId: string,
  surveyId: string,
  audience: ReminderAudience[],
  invitationIds?: string[],
) {
  return db
    .selectFrom("invitations")
    .innerJoin("surveys", "surveys.id", "invitations.survey_id")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .select(["invitations.id", "invitations.email", "invitations.name", "invitations.salutation", "invitations.language", "invitations.organisation_id"])
    .where("invitations.organisation_id", "=", organisationId)
    .where("invitations.survey_id", "=", surveyId)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.anonymous_submitted", "=", false)
    // A recipient whose response a planner deleted (often at their request) is not reminded.
    .where("invitations.response_deleted_at", "is", null)
    .where("invitations.mail_status", "=", "sent")
    .where((eb) => eb.or([eb("responses.status", "is", null), eb("responses.status", "=", "draft")]))
    .where(sql<boolean>`invitations.reminder_count < surveys.max_reminders`)
    .where(reminderNotOnItsWay)
    .where((eb) =>
      eb.or([
        ...(audience.includes("not_opened")
          ? [eb.and([eb("invitations.opened_at", "is", null), eb("responses.id", "is", null)])]
          : []),
        ...(audience.includes("not_started")
          ? [eb.and([eb("invitations.opened_at", "is not", null), eb("responses.id", "is", null)])]
          : []),
        ...(audience.includes("draft") ? [eb("responses.status", "=", "draft")] : []),
        ...(audience.length === 0 ? [sql<boolean>`false`] : []),
      ]),
    )
    .$if(invitationIds !== undefined, (query) => query.where("invitations.id", "in", invitationIds!.length > 0 ? invitationIds! : ["00000000-0000-0000-0000-000000000000"]))
    .orderBy("invitations.created_at")
    .orderBy("invitations.email");
}

/** How many recipients each audience holds now, and how many have had the most reminders allowed. */
export async function audienceCounts(db: Db, organisationId: string, surveyId: string) {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("surveys", "surveys.id", "invitations.survey_id")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .select([
      sql<number>`count(*) filter (where invitations.opened_at is null and responses.id is null and invitations.reminder_count < surveys.max_reminders)::int`.as(
        "not_opened",
      ),
      sql<number>`count(*) filter (where invitations.opened_at is not null and responses.id is null and invitations.reminder_count < surveys.max_reminders)::int`.as(
        "not_started",
      ),
      sql<number>`count(*) filter (where responses.status = 'draft' and invitations.reminder_count < surveys.max_reminders)::int`.as("draft"),
      sql<number>`count(*) filter (where invitations.reminder_count >= surveys.max_reminders)::int`.as("at_max"),
    ])
    .where("invitations.organisation_id", "=", organisationId)
    .where("invitations.survey_id", "=", surveyId)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.anonymous_submitted", "=", false)
    // A recipient whose response a planner deleted (often at their request) is not reminded.
    .where("invitations.response_deleted_at", "is", null)
    .where("invitations.mail_status", "=", "sent")
    .where((eb) => eb.or([eb("responses.status", "is", null), eb("responses.status", "=", "draft")]))
    .where(reminderNotOnItsWay)
    .executeTakeFirstOrThrow();
  return { notOpened: row.not_opened, notStarted: row.not_started, draft: row.draft, atMax: row.at_max };
}
