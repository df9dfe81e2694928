/**
 * Imports institutions and networks from a table: rows are read through the column mapping,
 * checked (name, kind, e-mail addresses, life phases, fields of action, district, networks,
 * duplicates) and written in one transaction with a few batched statements, so a file of some
 * hundred rows takes well under a second. Rejected rows are reported with all their reasons and
 * change nothing.
 *
 * @example
 * const report = await importDirectory(db, organisationId, table, {
 *   mapping: suggestMapping(table.headers, table.rows), defaultKind: "institution",
 *   createMissingDistricts: true, updateExisting: false,
 * });
 * // { created: 298, updated: 0, districtsCreated: 4, rejected: [{ row: 17, name: "Kita Wiese", reasons: [...] }] }
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database, DirectoryKind } from "../db/schema.ts";
import { readRecords, reason, type ImportMapping, type ImportReason, type ImportRecord, type RejectedRow } from "./import-mapping.ts";
import type { Table } from "./table-file.ts";

export interface ImportOptions {
  mapping: ImportMapping;
  /** The kind of rows without a kind column (or with an empty kind cell). */
  defaultKind: DirectoryKind;
  /** Create districts the directory does not know yet instead of rejecting their rows. */
  createMissingDistricts: boolean;
  /** Update an existing entry of the same kind and name instead of reporting a duplicate. */
  updateExisting: boolean;
}

export interface ImportReport {
  created: number;
  updated: number;
  districtsCreated: number;
  rejected: RejectedRow[];
}

const key = (kind: DirectoryKind, name: string) => `${kind}:${name.trim().toLowerCase()}`;
const lower = (name: string) => name.trim().toLowerCase();
const BATCH = 500;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/** Imports the table's rows; everything that is written is written in one transaction. */
export async function importDirectory(db: Kysely<Database>, organisationId: string, table: Table, options: ImportOptions): Promise<ImportReport> {
  const { records, rejected } = readRecords(table.rows, options.mapping, options.defaultKind);
  const reject = (record: ImportRecord, reasons: ImportReason[]) => rejected.push({ row: record.row, name: record.name, reasons });

  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("directory_entries")
      .select(["id", "kind", "name"])
      .where("organisation_id", "=", organisationId)
      .orderBy("created_at")
      .execute();
    const existingByKey = new Map<string, string>();
    for (const entry of existing) if (!existingByKey.has(key(entry.kind, entry.name))) existingByKey.set(key(entry.kind, entry.name), entry.id);
    const districts = await trx.selectFrom("districts").select(["id", "name"]).where("organisation_id", "=", organisationId).execute();
    const districtIds = new Map(districts.map((district) => [lower(district.name), district.id]));

    // Networks first, so institutions can name networks of the same file.
    const ordered = [...records].sort((a, b) => (a.kind === b.kind ? a.row - b.row : a.kind === "network" ? -1 : 1));
    const seen = new Set<string>();
    const accepted: ImportRecord[] = [];
    const networkNames = new Set(existing.filter((entry) => entry.kind === "network").map((entry) => lower(entry.name)));
    for (const record of ordered) {
      const reasons: ImportReason[] = [];
      const recordKey = key(record.kind, record.name);
      const kindLabel = record.kind === "institution" ? { de: "Einrichtung", en: "institution" } : { de: "Netzwerk", en: "network" };
      if (seen.has(recordKey)) {
        reasons.push(reason("duplicate_in_file", `${kindLabel.de} steht mehrfach in der Datei`, `The ${kindLabel.en} appears more than once in the file`));
      } else if (existingByKey.has(recordKey) && !options.updateExisting) {
        reasons.push(
          reason(
            "duplicate",
            `${kindLabel.de} „${record.name}“ gibt es schon im Verzeichnis`,
            `The ${kindLabel.en} "${record.name}" is already in the directory`,
          ),
        );
      }
      if (record.district && !districtIds.has(lower(record.district)) && !options.createMissingDistricts) {
        reasons.push(reason("unknown_district", `Unbekannter Sozialraum „${record.district}“`, `Unknown district "${record.district}"`));
      }
      if (record.kind === "institution" && record.memberOf?.length) {
        if (record.memberOfText && networkNames.has(lower(record.memberOfText))) record.memberOf = [record.memberOfText.trim()];
        for (const name of record.memberOf) {
          if (!networkNames.has(lower(name))) {
            reasons.push(reason("unknown_network", `Unbekanntes Netzwerk „${name}“`, `Unknown network "${name}"`));
          }
        }
      }
      seen.add(recordKey);
      if (reasons.length > 0) {
        reject(record, reasons);
        continue;
      }
      accepted.push(record);
      if (record.kind === "network") networkNames.add(lower(record.name));
    }

    const districtsCreated = await createMissingDistricts(trx, organisationId, accepted, districtIds);
    const districtOf = (record: ImportRecord) => (record.district ? districtIds.get(lower(record.district))! : null);

    const toCreate = accepted.filter((record) => !existingByKey.has(key(record.kind, record.name)));
    const toUpdate = accepted.filter((record) => existingByKey.has(key(record.kind, record.name)));
    const entryIds = new Map(existingByKey);
    for (const batch of chunks(toCreate)) {
      const inserted = await trx
        .insertInto("directory_entries")
        .values(
          batch.map((record) => ({
            organisation_id: organisationId,
            kind: record.kind,
            name: record.name,
            type: record.type ?? "",
            fields_of_action: JSON.stringify(record.fieldsOfAction ?? []),
            life_phases: JSON.stringify(record.lifePhases ?? []),
            district_id: districtOf(record),
            contact_person: record.contactPerson ?? "",
            contact_salutation: record.salutation ?? null,
            language: record.language ?? "de",
            emails: JSON.stringify(record.emails ?? []),
            notes: record.notes ?? "",
          })),
        )
        .returning(["id", "kind", "name"])
        .execute();
      for (const entry of inserted) entryIds.set(key(entry.kind, entry.name), entry.id);
    }
    await updateEntries(trx, organisationId, toUpdate, options.mapping, (record) => ({
      id: entryIds.get(key(record.kind, record.name))!,
      district_id: districtOf(record),
    }));
    await linkMemberships(trx, organisationId, accepted, entryIds);

    rejected.sort((a, b) => a.row - b.row);
    return { created: toCreate.length, updated: toUpdate.length, districtsCreated, rejected };
  });
}

