import { sql, type Kysely } from "kysely";
import type { Database } from "../../server/db/schema.ts";
import { recipientGroupsOf } from "../../server/results/recipient-groups.ts";

/**
 * Tests that write responses straight into the database bypass the respondent's submit, which
 * releases pseudonymous answers in batches of k (server/respond/release-pseudonymous-answers.ts).
 * This marks what such a test wrote as submitted as released, as after the last batch.
 */
export async function releaseSeededAnswers(db: Kysely<Database>): Promise<void> {
  await sql`update responses set released_answers = answers, released_groups = ${recipientGroupsOf("responses")}
    where status = 'submitted'
      and survey_id in (select id from surveys where privacy_mode = 'pseudonymous')`.execute(db);
}
