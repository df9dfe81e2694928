import { sql, type Kysely } from "kysely";
import type { Database } from "../../server/db/schema.ts";

/**
 * Fills an existing survey with `count` invitations, each with a personal link and a sent mail;
 * every fifth one answered and submitted, with its kept submission. Written set-wise in SQL, so
 * 100,000 take seconds (the erasure test and the erasure benchmark start from it).
 */
export async function surveyWithInvitations(db: Kysely<Database>, surveyId: string, count: number): Promise<string> {
  const { organisation_id: organisationId } = await db.selectFrom("surveys").select("organisation_id").where("id", "=", surveyId).executeTakeFirstOrThrow();
  await sql`insert into invitations (organisation_id, survey_id, email, mail_status)
    select ${organisationId}, ${surveyId}, 'person' || g || '@example.org', 'sent' from generate_series(1, ${count}::int) as g`.execute(db);
  await sql`insert into invitation_links (token_hash, invitation_id, organisation_id, purpose)
    select md5(i.id::text), i.id, i.organisation_id, 'invitation' from invitations as i where i.survey_id = ${surveyId}`.execute(db);
  await sql`insert into mail_outbox (organisation_id, invitation_id, to_address, subject, text_body, html_body, status, kind)
    select i.organisation_id, i.id, i.email, 'Einladung', 'Text', '<p>Text</p>', 'sent', 'invitation' from invitations as i where i.survey_id = ${surveyId}`.execute(db);
  await sql`insert into responses (organisation_id, survey_id, invitation_id, answers, status, submitted_at)
    select i.organisation_id, i.survey_id, i.id, '{"answer": 1}', 'submitted', now()
    from invitations as i where i.survey_id = ${surveyId} and (i.email like '%0@example.org' or i.email like '%2@example.org')`.execute(db);
  await sql`insert into response_submissions (organisation_id, response_id, revision, answers)
    select r.organisation_id, r.id, 1, r.answers from responses as r where r.survey_id = ${surveyId}`.execute(db);
  await sql`analyze`.execute(db);
  return surveyId;
}
