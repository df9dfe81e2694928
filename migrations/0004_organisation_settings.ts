import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/** Organisation settings: the privacy notice respondents see before the first question. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table organisations add column privacy_notice text not null default '';
    alter table organisations add column privacy_notice_en text not null default ''
    `,
  );
}
