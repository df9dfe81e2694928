import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Drafts that never lose an answer:
 * - per question, the revision at which it last changed (`answer_revisions`), so a save based on
 *   an older revision merges question by question and only real conflicts reach the respondent;
 * - the device of the last edit (a coarse label such as "Firefox · Windows", never an IP);
 * - every submission kept as a revision the planner can see; surveys may allow editing after submit;
 * - rate-limit events for failed link lookups share the table with failed logins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table responses add column answer_revisions jsonb not null default '{}';
    alter table responses add column last_device text not null default '';
    alter table surveys add column allow_edit_after_submit boolean not null default false;

    create table response_submissions (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id) on delete cascade,
      response_id uuid not null references responses(id) on delete cascade,
      revision integer not null,
      answers jsonb not null,
      submitted_at timestamptz not null default now()
    );
    create index response_submissions_response on response_submissions (response_id, id);

    alter table login_attempts rename to rate_limit_events;
    alter index login_attempts_key rename to rate_limit_events_key
    `,
  );
}
