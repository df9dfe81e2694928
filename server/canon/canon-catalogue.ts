/**
 * The canon as a planner browses it: the latest version of every shipped item and of the
 * organisation's own items (never another organisation's), filtered by questionnaire, module,
 * tags and a German-aware search, and the JSON shape in which an item leaves the API.
 *
 * @example
 * const rows = await listCatalogue(db, organisationId, { q: "Kita", lifePhase: "early_childhood" }); // also the items tagged "all"
 * const items = rows.map((row) => canonItemView(row));
 */
import { z } from "@hono/zod-openapi";
import { sql, type Kysely, type Selectable } from "kysely";
import type { CanonItemsTable, Database } from "../db/schema.ts";
import { renderCanonElement } from "../lib/survey-definition.ts";
import { ALL_TAGS } from "./canon-file-format.ts";
import { searchConditionOf } from "./canon-search.ts";

export type CanonItemRow = Selectable<CanonItemsTable>;

const localized = z.object({ de: z.string(), en: z.string() });

/** A tag list as the API shows it: the codes, or "all" for an item that applies to every one. */
const tagListView = z.union([z.literal(ALL_TAGS), z.array(z.string())]);

export const canonTagsSchema = z.object({
  lifePhases: tagListView,
  fieldsOfAction: tagListView,
  topics: z.array(z.string()),
});

export const canonItemViewSchema = z
  .object({
    itemId: z.string(),
    version: z.number().int(),
    questionnaire: z.string(),
    module: z.string(),
    moduleTitle: localized,
    tags: canonTagsSchema,
    type: z.string(),
    title: localized,
    help: localized,
    personalDataWarning: z.boolean(),
    /** True for the organisation's own items (editable); false for the shipped canon (read-only). */
    own: z.boolean(),
    origin: z.enum(["canon", "editor", "import"]),
    /** Imported items: the file, its format and the question's name in it (planners only, never shown to respondents). */
    importSource: z
      .object({ format: z.enum(["surveyjs", "limesurvey", "xlsform"]), fileName: z.string(), importedAt: z.string(), questionName: z.string().optional() })
      .nullable(),
    retired: z.boolean(),
    createdAt: z.string(),
    /** The SurveyJS question exactly as a respondent will get it. */
    element: z.record(z.string(), z.unknown()),
  })
  .openapi("CanonItem");
export type CanonItemView = z.infer<typeof canonItemViewSchema>;

/** One stored item version as the API shows it. */
export function canonItemView(row: CanonItemRow): CanonItemView {
  const title = row.element.title as { de: string; en: string } | undefined;
  return {
    itemId: row.item_id,
    version: row.version,
    questionnaire: row.questionnaire,
    module: row.module,
    moduleTitle: row.module_title,
    tags: row.tags,
    type: String(row.element.type ?? "text"),
    title: title ?? { de: row.item_id, en: row.item_id },
    help: row.help,
    personalDataWarning: row.personal_data_warning,
    own: row.organisation_id !== null,
    origin: row.origin,
    importSource: row.import_source
      ? {
          format: row.import_source.format,
          fileName: row.import_source.fileName,
          importedAt: row.import_source.importedAt,
          ...(row.import_source.questionName ? { questionName: row.import_source.questionName } : {}),
        }
      : null,
    retired: row.retired_at !== null,
    createdAt: row.created_at.toISOString(),
    element: renderCanonElement(row),
  };
}

/**
 * The latest version of every item the organisation may see: shipped (organisation_id null) and
 * its own. Retired items are left out unless asked for.
 */
export function latestVisibleItems(db: Kysely<Database>, organisationId: string, options: { includeRetired?: boolean } = {}) {
  let query = db
    .selectFrom("canon_items as item")
    .where((eb) => eb.or([eb("item.organisation_id", "is", null), eb("item.organisation_id", "=", organisationId)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("canon_items as newer")
            .select(sql`1`.as("one"))
            .whereRef("newer.item_id", "=", "item.item_id")
            .whereRef("newer.version", ">", "item.version"),
        ),
      ),
    );
  if (!options.includeRetired) query = query.where("item.retired_at", "is", null);
  return query;
}

export interface CatalogueFilter {
  q?: string;
  questionnaire?: string;
  module?: string;
  /** Items tagged with this life phase, and (unless `includeGeneral` is false) those tagged "all". */
  lifePhase?: string;
  /** Items tagged with this field of action, and (unless `includeGeneral` is false) those tagged "all". */
  fieldOfAction?: string;
  /** false: a life-phase or field-of-action filter finds only items tagged with it specifically. Default true. */
  includeGeneral?: boolean;
  topic?: string;
  /** true: only the organisation's own items; false: only the shipped canon. */
  own?: boolean;
  includeRetired?: boolean;
}

/** Tag arrays are jsonb; containment (`@>`) works alike on PostgreSQL and PGlite. */
function hasTag(key: "lifePhases" | "fieldsOfAction" | "topics", value: string) {
  return sql<boolean>`item.tags -> ${key} @> ${JSON.stringify([value])}::jsonb`;
}

/** Tagged with `value`, or (with `includeGeneral`) tagged "all": a general item belongs to every life phase. */
function appliesTo(key: "lifePhases" | "fieldsOfAction", value: string, includeGeneral: boolean) {
  if (!includeGeneral) return hasTag(key, value);
  return sql<boolean>`(${hasTag(key, value)} or item.tags -> ${key} = ${JSON.stringify(ALL_TAGS)}::jsonb)`;
}

/** The filtered catalogue in canon order (questionnaire, file order, own items after the shipped ones). */
export async function listCatalogue(db: Kysely<Database>, organisationId: string, filter: CatalogueFilter): Promise<CanonItemRow[]> {
  let query = latestVisibleItems(db, organisationId, { includeRetired: filter.includeRetired }).selectAll("item");
  if (filter.questionnaire) query = query.where("item.questionnaire", "=", filter.questionnaire);
  if (filter.module) query = query.where("item.module", "=", filter.module);
  const includeGeneral = filter.includeGeneral ?? true;
  if (filter.lifePhase) query = query.where(appliesTo("lifePhases", filter.lifePhase, includeGeneral));
  if (filter.fieldOfAction) query = query.where(appliesTo("fieldsOfAction", filter.fieldOfAction, includeGeneral));
  if (filter.topic) query = query.where(hasTag("topics", filter.topic));
  if (filter.own === true) query = query.where("item.organisation_id", "=", organisationId);
  if (filter.own === false) query = query.where("item.organisation_id", "is", null);
  const search = searchConditionOf(filter.q ?? "", "item.search_text");
  if (search) query = query.where(search);
  return query
    .orderBy("item.questionnaire")
    .orderBy(sql`item.organisation_id is not null`)
    .orderBy("item.position")
    .orderBy("item.created_at")
    .orderBy("item.item_id")
    .execute();
}
