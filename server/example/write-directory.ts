/**
 * Writes a municipality plan into an organisation's directory through the directory's own
 * services (the same checks and rows as the planner's forms): districts in order, institutions
 * with kind, provider type, fields of action, life phases, district, contact person and address,
 * then the networks with their members.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createEntry } from "../directory/directory-entries.ts";
import { createDistrict } from "../directory/districts.ts";
import { INSTITUTION_KINDS } from "./institution-kinds.ts";
import type { MunicipalityPlan } from "./municipality-plan.ts";

export interface WrittenDirectory {
  districtIds: Map<string, string>;
  /** Directory entry ids by name (institutions and networks have distinct names). */
  entryIds: Map<string, string>;
}

export async function writeDirectory(db: Kysely<Database>, organisationId: string, plan: MunicipalityPlan): Promise<WrittenDirectory> {
  const districtIds = new Map<string, string>();
  for (const name of plan.districts) districtIds.set(name, await createDistrict(db, organisationId, name));
  const entryIds = new Map<string, string>();
  for (const institution of plan.institutions) {
    const kind = INSTITUTION_KINDS[institution.kind];
    const id = await createEntry(db, organisationId, {
      kind: "institution",
      name: institution.name,
      type: kind.type,
      fieldsOfAction: kind.fieldsOfAction,
      lifePhases: kind.lifePhases,
      districtId: institution.district ? districtIds.get(institution.district)! : null,
      contactPerson: institution.contactPerson,
      language: "de",
      emails: [institution.email],
      notes: institution.notes,
    });
    entryIds.set(institution.name, id);
  }
  for (const network of plan.networks) {
    const id = await createEntry(db, organisationId, {
      kind: "network",
      name: network.name,
      type: network.type,
      fieldsOfAction: network.fieldsOfAction,
      lifePhases: network.lifePhases,
      districtId: network.district ? districtIds.get(network.district)! : null,
      contactPerson: network.contactPerson,
      language: "de",
      emails: [network.email],
      notes: `Gegründet ${network.foundingYear}`,
      memberIds: network.members.map((name) => entryIds.get(name)!),
    });
    entryIds.set(network.name, id);
  }
  return { districtIds, entryIds };
}
