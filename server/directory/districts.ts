/**
 * The organisation's districts (Sozialräume, Stadtteile): a named, ordered list that entries
 * point to. Deleting a district keeps its entries, without a district.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";

/** Districts in their order, each with how many entries lie in it. */
export async function listDistricts(db: Kysely<Database>, organisationId: string) {
  const rows = await db
    .selectFrom("districts")
    .select([
      "id",
      "name",
      "position",
      sql<number>`(select count(*)::int from directory_entries as entry where entry.district_id = districts.id)`.as("entryCount"),
    ])
    .where("organisation_id", "=", organisationId)
    .orderBy("position")
    .orderBy(sql`lower(name)`)
    .execute();
  return rows.map((row) => ({ ...row, entryCount: Number(row.entryCount) }));
}

export async function findDistrict(db: Kysely<Database>, organisationId: string, districtId: string) {
  const district = (await listDistricts(db, organisationId)).find((candidate) => candidate.id === districtId);
  if (!district) throw notFound("District");
  return district;
}

const duplicateDistrict = (name: string) =>
  new ApiError(409, "duplicate_district", {
    de: `Einen Sozialraum namens „${name}“ gibt es schon.`,
    en: `There is already a district called "${name}".`,
  });

async function requireUniqueName(db: Kysely<Database>, organisationId: string, name: string, exceptId?: string) {
  let query = db
    .selectFrom("districts")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw duplicateDistrict(name);
}

/** Adds a district at the end of the list; 409 when the name is taken (case-insensitive). */
export async function createDistrict(db: Kysely<Database>, organisationId: string, name: string): Promise<string> {
  await requireUniqueName(db, organisationId, name);
  const { id } = await db
    .insertInto("districts")
    .values({
      organisation_id: organisationId,
      name,
      position: sql<number>`(select coalesce(max(position) + 1, 0) from districts where organisation_id = ${organisationId})`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function renameDistrict(db: Kysely<Database>, organisationId: string, districtId: string, name: string): Promise<void> {
  await findDistrict(db, organisationId, districtId);
  await requireUniqueName(db, organisationId, name, districtId);
  await db.updateTable("districts").set({ name }).where("organisation_id", "=", organisationId).where("id", "=", districtId).execute();
}

/** Puts the named districts first, in the given order; the others follow in their old order. */
export async function reorderDistricts(db: Kysely<Database>, organisationId: string, orderedIds: readonly string[]): Promise<void> {
  const current = (await listDistricts(db, organisationId)).map((district) => district.id);
  const known = new Set(current);
  if (orderedIds.some((id) => !known.has(id))) throw notFound("District");
  const listed = [...new Set(orderedIds)];
  const order = [...listed, ...current.filter((id) => !listed.includes(id))];
  if (order.length === 0) return;
  await db
    .updateTable("districts")
    .set({ position: sql<number>`array_position(${sql.val(order)}::uuid[], id) - 1` })
    .where("organisation_id", "=", organisationId)
    .execute();
}

/** Deletes a district; returns how many entries lost it (they stay in the directory). */
export async function deleteDistrict(db: Kysely<Database>, organisationId: string, districtId: string): Promise<number> {
  const district = await findDistrict(db, organisationId, districtId);
  await db.deleteFrom("districts").where("organisation_id", "=", organisationId).where("id", "=", districtId).execute();
  return district.entryCount;
}
