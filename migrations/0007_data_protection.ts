import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Data protection:
 * - an audit log of planner actions (who opened, closed, exported, deleted what). It outlives the
 *   users it names (user_id set null, the name copied) but not its organisation;
 * - when a survey was closed (`closed_at`; surveys closed before this migration get their last
 *   change as the moment), and how many months after a survey's end its responses are kept
 *   (`retention_months`, null: kept until deleted by hand);
 * - a survey outlives the planner who created it (`created_by` set null instead of blocking the
 *   user's deletion), so deleting users or a whole organisation never trips over it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table audit_log (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id) on delete cascade,
      user_id uuid references users(id) on delete set null,
      user_name text not null default '',
      action text not null,
      target_type text not null default '',
      target_id text,
      target_label text not null default '',
      details jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index audit_log_organisation on audit_log (organisation_id, created_at desc, id desc);
    create index audit_log_action on audit_log (organisation_id, action, created_at desc, id desc);

    alter table surveys add column closed_at timestamptz;
    update surveys set closed_at = updated_at where status = 'closed';

    alter table organisations add column retention_months integer check (retention_months between 1 and 120);

    alter table surveys alter column created_by drop not null;
    alter table surveys drop constraint surveys_created_by_fkey;
    alter table surveys add constraint surveys_created_by_fkey foreign key (created_by) references users(id) on delete set null;
    create index surveys_closed on surveys (closed_at) where closed_at is not null
    `,
  );
}
