import { sql, type Kysely } from "kysely";
import type { Database } from "../server/db/schema.ts";

/**
 * Data for the export benchmark, inserted in SQL so that 100,000 respondents take seconds: a
 * directory of institutions in districts (some members of networks), and invited respondents
 * with submitted responses whose answer documents come from a pool of distinct documents.
 */

/** Districts, institutions spread over them, and networks the institutions are members of. */
export async function addExportDirectory(
  db: Kysely<Database>,
  organisationId: string,
  size = { districts: 12, institutions: 600, networks: 20 },
): Promise<void> {
  const districts = await db
    .insertInto("districts")
    .values(Array.from({ length: size.districts }, (_, index) => ({ organisation_id: organisationId, name: `Bezirk ${index + 1}`, position: index })))
    .returning("id")
    .execute();
  const ids = districts.map((district) => district.id);
  await sql`
    insert into directory_entries (organisation_id, kind, name, type, district_id, life_phases, fields_of_action, emails)
    select ${organisationId}, 'institution', 'Einrichtung ' || entry, 'Kita',
           (${sql.val(ids)}::uuid[])[1 + entry % ${ids.length}::int],
           case when entry % 2 = 0 then '["early_childhood", "school"]'::jsonb else '["youth"]'::jsonb end,
           '["youth_welfare", "education"]'::jsonb,
           jsonb_build_array('einrichtung' || entry || '@bench.example')
    from generate_series(0, ${size.institutions - 1}::int) as entry`.execute(db);
  await sql`
    insert into directory_entries (organisation_id, kind, name, type, district_id, emails)
    select ${organisationId}, 'network', 'Netzwerk ' || entry, 'Stadtteilkonferenz',
           (${sql.val(ids)}::uuid[])[1 + entry % ${ids.length}::int], jsonb_build_array('netzwerk' || entry || '@bench.example')
    from generate_series(0, ${size.networks - 1}::int) as entry`.execute(db);
  // Every institution in one or two networks.
  await sql`
    insert into network_members (network_id, member_id, organisation_id)
    select network.id, institution.id, ${organisationId}
    from (select id, row_number() over (order by name) as position from directory_entries where organisation_id = ${organisationId} and kind = 'institution') as institution
    join (select id, row_number() over (order by name) as position from directory_entries where organisation_id = ${organisationId} and kind = 'network') as network
      on network.position = 1 + institution.position % ${size.networks}::int
      or (institution.position % 3 = 0 and network.position = 1 + (institution.position + 7) % ${size.networks}::int)
    on conflict do nothing`.execute(db);
}

/**
 * Invitations (to the directory's institutions, round robin) and submitted responses for
 * respondents [from, to), each with one of `pool`'s answer documents, created in order.
 */
export async function addExportResponses(
  db: Kysely<Database>,
  options: { organisationId: string; surveyId: string; from: number; to: number; pool: Record<string, unknown>[] },
): Promise<void> {
  const { organisationId, surveyId, from, to, pool } = options;
  const step = 10_000;
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    await sql`
      insert into invitations (organisation_id, survey_id, email, name, mail_status, sent_at, opened_at, directory_entry_id)
      select ${organisationId}, ${surveyId}, 'befragte' || respondent || '@bench.example', '', 'sent', now(), now(),
             entries.ids[1 + respondent % cardinality(entries.ids)]
      from generate_series(${start}::int, ${end - 1}::int) as respondent,
           (select array_agg(id order by name) as ids from directory_entries where organisation_id = ${organisationId} and kind = 'institution') as entries`.execute(db);
    await sql`
      with pool as materialized (
        select (ordinality - 1)::int as slot, value as answers from jsonb_array_elements(${JSON.stringify(pool)}::jsonb) with ordinality
      ),
      respondents as (
        select invitations.id, substring(invitations.email from 'befragte([0-9]+)@')::int as respondent
        from invitations
        where invitations.survey_id = ${surveyId}
          and not exists (select 1 from responses where responses.invitation_id = invitations.id)
      )
      insert into responses (organisation_id, survey_id, invitation_id, answers, status, created_at, submitted_at, updated_at)
      select ${organisationId}, ${surveyId}, respondents.id, pool.answers, 'submitted',
             timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => respondents.respondent),
             timestamptz '2026-02-01 00:00:00+00' + make_interval(secs => respondents.respondent * 7), now()
      from respondents join pool on pool.slot = respondents.respondent % ${pool.length}::int`.execute(db);
  }
  await sql`analyze responses`.execute(db);
  await sql`analyze invitations`.execute(db);
  await sql`analyze directory_entries`.execute(db);
}
