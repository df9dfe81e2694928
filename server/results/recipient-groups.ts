import { sql, type RawBuilder } from "kysely";

/**
 * The groups a respondent belongs to, as breakdowns and filters see them: the district, kind,
 * provider type, life phases, fields of action and networks of the directory entry its invitation
 * went to, as one jsonb document (null for an invitation without a directory entry).
 *
 * Pseudonymous results do not read these live: a planner who moved one institution to another
 * district (or type, or network) and compared the breakdown before and after would see that
 * institution's answers move between two rows. The document is copied into
 * `responses.released_groups` together with the answers, in batches of k
 * (release-pseudonymous-answers.ts), so what a directory edit changes shows only with k others.
 *
 * @example
 * sql`update responses set released_groups = ${recipientGroupsOf("responses")} where …`
 */
export function recipientGroupsOf(responsesAlias: string): RawBuilder<unknown> {
  return sql`(
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
    where invitations.id = ${sql.ref(`${responsesAlias}.invitation_id`)})`;
}
