import { z } from "@hono/zod-openapi";
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * Which directory entries a list, an export or a survey mailing is about. All criteria are
 * AND-combined; within one criterion's list any value matches (OR). An absent or empty criterion
 * does not restrict.
 */
export const directoryFilterSchema = z
  .object({
    kind: z.enum(["institution", "network"]).optional(),
    /** `entry.type` equals one of these (case-insensitive). */
    types: z.array(z.string().max(200)).max(100).optional(),
    /** In one of these districts. */
    districtIds: z.array(z.uuid()).max(500).optional(),
    /** Serves at least one of these life phases (canon codes). */
    lifePhases: z.array(z.string().max(100)).max(20).optional(),
    /** Works in at least one of these fields of action (canon codes). */
    fieldsOfAction: z.array(z.string().max(100)).max(20).optional(),
    /** Is a member of at least one of these networks. */
    memberOfNetworkIds: z.array(z.uuid()).max(500).optional(),
    /** Picked by hand. */
    ids: z.array(z.uuid()).max(20000).optional(),
    /** Name, contact person or an e-mail address contains this (case-insensitive). */
    search: z.string().max(200).optional(),
  })
  .openapi("DirectoryFilter");

export type DirectoryFilter = z.infer<typeof directoryFilterSchema>;

/**
 * A select query over `directory_entries` of this organisation narrowed by the filter; the caller
 * adds select, order and limit.
 *
 * @example
 * const networks = await filteredEntries(db, organisationId, { kind: "network", types: ["Stadtteilkonferenz"] })
 *   .select(["directory_entries.id", "directory_entries.emails"])
 *   .execute();
 */
export function filteredEntries(
  db: Kysely<Database>,
  organisationId: string,
  filter: DirectoryFilter,
): SelectQueryBuilder<Database, "directory_entries", {}> {
  let query = db.selectFrom("directory_entries").where("directory_entries.organisation_id", "=", organisationId);
  if (filter.kind) query = query.where("directory_entries.kind", "=", filter.kind);
  if (filter.types?.length) {
    const types = [...new Set(filter.types.map((type) => type.trim().toLowerCase()))];
    query = query.where(sql<boolean>`lower(directory_entries.type) = any(${sql.val(types)}::text[])`);
  }
  if (filter.districtIds?.length) {
    query = query.where(sql<boolean>`directory_entries.district_id = any(${sql.val(filter.districtIds)}::uuid[])`);
  }
  if (filter.lifePhases?.length) {
    query = query.where(sql<boolean>`directory_entries.life_phases ?| ${sql.val(filter.lifePhases)}::text[]`);
  }
  if (filter.fieldsOfAction?.length) {
    query = query.where(sql<boolean>`directory_entries.fields_of_action ?| ${sql.val(filter.fieldsOfAction)}::text[]`);
  }
  if (filter.memberOfNetworkIds?.length) {
    const networkIds = filter.memberOfNetworkIds;
    query = query.where("directory_entries.id", "in", (sub) =>
      sub
        .selectFrom("network_members")
        .select("network_members.member_id")
        .where("network_members.organisation_id", "=", organisationId)
        .where(sql<boolean>`network_members.network_id = any(${sql.val(networkIds)}::uuid[])`),
    );
  }
  if (filter.ids?.length) {
    query = query.where(sql<boolean>`directory_entries.id = any(${sql.val(filter.ids)}::uuid[])`);
  }
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    query = query.where(
      sql<boolean>`(
        position(${search} in lower(directory_entries.name)) > 0
        or position(${search} in lower(directory_entries.contact_person)) > 0
        or exists (
          select 1 from jsonb_array_elements_text(directory_entries.emails) as address
          where position(${search} in address) > 0
        )
      )`,
    );
  }
  return query;
}
