import { sql, type Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Anonymous answers are released in batches (server/respond/release-anonymous-answers.ts):
 * - `pending_anonymous_answers` holds submitted anonymous answers until at least k of a survey
 *   wait (k: the organisation's smallest shown group). It has no invitation, no device, no
 *   timestamp; nothing planner-facing reads it.
 * - `invitations.anonymous_submitted` replaces `anonymous_submitted_at`: the invitation remembers
 *   that it was answered, not when (the exact moment linked it to the answers). The times are
 *   cleared before the column is dropped: a dropped column's values stay in the rows otherwise.
 * - Answers of anonymous surveys still linked to their invitation (a crash between saving and
 *   detaching in the old code) become pending, their submission copies go.
 * - Answers detached before are written anew, per survey in random order with fresh ids and
 *   the survey's opening time, so their transaction id, physical order and timestamps no
 *   longer follow the order of submission. (The old row versions, and those of the invitations,
 *   stay as dead tuples until the VACUUM the app runs at start; see docs/data-protection.md.)
 * - A trigger refuses a submitted response of an anonymous survey that names an invitation, so
 *   no code path can store one linked, not even for a moment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table pending_anonymous_answers (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      answers jsonb not null default '{}'
    );
    create index pending_anonymous_answers_survey_id_idx on pending_anonymous_answers (survey_id);
    create index pending_anonymous_answers_organisation_id_idx on pending_anonymous_answers (organisation_id);

    alter table invitations add column anonymous_submitted boolean not null default false;
    update invitations set anonymous_submitted = true, anonymous_submitted_at = null where anonymous_submitted_at is not null;
    alter table invitations drop column anonymous_submitted_at;

    update invitations set anonymous_submitted = true
    where id in (
      select responses.invitation_id from responses join surveys on surveys.id = responses.survey_id
      where surveys.privacy_mode = 'anonymous' and responses.status = 'submitted' and responses.invitation_id is not null
    );
    insert into pending_anonymous_answers (organisation_id, survey_id, answers)
    select responses.organisation_id, responses.survey_id, responses.answers
    from responses join surveys on surveys.id = responses.survey_id
    where surveys.privacy_mode = 'anonymous' and responses.status = 'submitted' and responses.invitation_id is not null
    order by random();
    delete from responses using surveys
    where surveys.id = responses.survey_id and surveys.privacy_mode = 'anonymous'
      and responses.status = 'submitted' and responses.invitation_id is not null;

    with detached as (
      delete from responses using surveys
      where surveys.id = responses.survey_id and surveys.privacy_mode = 'anonymous'
        and responses.status = 'submitted' and responses.invitation_id is null
      returning responses.organisation_id, responses.survey_id, responses.answers, surveys.opened_at
    )
    insert into responses (organisation_id, survey_id, invitation_id, answers, answer_revisions, current_page, revision, status,
                           last_device, created_at, updated_at, submitted_at)
    select organisation_id, survey_id, null, answers, '{}'::jsonb, 0, 1, 'submitted', '',
           coalesce(opened_at, date_trunc('month', now())), coalesce(opened_at, date_trunc('month', now())),
           coalesce(opened_at, date_trunc('month', now()))
    from detached
    order by survey_id, random()
    `,
  );

  await sql
    .raw(
      `create function refuse_linked_anonymous_answer() returns trigger language plpgsql as $fn$ begin
        if new.status = 'submitted' and new.invitation_id is not null
           and exists (select 1 from surveys where surveys.id = new.survey_id and surveys.privacy_mode = 'anonymous') then
          raise exception 'a submitted anonymous answer must not name an invitation (it waits in pending_anonymous_answers)';
        end if;
        return new;
      end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger responses_anonymous_unlinked before insert or update of status, invitation_id, survey_id on responses
       for each row execute function refuse_linked_anonymous_answer()`,
    )
    .execute(db);
}
