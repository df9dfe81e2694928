import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Questionnaire import: where a survey or an own canon item came from (file, format, when),
 * shown to planners only and never put into what respondents see. A survey also keeps the
 * import's report (what could not be kept, per question), so the builder can show it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table surveys add column import_source jsonb;
    alter table canon_items add column import_source jsonb
    `,
  );
}
