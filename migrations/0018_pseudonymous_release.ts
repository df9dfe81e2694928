import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Pseudonymous surveys: results read `released_answers`, a copy of the answers taken only when at
 * least k submissions (new or changed) have come together (server/respond/release-pseudonymous-
 * answers.ts), so comparing the results before and after one known institution submitted shows
 * nothing. Responses submitted before this migration were visible already: they start released.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table responses add column released_answers jsonb;
    update responses set released_answers = answers
      where status = 'submitted' and survey_id in (select id from surveys where privacy_mode = 'pseudonymous');
    `,
  );
}
