import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Results that leave the planner's view: privacy modes per survey, the organisation's smallest
 * shown group (small-cell suppression), survey series (waves), and share links for networks.
 * Anonymous surveys detach a submitted response from its invitation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table surveys add column privacy_mode text not null default 'identified'
      check (privacy_mode in ('identified', 'pseudonymous', 'anonymous'));
    alter table organisations add column min_cell_size integer not null default 5 check (min_cell_size between 3 and 10);

    create table survey_series (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );
    alter table surveys add column series_id uuid references survey_series(id) on delete set null;
    alter table surveys add column wave_label text not null default '';
    create index surveys_series on surveys (series_id);

    create table network_views (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null references surveys(id) on delete cascade,
      network_id uuid not null references directory_entries(id) on delete cascade,
      mode text not null default 'members' check (mode in ('members', 'own')),
      token_hash text not null unique,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index network_views_survey on network_views (survey_id);

    alter table responses alter column invitation_id drop not null;
    alter table invitations add column anonymous_submitted_at timestamptz
    `,
  );
}