/** Creates the districts the accepted rows name but the directory lacks, after the existing ones. */
async function createMissingDistricts(
  trx: Kysely<Database>,
  organisationId: string,
  records: readonly ImportRecord[],
  districtIds: Map<string, string>,
): Promise<number> {
  const missing = new Map<string, string>();
  for (const record of records) {
    if (record.district && !districtIds.has(lower(record.district)) && !missing.has(lower(record.district))) {
      missing.set(lower(record.district), record.district.trim());
    }
  }
  if (missing.size === 0) return 0;
  const { next } = await trx
    .selectFrom("districts")
    .select(sql<number>`coalesce(max(position) + 1, 0)`.as("next"))
    .where("organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const created = await trx
    .insertInto("districts")
    .values([...missing.values()].map((name, index) => ({ organisation_id: organisationId, name, position: Number(next) + index })))
    .returning(["id", "name"])
    .execute();
  for (const district of created) districtIds.set(lower(district.name), district.id);
  return created.length;
}

/** Updates existing entries in one statement per batch; only the columns the file has are changed. */
async function updateEntries(
  trx: Kysely<Database>,
  organisationId: string,
  records: readonly ImportRecord[],
  mapping: ImportMapping,
  resolve: (record: ImportRecord) => { id: string; district_id: string | null },
): Promise<void> {
  if (records.length === 0) return;
  const mapped = (field: keyof ImportMapping) => mapping[field] !== null && mapping[field] !== undefined;
  const assignments: RawBuilder<unknown>[] = [sql`name = source.name`, sql`updated_at = now()`];
  if (mapped("type")) assignments.push(sql`type = source.type`);
  if (mapped("fieldsOfAction")) assignments.push(sql`fields_of_action = source.fields_of_action`);
  if (mapped("lifePhases")) assignments.push(sql`life_phases = source.life_phases`);
  if (mapped("district")) assignments.push(sql`district_id = source.district_id`);
  if (mapped("contactPerson")) assignments.push(sql`contact_person = source.contact_person`);
  if (mapped("salutation")) assignments.push(sql`contact_salutation = source.contact_salutation`);
  // Without the column, only a salutation read off the contact person ("Frau Anna Müller") changes it.
  else if (mapped("contactPerson")) assignments.push(sql`contact_salutation = coalesce(source.contact_salutation, directory_entries.contact_salutation)`);
  if (mapped("language")) assignments.push(sql`language = source.language`);
  if (mapped("emails")) assignments.push(sql`emails = source.emails`);
  if (mapped("notes")) assignments.push(sql`notes = source.notes`);
  for (const batch of chunks(records)) {
    const rows = batch.map((record) => {
      const { id, district_id } = resolve(record);
      return {
        id,
        name: record.name,
        type: record.type ?? "",
        fields_of_action: record.fieldsOfAction ?? [],
        life_phases: record.lifePhases ?? [],
        district_id,
        contact_person: record.contactPerson ?? "",
        contact_salutation: record.salutation ?? null,
        language: record.language ?? "de",
        emails: record.emails ?? [],
        notes: record.notes ?? "",
      };
    });
    await sql`
      update directory_entries set ${sql.join(assignments)}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as source(
        id uuid, name text, type text, fields_of_action jsonb, life_phases jsonb,
        district_id uuid, contact_person text, contact_salutation text, language text, emails jsonb, notes text
      )
      where directory_entries.id = source.id and directory_entries.organisation_id = ${organisationId}
    `.execute(trx);
  }
}

/** Links institutions to the networks their membership cell names; the cell replaces old memberships. */
async function linkMemberships(
  trx: Kysely<Database>,
  organisationId: string,
  records: readonly ImportRecord[],
  entryIds: Map<string, string>,
): Promise<void> {
  const institutions = records.filter((record) => record.kind === "institution" && record.memberOf !== undefined);
  if (institutions.length === 0) return;
  const memberIds = institutions.map((record) => entryIds.get(key("institution", record.name))!);
  for (const batch of chunks(memberIds)) {
    await trx
      .deleteFrom("network_members")
      .where("organisation_id", "=", organisationId)
      .where(sql<boolean>`member_id = any(${sql.val(batch)}::uuid[])`)
      .execute();
  }
  const links = new Map<string, { network_id: string; member_id: string; organisation_id: string }>();
  for (const record of institutions) {
    const memberId = entryIds.get(key("institution", record.name))!;
    for (const networkName of record.memberOf ?? []) {
      const networkId = entryIds.get(key("network", networkName))!;
      links.set(`${networkId}:${memberId}`, { network_id: networkId, member_id: memberId, organisation_id: organisationId });
    }
  }
  for (const batch of chunks([...links.values()], 2000)) {
    await trx.insertInto("network_members").values(batch).onConflict((conflict) => conflict.doNothing()).execute();
  }
}
