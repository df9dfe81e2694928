import { sql, type Kysely } from "kysely";

/**
 * Versions of the data results are computed from, so computed results can be kept and served
 * again until something they depend on changes (server/results/results-cache.ts):
 * - `survey_data_versions`: bumped once per statement that inserts, changes or deletes a
 *   submitted response of the survey (submit, edit after submit, detaching an anonymous response,
 *   deletion). Drafts do not count: autosaves never touch it.
 * - `directory_versions`: bumped once per statement that changes an organisation's districts,
 *   directory entries or network members (filters and groupings by recipient read them).
 * Statement-level triggers with transition tables keep this in the database, so every write path
 * and every app process is covered. The parent row is checked first: inside a cascading delete
 * of a survey or an organisation there is nothing left to version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_data_versions (
      survey_id uuid primary key references surveys(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      version bigint not null default 0
    )`.execute(db);
  await sql`
    create table directory_versions (
      organisation_id uuid primary key references organisations(id) on delete cascade,
      version bigint not null default 0
    )`.execute(db);

  // One function per shape of transition tables: new rows only, old rows only, both.
  const surveyBump = (rows: string) => `
    insert into survey_data_versions (survey_id, organisation_id, version)
    select changed.survey_id, changed.organisation_id, 1
    from (select distinct survey_id, organisation_id from (${rows}) as submitted) as changed
    where exists (select 1 from surveys where surveys.id = changed.survey_id)
    order by changed.survey_id
    on conflict (survey_id) do update set version = survey_data_versions.version + 1`;
  const directoryBump = (rows: string) => `
    insert into directory_versions (organisation_id, version)
    select changed.organisation_id, 1
    from (select distinct organisation_id from (${rows}) as touched) as changed
    where exists (select 1 from organisations where organisations.id = changed.organisation_id)
    order by changed.organisation_id
    on conflict (organisation_id) do update set version = directory_versions.version + 1`;
  const functions: Record<string, string> = {
    bump_survey_data_version_new: surveyBump(`select survey_id, organisation_id from new_rows where status = 'submitted'`),
    bump_survey_data_version_old: surveyBump(`select survey_id, organisation_id from old_rows where status = 'submitted'`),
    bump_survey_data_version_both: surveyBump(
      `select survey_id, organisation_id from new_rows where status = 'submitted' union all select survey_id, organisation_id from old_rows where status = 'submitted'`,
    ),
    bump_directory_version_new: directoryBump(`select organisation_id from new_rows`),
    bump_directory_version_old: directoryBump(`select organisation_id from old_rows`),
    bump_directory_version_both: directoryBump(`select organisation_id from new_rows union all select organisation_id from old_rows`),
  };
  for (const [name, body] of Object.entries(functions)) {
    await sql
      .raw(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body}; return null; end $fn$`)
      .execute(db);
  }

  const triggers: Array<[table: string, bump: string]> = [
    ["responses", "bump_survey_data_version"],
    ["districts", "bump_directory_version"],
    ["directory_entries", "bump_directory_version"],
    ["network_members", "bump_directory_version"],
  ];
  for (const [table, bump] of triggers) {
    await sql.raw(`create trigger ${table}_version_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${bump}_new()`).execute(db);
    await sql
      .raw(`create trigger ${table}_version_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${bump}_both()`)
      .execute(db);
    await sql.raw(`create trigger ${table}_version_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${bump}_old()`).execute(db);
  }
}
