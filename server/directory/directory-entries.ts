/**
 * Institutions and networks of an organisation: list (filtered, sorted, paged), read, create,
 * change and delete. Plain functions over the Kysely handle; the routes add HTTP.
 */
import { z } from "@hono/zod-openapi";
import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { Database, DirectoryKind } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { filteredEntries, type DirectoryFilter } from "./directory-filter.ts";
import { fieldOfActionLabel, FIELDS_OF_ACTION, LIFE_PHASES, lifePhaseLabel } from "./directory-vocabulary.ts";
import type { CreateEntryInput, UpdateEntryInput } from "./directory-schemas.ts";
import { checkEmails } from "./entry-emails.ts";
import { takeSalutation, type Salutation } from "../lib/person-name.ts";
import { networkMembers, replaceMemberships, replaceNetworkMembers, requireEntriesOfKind } from "./network-members.ts";

export const entrySortSchema = z.enum(["name", "type", "district", "updated"]);
export type EntrySort = z.infer<typeof entrySortSchema>;

export interface ListOptions {
  filter: DirectoryFilter;
  offset: number;
  limit: number;
  sort: EntrySort;
  direction: "asc" | "desc";
}

/** The columns of an entry as the API shows it, with district name, member count and networks. */
function selectSummaries(query: SelectQueryBuilder<Database, "directory_entries", {}>) {
  return query.leftJoin("districts", "districts.id", "directory_entries.district_id").select([
    "directory_entries.id",
    "directory_entries.kind",
    "directory_entries.name",
    "directory_entries.type",
    "directory_entries.fields_of_action",
    "directory_entries.life_phases",
    "directory_entries.district_id",
    "districts.name as district_name",
    "directory_entries.contact_person",
    "directory_entries.contact_salutation",
    "directory_entries.language",
    "directory_entries.emails",
    "directory_entries.notes",
    "directory_entries.updated_at",
    sql<number>`(select count(*)::int from network_members as nm where nm.network_id = directory_entries.id)`.as("member_count"),
    sql<{ id: string; name: string }[]>`(
      select coalesce(jsonb_agg(jsonb_build_object('id', network.id, 'name', network.name) order by lower(network.name)), '[]'::jsonb)
      from network_members as nm join directory_entries as network on network.id = nm.network_id
      where nm.member_id = directory_entries.id
    )`.as("networks"),
  ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>["execute"]>>[number];

function summaryOf(row: SummaryRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    type: row.type,
    fieldsOfAction: row.fields_of_action,
    lifePhases: row.life_phases,
    districtId: row.district_id,
    districtName: row.district_name ?? null,
    contactPerson: row.contact_person,
    contactSalutation: row.contact_salutation,
    language: row.language,
    emails: row.emails,
    notes: row.notes,
    memberCount: Number(row.member_count),
    networks: row.networks,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export type EntrySummary = ReturnType<typeof summaryOf>;

/**
 * One page of the entries matching the filter, and how many match in all.
 *
 * @example
 * await listEntries(db, organisationId, { filter: { kind: "network" }, offset: 0, limit: 50, sort: "name", direction: "asc" });
 */
export async function listEntries(db: Kysely<Database>, organisationId: string, options: ListOptions) {
  const { total } = await filteredEntries(db, organisationId, options.filter)
    .select(sql<number>`count(*)::int`.as("total"))
    .executeTakeFirstOrThrow();
  let query = selectSummaries(filteredEntries(db, organisationId, options.filter));
  const direction = options.direction === "desc" ? sql`desc` : sql`asc`;
  if (options.sort === "type") query = query.orderBy(sql`lower(directory_entries.type) ${direction}`);
  if (options.sort === "district") {
    query = query.orderBy(sql`districts.position ${direction} nulls last`).orderBy(sql`lower(districts.name) ${direction}`);
  }
  if (options.sort === "updated") query = query.orderBy(sql`directory_entries.updated_at ${direction}`);
  const rows = await query
    .orderBy(sql`lower(directory_entries.name) ${options.sort === "name" ? direction : sql`asc`}`)
    .orderBy("directory_entries.id")
    .offset(options.offset)
    .limit(options.limit)
    .execute();
  return { total: Number(total), entries: rows.map(summaryOf) };
}

/** One entry with, for a network, its members; 404 when it is not this organisation's. */
export async function entryDetail(db: Kysely<Database>, organisationId: string, entryId: string) {
  const row = await selectSummaries(filteredEntries(db, organisationId, { ids: [entryId] })).executeTakeFirst();
  if (!row) throw notFound("Directory entry");
  const members = row.kind === "network" ? await networkMembers(db, organisationId, entryId) : [];
  return { ...summaryOf(row), members };
}

/** The checked, lower-cased addresses, or 400 naming each bad address with its reason. */
export function validEmails(values: readonly string[]): string[] {
  const { emails, problems } = checkEmails(values);
  if (problems.length > 0) {
    throw new ApiError(
      400,
      "invalid_emails",
      {
        de: `Ungültige E-Mail-Adressen: ${problems.map((problem) => `${problem.value.trim()} (${problem.messageDe})`).join(", ")}`,
        en: `Invalid e-mail addresses: ${problems.map((problem) => `${problem.value.trim()} (${problem.message})`).join(", ")}`,
      },
      problems.map((problem) => ({ path: `emails.${problem.index}`, ...problem })),
    );
  }
  return emails;
}

async function requireDistrict(db: Kysely<Database>, organisationId: string, districtId: string | null | undefined) {
  if (!districtId) return;
  const district = await db
    .selectFrom("districts")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("id", "=", districtId)
    .executeTakeFirst();
  if (!district) throw notFound("District");
}

/** 409 when another entry of the same kind already has this name (case-insensitive). */
async function requireUniqueName(db: Kysely<Database>, organisationId: string, kind: DirectoryKind, name: string, exceptId?: string) {
  let query = db
    .selectFrom("directory_entries")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("kind", "=", kind)
    .where(sql<boolean>`lower(name) = ${name.trim().toLowerCase()}`);
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) {
    throw new ApiError(
      409,
      "duplicate_entry",
      kind === "institution"
        ? { de: `Es gibt schon eine Einrichtung namens „${name}“.`, en: `There is already an institution called "${name}".` }
        : { de: `Es gibt schon ein Netzwerk namens „${name}“.`, en: `There is already a network called "${name}".` },
    );
  }
}

function requireMembershipFields(kind: DirectoryKind, input: { memberIds?: string[] | undefined; networkIds?: string[] | undefined }) {
  if (kind === "institution" && input.memberIds?.length) {
    throw new ApiError(400, "not_a_network", { de: "Nur Netzwerke haben Mitglieder.", en: "Only networks have members." });
  }
  if (kind === "network" && input.networkIds?.length) {
    throw new ApiError(400, "network_membership", {
      de: "Nur Einrichtungen können Mitglied eines Netzwerks sein.",
      en: "Only institutions can be members of a network.",
    });
  }
}

/**
 * The contact person as stored: "Frau Anna Müller" typed in one field becomes the name and the
 * salutation, unless a salutation was chosen (the choice wins; "keine" keeps the text as typed).
 */
function contactOf(contactPerson: string, salutation: Salutation | null | undefined) {
  const taken = takeSalutation(contactPerson);
  if (salutation === undefined && taken.salutation) return { contact_person: taken.name, contact_salutation: taken.salutation };
  return { contact_person: contactPerson, contact_salutation: salutation ?? null };
}

/** Creates an institution or a network (with members or memberships); returns its id. */
export async function createEntry(db: Kysely<Database>, organisationId: string, input: CreateEntryInput): Promise<string> {
  const emails = validEmails(input.emails);
  requireMembershipFields(input.kind, input);
  await requireDistrict(db, organisationId, input.districtId);
  await requireUniqueName(db, organisationId, input.kind, input.name);
  await requireEntriesOfKind(db, organisationId, input.memberIds ?? [], "institution");
  await requireEntriesOfKind(db, organisationId, input.networkIds ?? [], "network");
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("directory_entries")
      .values({
        organisation_id: organisationId,
        kind: input.kind,
        name: input.name,
        type: input.type,
        fields_of_action: JSON.stringify(input.fieldsOfAction),
        life_phases: JSON.stringify(input.lifePhases),
        district_id: input.districtId,
        ...contactOf(input.contactPerson, input.contactSalutation),
        language: input.language,
        emails: JSON.stringify(emails),
        notes: input.notes,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.memberIds?.length) await replaceNetworkMembers(trx, organisationId, id, input.memberIds);
    if (input.networkIds?.length) await replaceMemberships(trx, organisationId, id, input.networkIds);
    return id;
  });
}

/** Changes the given fields of an entry; lists (e-mails, members, networks) replace the old ones. */
export async function updateEntry(db: Kysely<Database>, organisationId: string, entryId: string, patch: UpdateEntryInput): Promise<void> {
  const entry = await db
    .selectFrom("directory_entries")
    .select(["id", "kind"])
    .where("organisation_id", "=", organisationId)
    .where("id", "=", entryId)
    .executeTakeFirst();
  if (!entry) throw notFound("Directory entry");
  const emails = patch.emails === undefined ? undefined : validEmails(patch.emails);
  requireMembershipFields(entry.kind, patch);
  await requireDistrict(db, organisationId, patch.districtId);
  if (patch.name !== undefined) await requireUniqueName(db, organisationId, entry.kind, patch.name, entryId);
  await requireEntriesOfKind(db, organisationId, patch.memberIds ?? [], "institution");
  await requireEntriesOfKind(db, organisationId, patch.networkIds ?? [], "network");
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("directory_entries")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.type !== undefined ? { type: patch.type } : {}),
        ...(patch.fieldsOfAction !== undefined ? { fields_of_action: JSON.stringify(patch.fieldsOfAction) } : {}),
        ...(patch.lifePhases !== undefined ? { life_phases: JSON.stringify(patch.lifePhases) } : {}),
        ...(patch.districtId !== undefined ? { district_id: patch.districtId } : {}),
        ...(patch.contactPerson !== undefined ? contactOf(patch.contactPerson, patch.contactSalutation) : {}),
        ...(patch.contactPerson === undefined && patch.contactSalutation !== undefined ? { contact_salutation: patch.contactSalutation } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
        ...(emails !== undefined ? { emails: JSON.stringify(emails) } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where("organisation_id", "=", organisationId)
      .where("id", "=", entryId)
      .execute();
    if (patch.memberIds !== undefined && entry.kind === "network") await replaceNetworkMembers(trx, organisationId, entryId, patch.memberIds);
    if (patch.networkIds !== undefined && entry.kind === "institution") await replaceMemberships(trx, organisationId, entryId, patch.networkIds);
  });
}

/** Deletes an entry and its memberships; invitations sent to it keep their address. */
export async function deleteEntry(db: Kysely<Database>, organisationId: string, entryId: string): Promise<void> {
  const deleted = await db
    .deleteFrom("directory_entries")
    .where("organisation_id", "=", organisationId)
    .where("id", "=", entryId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound("Directory entry");
}

/** Counts per kind, the types in use per kind, and how many entries carry each life phase and field of action. */
export async function directoryFacets(db: Kysely<Database>, organisationId: string) {
  const [kinds, types, phases, fields] = await Promise.all([
    db
      .selectFrom("directory_entries")
      .select(["kind", sql<number>`count(*)::int`.as("count")])
      .where("organisation_id", "=", organisationId)
      .groupBy("kind")
      .execute(),
    db
      .selectFrom("directory_entries")
      .select(["kind", sql<string>`min(type)`.as("value"), sql<number>`count(*)::int`.as("count")])
      .where("organisation_id", "=", organisationId)
      .where(sql<boolean>`trim(type) <> ''`)
      .groupBy(["kind", sql`lower(type)`])
      .orderBy(sql`count(*)`, "desc")
      .orderBy(sql`lower(type)`)
      .execute(),
    tagCounts(db, organisationId, "life_phases"),
    tagCounts(db, organisationId, "fields_of_action"),
  ]);
  const countOf = (kind: DirectoryKind) => Number(kinds.find((row) => row.kind === kind)?.count ?? 0);
  const typesOf = (kind: DirectoryKind) =>
    types.filter((row) => row.kind === kind).map((row) => ({ value: row.value, count: Number(row.count) }));
  return {
    counts: { institution: countOf("institution"), network: countOf("network") },
    types: { institution: typesOf("institution"), network: typesOf("network") },
    lifePhases: LIFE_PHASES.map((id) => ({ id, label: lifePhaseLabel(id), count: phases.get(id) ?? 0 })),
    fieldsOfAction: FIELDS_OF_ACTION.map((id) => ({ id, label: fieldOfActionLabel(id), count: fields.get(id) ?? 0 })),
  };
}

async function tagCounts(db: Kysely<Database>, organisationId: string, column: "life_phases" | "fields_of_action") {
  const rows = await sql<{ tag: string; count: number }>`
    select tag, count(*)::int as count
    from directory_entries, jsonb_array_elements_text(directory_entries.${sql.ref(column)}) as tag
    where directory_entries.organisation_id = ${organisationId}
    group by tag
  `.execute(db);
  return new Map(rows.rows.map((row) => [row.tag, Number(row.count)]));
}
