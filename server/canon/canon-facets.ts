/**
 * The facets of the canon browser: questionnaires, modules, topics in use, life phases and
 * fields of action, each with German/English labels and the number of items a planner of the
 * organisation can pick (latest versions, not retired, shipped and own). A life phase counts the
 * items its filter finds: those tagged with it and the general ones tagged "all".
 *
 * @example
 * const facets = await canonFacets(db, organisationId);
 * facets.modules[0]; // { id: "actor.profile", questionnaire: "actor", title: { de: "Profil der Einrichtung", … }, itemCount: 9, own: false }
 */
import { z } from "@hono/zod-openapi";
import { sql, type Kysely } from "kysely";
import type { Database, LocalizedText } from "../db/schema.ts";
import { ALL_TAGS, FIELDS_OF_ACTION, LIFE_PHASES, QUESTIONNAIRES } from "./canon-file-format.ts";
import { specificTags } from "./canon-tags.ts";
import { latestVisibleItems } from "./canon-catalogue.ts";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS, QUESTIONNAIRE_LABELS, topicLabel } from "./vocabulary-labels.ts";

const localized = z.object({ de: z.string(), en: z.string() });
const countedLabel = z.object({ id: z.string(), label: localized, itemCount: z.number().int() });
/** A life phase or field of action: `itemCount` is what its filter finds (general items included). */
const tagFacet = countedLabel.extend({
  /** Items tagged with this code specifically, without the general items tagged "all". */
  specificCount: z.number().int(),
});

export const canonFacetsSchema = z
  .object({
    questionnaires: z.array(countedLabel),
    modules: z.array(
      z.object({
        id: z.string(),
        questionnaire: z.string(),
        title: localized,
        itemCount: z.number().int(),
        /** True for modules holding only the organisation's own items. */
        own: z.boolean(),
      }),
    ),
    /** Topics carried by at least one visible item, most used first. */
    topics: z.array(countedLabel),
    /** All four life phases, with how many items each filter finds (with and without the general items). */
    lifePhases: z.array(tagFacet),
    /** All fields of action, with how many items each filter finds (with and without the general items). */
    fieldsOfAction: z.array(tagFacet),
  })
  .openapi("CanonFacets");
export type CanonFacets = z.infer<typeof canonFacetsSchema>;

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function labelOf(label: LocalizedText): LocalizedText {
  return { de: label.de, en: label.en };
}

/** Counts over the catalogue of one organisation; see the module comment. */
export async function canonFacets(db: Kysely<Database>, organisationId: string): Promise<CanonFacets> {
  const rows = await latestVisibleItems(db, organisationId)
    .select([
      "item.questionnaire",
      "item.module",
      "item.module_title",
      "item.tags",
      "item.position",
      "item.created_at",
      sql<boolean>`item.organisation_id is not null`.as("own"),
    ])
    .orderBy("item.organisation_id", (order) => order.desc())
    .orderBy("item.position")
    .orderBy("item.created_at")
    .execute();

  const modules = new Map<string, CanonFacets["modules"][number] & { order: number }>();
  for (const row of rows) {
    const existing = modules.get(row.module);
    if (existing) {
      existing.itemCount += 1;
      existing.own &&= row.own;
      // A shipped module keeps the canon's title; an own module shows its latest title.
      if (row.own && existing.own) existing.title = row.module_title;
    } else {
      modules.set(row.module, {
        id: row.module,
        questionnaire: row.questionnaire,
        title: row.module_title,
        itemCount: 1,
        own: row.own,
        order: row.own ? Number.MAX_SAFE_INTEGER : row.position,
      });
    }
  }
  const questionnaireOrder = (id: string) => {
    const index = (QUESTIONNAIRES as readonly string[]).indexOf(id);
    return index < 0 ? QUESTIONNAIRES.length : index;
  };

  const byQuestionnaire = countBy(rows.map((row) => row.questionnaire));
  const byTopic = countBy(rows.flatMap((row) => row.tags.topics));
  const byLifePhase = countBy(rows.flatMap((row) => specificTags(row.tags.lifePhases)));
  const byField = countBy(rows.flatMap((row) => specificTags(row.tags.fieldsOfAction)));
  const generalForLifePhases = rows.filter((row) => row.tags.lifePhases === ALL_TAGS).length;
  const generalForFields = rows.filter((row) => row.tags.fieldsOfAction === ALL_TAGS).length;
  const tagFacetOf = (id: string, label: LocalizedText, specificCount: number, generalCount: number) => ({
    id,
    label: labelOf(label),
    itemCount: specificCount + generalCount,
    specificCount,
  });

  return {
    questionnaires: [...new Set([...QUESTIONNAIRES, ...byQuestionnaire.keys()])].map((id) => ({
      id,
      label: id in QUESTIONNAIRE_LABELS ? labelOf(QUESTIONNAIRE_LABELS[id as keyof typeof QUESTIONNAIRE_LABELS]) : { de: id, en: id },
      itemCount: byQuestionnaire.get(id) ?? 0,
    })),
    modules: [...modules.values()]
      .sort((a, b) => questionnaireOrder(a.questionnaire) - questionnaireOrder(b.questionnaire) || a.order - b.order || a.id.localeCompare(b.id))
      .map(({ order: _order, ...module }) => module),
    topics: [...byTopic.entries()]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
      .map(([id, itemCount]) => ({ id, label: topicLabel(id), itemCount })),
    lifePhases: LIFE_PHASES.map((id) => tagFacetOf(id, LIFE_PHASE_LABELS[id], byLifePhase.get(id) ?? 0, generalForLifePhases)),
    fieldsOfAction: FIELDS_OF_ACTION.map((id) => tagFacetOf(id, FIELD_OF_ACTION_LABELS[id], byField.get(id) ?? 0, generalForFields)),
  };
}
