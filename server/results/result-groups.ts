import type { Kysely } from "kysely";
import { FIELDS_OF_ACTION, LIFE_PHASES } from "../canon/canon-file-format.ts";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS } from "../canon/vocabulary-labels.ts";
import type { Database, LocalizedText } from "../db/schema.ts";
import { slotOfGroup, type GroupSlot } from "./group-slots.ts";
import { questionNamed, type GroupBy } from "./results-filter.ts";
import type { ResultQuestion } from "./question-kinds.ts";

export interface ResultGroup {
  /** The group key (district id, kind, type, life phase code, network id, option value); null: not specified. */
  key: string | null;
  label: LocalizedText;
  /** Respondents in the group. */
  n: number;
}

interface KnownGroup {
  key: string;
  label: LocalizedText;
}

export const NOT_SPECIFIED: LocalizedText = { de: "Ohne Angabe", en: "Not specified" };

const KIND_LABELS: KnownGroup[] = [
  { key: "institution", label: { de: "Einrichtung", en: "Institution" } },
  { key: "network", label: { de: "Netzwerk", en: "Network" } },
];

const plain = (text: string): LocalizedText => ({ de: text, en: text });

/**
 * The groups a grouping can have, in display order, whether or not anyone is in them: the
 * organisation's districts and networks, the kinds, the canon's life phases and fields of action,
 * a question's options. Provider types are free text and have no list (only those found count).
 */
export async function knownGroups(db: Kysely<Database>, organisationId: string, groupBy: GroupBy, questions: ResultQuestion[]): Promise<KnownGroup[]> {
  if ("question" in groupBy) return questionNamed(questions, groupBy.question).options.map(({ value, label }) => ({ key: value, label }));
  switch (groupBy.recipient) {
    case "district": {
      const districts = await db
        .selectFrom("districts")
        .select(["id", "name"])
        .where("organisation_id", "=", organisationId)
        .orderBy("position")
        .orderBy("name")
        .execute();
      return districts.map((district) => ({ key: district.id, label: plain(district.name) }));
    }
    case "network": {
      const networks = await db
        .selectFrom("directory_entries")
        .select(["id", "name"])
        .where("organisation_id", "=", organisationId)
        .where("kind", "=", "network")
        .orderBy("name")
        .execute();
      return networks.map((network) => ({ key: network.id, label: plain(network.name) }));
    }
    case "kind":
      return KIND_LABELS;
    case "lifePhase":
      return LIFE_PHASES.map((code) => ({ key: code, label: { de: LIFE_PHASE_LABELS[code].de, en: LIFE_PHASE_LABELS[code].en } }));
    case "fieldOfAction":
      return FIELDS_OF_ACTION.map((code) => ({ key: code, label: { de: FIELD_OF_ACTION_LABELS[code].de, en: FIELD_OF_ACTION_LABELS[code].en } }));
    case "type":
      return [];
  }
}

/**
 * The groups of a grouped result: the known groups (with n = 0 when empty), then keys found in
 * the answers but not known (by label), then "not specified" when anyone is in it.
 */
export function resultGroupsOf(known: KnownGroup[], respondents: Map<GroupSlot, number>): ResultGroup[] {
  const knownKeys = new Set(known.map((group) => group.key));
  const found = [...respondents.keys()]
    .filter((slot) => slot.startsWith("="))
    .map((slot) => slot.slice(1))
    .filter((key) => !knownKeys.has(key))
    .sort((a, b) => a.localeCompare(b, "de"))
    .map((key) => ({ key, label: plain(key) }));
  const groups: ResultGroup[] = [...known, ...found].map((group) => ({ ...group, n: respondents.get(slotOfGroup(group.key)) ?? 0 }));
  const unspecified = respondents.get(slotOfGroup(null)) ?? 0;
  if (unspecified > 0) groups.push({ key: null, label: NOT_SPECIFIED, n: unspecified });
  return groups;
}
