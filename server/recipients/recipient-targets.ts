import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { filteredEntries, type DirectoryFilter } from "../directory/directory-filter.ts";

/**
 * The directory entries a filter selects for a survey (at most 20,000, by name), each marked if
 * its first address is already invited or it has none, with the counts the invite dialog shows.
 *
 * ```ts
 * const { targets, counts } = await recipientTargets(db, session.organisationId, survey.id, { kind: "institution" });
 * ```
 */
export async function recipientTargets(db: Kysely<Database>, organisationId: string, surveyId: string, filter: DirectoryFilter) {
  const rows = await filteredEntries(db, organisationId, filter)
    .leftJoin("districts", "districts.id", "directory_entries.district_id")
    .select([
      "directory_entries.id",
      "directory_entries.kind",
      "directory_entries.name",
      "directory_entries.type",
      "directory_entries.emails",
      "districts.name as district_name",
      sql<boolean>`exists (select 1 from invitations where invitations.survey_id = ${surveyId}
        and invitations.email = directory_entries.emails ->> 0)`.as("already_invited"),
    ])
    .orderBy("directory_entries.name")
    .limit(20_000)
    .execute();
  const targets = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    type: row.type,
    districtName: row.district_name,
    email: row.emails[0] ?? null,
    alreadyInvited: row.already_invited,
  }));
  const withoutEmail = targets.filter((target) => !target.email).length;
  const alreadyInvited = targets.filter((target) => target.alreadyInvited).length;
  return {
    targets,
    counts: { total: targets.length, invitable: targets.length - withoutEmail - alreadyInvited, alreadyInvited, withoutEmail },
  };
}
