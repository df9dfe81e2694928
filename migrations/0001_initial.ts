import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/** The whole loop: accounts, canon, surveys, invitations, responses, mail outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      email text not null unique,
      name text not null,
      password_hash text not null,
      role text not null check (role in ('admin', 'planner')),
      created_at timestamptz not null default now()
    );
    create index users_organisation on users (organisation_id);

    create table sessions (
      id_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user on sessions (user_id);

    create table planner_invitations (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      email text not null,
      role text not null check (role in ('admin', 'planner')),
      token_hash text not null unique,
      invited_by uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz
    );
    create index planner_invitations_organisation on planner_invitations (organisation_id);

    create table login_attempts (
      id bigserial primary key,
      key_hash text not null,
      attempted_at timestamptz not null default now()
    );
    create index login_attempts_key on login_attempts (key_hash, attempted_at);

    create table canon_items (
      item_id text not null,
      version integer not null check (version >= 1),
      organisation_id uuid references organisations(id) on delete cascade,
      questionnaire text not null,
      module text not null,
      module_title jsonb not null,
      tags jsonb not null,
      help jsonb not null,
      personal_data_warning boolean not null default false,
      element jsonb not null,
      search_text text not null,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      primary key (item_id, version)
    );
    create index canon_items_organisation on canon_items (organisation_id);

    create table surveys (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      intro text not null default '',
      closing_date date,
      status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
      items jsonb not null default '[]',
      definition jsonb,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      opened_at timestamptz
    );
    create index surveys_organisation on surveys (organisation_id, created_at);

    create table invitations (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      email text not null,
      name text not null default '',
      token_hash text not null unique,
      mail_status text not null default 'queued' check (mail_status in ('queued', 'sent', 'failed')),
      failure_reason text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      opened_at timestamptz,
      revoked_at timestamptz,
      unique (survey_id, email)
    );
    create index invitations_organisation on invitations (organisation_id, survey_id);

    create table responses (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      invitation_id uuid not null unique references invitations(id) on delete cascade,
      answers jsonb not null default '{}',
      current_page integer not null default 0,
      revision integer not null default 0,
      status text not null default 'draft' check (status in ('draft', 'submitted')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz
    );
    create index responses_survey on responses (survey_id, status);

    create table mail_outbox (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id) on delete cascade,
      invitation_id uuid references invitations(id) on delete cascade,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index mail_outbox_due on mail_outbox (next_attempt_at) where status in ('queued', 'sending');

    create table dev_mailbox (
      id bigserial primary key,
      organisation_id uuid not null references organisations(id) on delete cascade,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      created_at timestamptz not null default now()
    );
    create index dev_mailbox_organisation on dev_mailbox (organisation_id, id);
  `);
}
