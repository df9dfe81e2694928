import { sql, type Kysely } from "kysely";

/**
 * Pseudonymous results break answers down by the groups they were released with
 * (`responses.released_groups`, server/results/recipient-groups.ts), not by the live directory:
 * otherwise moving one institution to another district and comparing the breakdowns would show
 * its answers. Responses released before this migration start with their groups of now (the
 * document as recipient-groups.ts builds it at the time of this migration; a migration is frozen).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table responses add column released_groups jsonb`.execute(db);
  await sql`update responses set released_groups = (
      select jsonb_build_object(
        'district', entry.district_id,
        'kind', entry.kind,
        'type', nullif(btrim(entry.type), ''),
        'lifePhases', coalesce(entry.life_phases, '[]'::jsonb),
        'fieldsOfAction', coalesce(entry.fields_of_action, '[]'::jsonb),
        'networks', coalesce((
          select jsonb_agg(network_members.network_id order by network_members.network_id)
          from network_members where network_members.member_id = entry.id
        ), '[]'::jsonb))
      from invitations
      join directory_entries as entry on entry.id = invitations.directory_entry_id
      where invitations.id = responses.invitation_id)
    where released_answers is not null
      and survey_id in (select id from surveys where privacy_mode = 'pseudonymous')`.execute(db);
}
