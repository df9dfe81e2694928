import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Large surveys and organisations are erased in the background, in chunks
 * (server/data-protection/erasure.ts):
 * - `surveys.erasure_requested_at`, `organisations.erasure_requested_at`: set when deletion was
 *   confirmed. From then on the survey or organisation is gone for every planner and every link;
 *   the eraser removes its rows chunk by chunk and finally the row itself. A restart resumes.
 * - `erasures`: the progress of one survey's erasure (rows to go, rows gone), which the planner's
 *   dialog shows; it outlives the survey and goes with the organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table surveys add column erasure_requested_at timestamptz;
    alter table organisations add column erasure_requested_at timestamptz;
    create index surveys_erasure_requested_idx on surveys (erasure_requested_at) where erasure_requested_at is not null;
    create table erasures (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      survey_id uuid not null,
      target_label text not null,
      total integer not null,
      done integer not null default 0,
      requested_by uuid references users(id) on delete set null,
      requested_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index erasures_organisation_idx on erasures (organisation_id);
    create index erasures_requested_by_idx on erasures (requested_by);
    create index erasures_survey_idx on erasures (survey_id) where finished_at is null
    `,
  );
}
