import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * A planner can set a single response of an identified survey aside or delete it
 * (server/recipients/response-exclusion.ts):
 * - `responses.excluded_at`, `excluded_by`, `exclusion_reason`: an excluded response stays as it
 *   is but counts in no result (server/results/counted-responses.ts). Setting or clearing these on
 *   a submitted response bumps the survey's data version through the trigger of migration 0009, so
 *   cached results are computed afresh.
 * - `invitations.response_deleted_at`: the invitation outlives its deleted response and says so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table responses add column excluded_at timestamptz;
    alter table responses add column excluded_by uuid references users(id) on delete set null;
    alter table responses add column exclusion_reason text not null default '';
    create index if not exists responses_excluded_by_idx on responses (excluded_by);
    alter table invitations add column response_deleted_at timestamptz
    `,
  );
}
