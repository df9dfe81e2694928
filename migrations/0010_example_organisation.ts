import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Example data: an organisation made by "explore an example municipality" (Musterstadt, see
 * server/example/) is marked, so the planner UI can say that everything in it is invented and
 * offer to delete it in one step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table organisations add column is_example boolean not null default false
    `,
  );
}
