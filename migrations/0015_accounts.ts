import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Accounts as a public body expects them:
 * - a planner an admin removes is deactivated, not deleted (their surveys, mailings and audit
 *   entries keep naming them); only active accounts hold an address, so the address can be
 *   invited again, here or by another organisation;
 * - a team invitation remembers when its link was last mailed ("erneut senden" mails a new one);
 * - password resets by mail: single-use links that expire, stored as SHA-256 hashes only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table users add column deactivated_at timestamptz;
    alter table users drop constraint users_email_key;
    create unique index users_active_email on users (email) where deactivated_at is null;

    alter table planner_invitations add column sent_at timestamptz not null default now();
    create index planner_invitations_email on planner_invitations (organisation_id, email);

    create table password_resets (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index password_resets_user_id_idx on password_resets (user_id);
    create index password_resets_organisation_id_idx on password_resets (organisation_id)
    `,
  );
}
