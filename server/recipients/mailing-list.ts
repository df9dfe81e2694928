import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * A survey's mailings, newest first (at most 200), each with how many of its mails wait, are
 * being sent, went out or failed.
 *
 * ```ts
 * const mailings = await listMailings(db, session.organisationId, survey.id);
 * ```
 */
export async function listMailings(db: Kysely<Database>, organisationId: string, surveyId: string) {
  const rows = await db
    .selectFrom("mailings")
    .leftJoin("users", "users.id", "mailings.created_by")
    .select([
      "mailings.id",
      "mailings.kind",
      "mailings.audience",
      "mailings.created_at",
      "mailings.scheduled_at",
      "mailings.cancelled_at",
      "mailings.total",
      "users.name as created_by_name",
      sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'queued')::int`.as("queued"),
      sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'sending')::int`.as("sending"),
      sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'sent')::int`.as("sent"),
      sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'failed')::int`.as("failed"),
    ])
    .where("mailings.survey_id", "=", surveyId)
    .where("mailings.organisation_id", "=", organisationId)
    .orderBy("mailings.created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    audience: row.audience,
    createdAt: row.created_at.toISOString(),
    scheduledAt: row.scheduled_at.toISOString(),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    createdBy: row.created_by_name,
    total: row.total,
    queued: row.queued,
    sending: row.sending,
    sent: row.sent,
    failed: row.failed,
  }));
}
