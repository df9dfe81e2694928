import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Directory (districts, institutions, networks and their members), several links per invitation
 * (reminders and hand-overs mail fresh links; tokens stay hashed), mailings with templates,
 * reminders and scheduled sending, and the sender settings of an organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table organisations add column mail_sender_name text not null default '';
    alter table organisations add column mail_reply_to text not null default '';

    create table districts (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      name text not null,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table directory_entries (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      kind text not null check (kind in ('institution', 'network')),
      name text not null,
      type text not null default '',
      fields_of_action jsonb not null default '[]',
      life_phases jsonb not null default '[]',
      district_id uuid references districts(id) on delete set null,
      contact_person text not null default '',
      emails jsonb not null default '[]',
      notes text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index directory_entries_organisation on directory_entries (organisation_id, kind, name);
    create index directory_entries_emails on directory_entries using gin (emails);

    create table network_members (
      network_id uuid not null references directory_entries(id) on delete cascade,
      member_id uuid not null references directory_entries(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      primary key (network_id, member_id)
    );
    create index network_members_member on network_members (member_id);

    alter table invitations add column directory_entry_id uuid references directory_entries(id) on delete set null;
    alter table invitations add column reminder_count integer not null default 0;
    alter table invitations add column last_reminded_at timestamptz;
    create index invitations_directory_entry on invitations (directory_entry_id);

    create table invitation_links (
      token_hash text primary key,
      id uuid not null unique default gen_random_uuid(),
      label text not null default '',
      invitation_id uuid not null references invitations(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      purpose text not null check (purpose in ('invitation', 'reminder', 'resend', 'handover', 'colleague')),
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index invitation_links_invitation on invitation_links (invitation_id);
    insert into invitation_links (token_hash, invitation_id, organisation_id, purpose, created_at)
      select token_hash, id, organisation_id, 'invitation', created_at from invitations;
    alter table invitations drop column token_hash;

    create table mailings (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      kind text not null check (kind in ('invitation', 'reminder', 'resend', 'handover')),
      audience jsonb not null default '[]',
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      scheduled_at timestamptz not null default now(),
      total integer not null default 0,
      cancelled_at timestamptz
    );
    create index mailings_survey on mailings (survey_id, created_at);

    alter table mail_outbox add column mailing_id uuid references mailings(id) on delete cascade;
    alter table mail_outbox add column kind text not null default 'other';
    alter table mail_outbox add column from_name text not null default '';
    alter table mail_outbox add column reply_to text not null default '';
    alter table mail_outbox add column claim_id uuid;
    create index mail_outbox_mailing on mail_outbox (mailing_id, status);

    create table survey_mail_templates (
      survey_id uuid not null references surveys(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      kind text not null check (kind in ('invitation', 'reminder')),
      subject text not null,
      body text not null,
      updated_at timestamptz not null default now(),
      primary key (survey_id, kind)
    );

    alter table surveys add column max_reminders integer not null default 3;

    create table reminder_rules (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      days_before integer check (days_before between 0 and 90),
      run_at timestamptz,
      audience jsonb not null,
      created_by uuid references users(id) on delete set null,
      base_url text not null,
      created_at timestamptz not null default now(),
      done_at timestamptz,
      mailing_id uuid references mailings(id) on delete set null,
      check ((days_before is null) <> (run_at is null))
    );
    create index reminder_rules_due on reminder_rules (survey_id) where done_at is null
    `,
  );
}
