import { sql, type Kysely } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/schema.ts";
import { notFound } from "../lib/api-error.ts";
import { ERASED_WITHIN_REQUEST, erasureUnits, eraseSurveyChunk } from "./erasure.ts";

/** What deleting a survey takes with it, counted (shown in the confirmation and kept in the audit log). */
export interface SurveyDeletionSummary {
  id: string;
  title: string;
  status: "draft" | "open" | "closed";
  invitations: number;
  /** Personal links of those invitations (every link stops working). */
  links: number;
  responses: number;
  submittedResponses: number;
  /** Kept submissions (a response submitted, changed and submitted again has several). */
  submissions: number;
  mailings: number;
  /** Mails in the outbox: queued, sent or failed. */
  mails: number;
  reminderRules: number;
  networkViews: number;
  mailTemplates: number;
}

/**
 * Counts everything of one survey of the organisation; 404 when it is not the organisation's.
 *
 * @example
 * const summary = await surveyDeletionSummary(db, organisationId, surveyId);
 * // { title: "Bestandsaufnahme 2026", invitations: 120, responses: 87, … }
 */
export async function surveyDeletionSummary(db: Kysely<Database>, organisationId: string, surveyId: string): Promise<SurveyDeletionSummary> {
  const row = await db
    .selectFrom("surveys as s")
    .select([
      "s.id",
      "s.title",
      "s.status",
      sql<number>`(select count(*)::int from invitations i where i.survey_id = s.id)`.as("invitations"),
      sql<number>`(select count(*)::int from invitation_links l join invitations i on i.id = l.invitation_id where i.survey_id = s.id)`.as("links"),
      // Anonymous answers waiting for their batch are submitted responses too.
      sql<number>`(select count(*)::int from responses r where r.survey_id = s.id)
        + (select count(*)::int from pending_anonymous_answers p where p.survey_id = s.id)`.as("responses"),
      sql<number>`(select count(*)::int from responses r where r.survey_id = s.id and r.status = 'submitted')
        + (select count(*)::int from pending_anonymous_answers p where p.survey_id = s.id)`.as("submitted_responses"),
      sql<number>`(select count(*)::int from response_submissions rs join responses r on r.id = rs.response_id where r.survey_id = s.id)`.as("submissions"),
      sql<number>`(select count(*)::int from mailings m where m.survey_id = s.id)`.as("mailings"),
      sql<number>`(select count(*)::int from mail_outbox o where o.invitation_id in (select i.id from invitations i where i.survey_id = s.id)
        or o.mailing_id in (select m.id from mailings m where m.survey_id = s.id))`.as("mails"),
      sql<number>`(select count(*)::int from reminder_rules rr where rr.survey_id = s.id)`.as("reminder_rules"),
      sql<number>`(select count(*)::int from network_views nv where nv.survey_id = s.id)`.as("network_views"),
      sql<number>`(select count(*)::int from survey_mail_templates t where t.survey_id = s.id)`.as("mail_templates"),
    ])
    .where("s.id", "=", surveyId)
    .where("s.organisation_id", "=", organisationId)
    .where("s.erasure_requested_at", "is", null)
    .executeTakeFirst();
  if (!row) throw notFound("Survey");
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    invitations: Number(row.invitations),
    links: Number(row.links),
    responses: Number(row.responses),
    submittedResponses: Number(row.submitted_responses),
    submissions: Number(row.submissions),
    mailings: Number(row.mailings),
    mails: Number(row.mails),
    reminderRules: Number(row.reminder_rules),
    networkViews: Number(row.network_views),
    mailTemplates: Number(row.mail_templates),
  };
}

/** How far a survey's erasure has come (the planner's dialog shows it as a progress bar). */
export interface ErasureProgress {
  id: string;
  title: string;
  total: number;
  done: number;
  finished: boolean;
}

/**
 * Deletes a survey of the organisation with everything that hangs on it (invitations and their
 * links, responses and submissions, mailings and their outbox mails, mail templates, reminder
 * rules, network share links) and records it in the audit log. The audit entry keeps the title
 * and the counts, never a recipient. 404 when the survey is not the organisation's.
 *
 * One short transaction marks the survey for erasure: from its commit the survey is gone for
 * every planner route, its links and share links lead nowhere, its queued mails and reminders
 * are dropped. The rows themselves are removed in chunks (erasure.ts): here and now for a survey
 * of up to {@link ERASED_WITHIN_REQUEST} units, otherwise by the background eraser, whose
 * progress the returned erasure id reports.
 *
 * @example
 * const { summary, erasure } = await deleteSurvey(db, { organisationId, userId, userName }, surveyId);
 */
export async function deleteSurvey(
  db: Kysely<Database>,
  actor: { organisationId: string; userId: string; userName: string },
  surveyId: string,
): Promise<{ summary: SurveyDeletionSummary; erasure: ErasureProgress }> {
  const marked = await db.transaction().execute(async (trx) => {
    // Locks the survey: a concurrent delete waits, then finds it marked (404).
    const locked = await trx
      .selectFrom("surveys")
      .select("id")
      .where("id", "=", surveyId)
      .where("organisation_id", "=", actor.organisationId)
      .where("erasure_requested_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound("Survey");
    const summary = await surveyDeletionSummary(trx, actor.organisationId, surveyId);
    // Out of its series at once, so no trend or gap matrix counts it while it is erased.
    await trx.updateTable("surveys").set({ erasure_requested_at: sql`now()`, series_id: null }).where("id", "=", surveyId).execute();
    await trx.deleteFrom("network_views").where("survey_id", "=", surveyId).execute();
    await trx.deleteFrom("reminder_rules").where("survey_id", "=", surveyId).execute();
    await trx
      .deleteFrom("mail_outbox")
      .where("status", "=", "queued")
      .where((eb) =>
        eb.or([
          eb("invitation_id", "in", eb.selectFrom("invitations").select("invitations.id").where("invitations.survey_id", "=", surveyId)),
          eb("mailing_id", "in", eb.selectFrom("mailings").select("mailings.id").where("mailings.survey_id", "=", surveyId)),
        ]),
      )
      .execute();
    const erasure = await trx
      .insertInto("erasures")
      .values({
        organisation_id: actor.organisationId,
        survey_id: surveyId,
        target_label: summary.title,
        total: erasureUnits(surveyId),
        requested_by: actor.userId,
      })
      .returning(["id", "total"])
      .executeTakeFirstOrThrow();
    const { id: _id, title, ...counts } = summary;
    await recordAudit(trx, {
      ...actor,
      action: "survey.deleted",
      targetType: "survey",
      targetId: surveyId,
      targetLabel: title,
      details: counts,
    });
    return { summary, erasure };
  });
  const { summary, erasure } = marked;
  if (erasure.total > ERASED_WITHIN_REQUEST) {
    return { summary, erasure: { id: erasure.id, title: summary.title, total: erasure.total, done: 0, finished: false } };
  }
  while ((await eraseSurveyChunk(db, surveyId)) > 0);
  return { summary, erasure: { id: erasure.id, title: summary.title, total: erasure.total, done: erasure.total, finished: true } };
}

/** The progress of an erasure of the organisation; 404 for another organisation's or a purged one. */
export async function erasureProgress(db: Kysely<Database>, organisationId: string, erasureId: string): Promise<ErasureProgress> {
  const row = await db
    .selectFrom("erasures")
    .select(["id", "target_label", "total", "done", "finished_at"])
    .where("id", "=", erasureId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) throw notFound("Erasure");
  return { id: row.id, title: row.target_label, total: row.total, done: row.done, finished: row.finished_at !== null };
}
