import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * An index under every foreign key. Deleting a row checks (and cascades to, or clears) the rows
 * that reference it; without an index on the referencing columns each deleted row scans the whole
 * referencing table, so erasing an organisation or a survey with 100,000 invitations scanned the
 * mail outbox once per invitation and never finished. `test/api/foreign-key-indexes.test.ts` walks
 * the catalogue and fails for any foreign key without one, so a new table cannot bring this back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create index if not exists audit_log_user_id_idx on audit_log (user_id);
    create index if not exists canon_items_created_by_idx on canon_items (created_by);
    create index if not exists directory_entries_district_id_idx on directory_entries (district_id);
    create index if not exists invitation_links_organisation_id_idx on invitation_links (organisation_id);
    create index if not exists mail_outbox_invitation_id_idx on mail_outbox (invitation_id);
    create index if not exists mail_outbox_organisation_id_idx on mail_outbox (organisation_id);
    create index if not exists mailings_created_by_idx on mailings (created_by);
    create index if not exists mailings_organisation_id_idx on mailings (organisation_id);
    create index if not exists network_members_organisation_id_idx on network_members (organisation_id);
    create index if not exists network_views_created_by_idx on network_views (created_by);
    create index if not exists network_views_network_id_idx on network_views (network_id);
    create index if not exists network_views_organisation_id_idx on network_views (organisation_id);
    create index if not exists planner_invitations_invited_by_idx on planner_invitations (invited_by);
    create index if not exists reminder_rules_created_by_idx on reminder_rules (created_by);
    create index if not exists reminder_rules_mailing_id_idx on reminder_rules (mailing_id);
    create index if not exists reminder_rules_organisation_id_idx on reminder_rules (organisation_id);
    create index if not exists response_submissions_organisation_id_idx on response_submissions (organisation_id);
    create index if not exists responses_organisation_id_idx on responses (organisation_id);
    create index if not exists sessions_organisation_id_idx on sessions (organisation_id);
    create index if not exists survey_data_versions_organisation_id_idx on survey_data_versions (organisation_id);
    create index if not exists survey_mail_templates_organisation_id_idx on survey_mail_templates (organisation_id);
    create index if not exists survey_templates_created_by_idx on survey_templates (created_by);
    create index if not exists surveys_created_by_idx on surveys (created_by);
    `,
  );
}
