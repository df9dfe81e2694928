/**
 * Who is a member of which network. Members are always institutions of the same organisation;
 * a list given by id replaces the previous one.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, DirectoryKind } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";

type Db = Kysely<Database> | Transaction<Database>;

const kindNames: Record<DirectoryKind, { de: string; en: string }> = {
  institution: { de: "Einrichtungen", en: "institutions" },
  network: { de: "Netzwerke", en: "networks" },
};

/**
 * Throws 404 when an id is not an entry of this organisation, 400 when one is of the other kind.
 *
 * @example
 * await requireEntriesOfKind(db, organisationId, memberIds, "institution");
 */
export async function requireEntriesOfKind(db: Db, organisationId: string, ids: readonly string[], kind: DirectoryKind): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db
    .selectFrom("directory_entries")
    .select(["id", "kind"])
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`id = any(${sql.val(unique)}::uuid[])`)
    .execute();
  if (found.length !== unique.length) throw notFound("Directory entry");
  if (found.some((entry) => entry.kind !== kind)) {
    const names = kindNames[kind];
    throw new ApiError(
      400,
      kind === "institution" ? "members_must_be_institutions" : "memberships_must_be_networks",
      kind === "institution"
        ? { de: "Mitglieder eines Netzwerks können nur Einrichtungen sein.", en: "Only institutions can be members of a network." }
        : { de: `Eine Einrichtung kann nur Mitglied in ${names.de} sein.`, en: `An institution can only be a member of ${names.en}.` },
    );
  }
}

/** The network of this organisation with this id; 404 for anything else, 400 for an institution. */
export async function requireNetwork(db: Db, organisationId: string, networkId: string): Promise<void> {
  const entry = await db
    .selectFrom("directory_entries")
    .select("kind")
    .where("organisation_id", "=", organisationId)
    .where("id", "=", networkId)
    .executeTakeFirst();
  if (!entry) throw notFound("Network");
  if (entry.kind !== "network") {
    throw new ApiError(400, "not_a_network", {
      de: "Nur Netzwerke haben Mitglieder.",
      en: "Only networks have members.",
    });
  }
}

/** A network's member institutions by name, with type and district. */
export async function networkMembers(db: Db, organisationId: string, networkId: string) {
  const rows = await db
    .selectFrom("network_members")
    .innerJoin("directory_entries as member", "member.id", "network_members.member_id")
    .leftJoin("districts", "districts.id", "member.district_id")
    .select(["member.id", "member.name", "member.type", "districts.name as districtName"])
    .where("network_members.organisation_id", "=", organisationId)
    .where("network_members.network_id", "=", networkId)
    .orderBy(sql`lower(member.name)`)
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, type: row.type, districtName: row.districtName ?? null }));
}

/** Replaces the members of a network (ids already checked to be institutions of the organisation). */
export async function replaceNetworkMembers(db: Db, organisationId: string, networkId: string, memberIds: readonly string[]): Promise<void> {
  await db.deleteFrom("network_members").where("organisation_id", "=", organisationId).where("network_id", "=", networkId).execute();
  const unique = [...new Set(memberIds)];
  if (unique.length === 0) return;
  await db
    .insertInto("network_members")
    .values(unique.map((memberId) => ({ network_id: networkId, member_id: memberId, organisation_id: organisationId })))
    .execute();
}

/** Replaces the networks an institution is a member of (ids already checked to be networks). */
export async function replaceMemberships(db: Db, organisationId: string, institutionId: string, networkIds: readonly string[]): Promise<void> {
  await db.deleteFrom("network_members").where("organisation_id", "=", organisationId).where("member_id", "=", institutionId).execute();
  const unique = [...new Set(networkIds)];
  if (unique.length === 0) return;
  await db
    .insertInto("network_members")
    .values(unique.map((networkId) => ({ network_id: networkId, member_id: institutionId, organisation_id: organisationId })))
    .execute();
}
