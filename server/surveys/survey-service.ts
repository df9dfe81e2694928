import type { Kysely } from "kysely";
import type { Database, SurveyItemRef } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { buildSurveyDefinition } from "../lib/survey-definition.ts";

/** The canon item versions a survey picked, in the survey's order; rejects unknown references. */
export async function loadPickedItems(db: Kysely<Database>, organisationId: string, refs: SurveyItemRef[]) {
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom("canon_items")
    .selectAll()
    .where((eb) => eb.or(refs.map((ref) => eb.and([eb("item_id", "=", ref.itemId), eb("version", "=", ref.version)]))))
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .execute();
  const byKey = new Map(rows.map((row) => [`${row.item_id}@${row.version}`, row]));
  const missing = refs.filter((ref) => !byKey.has(`${ref.itemId}@${ref.version}`));
  if (missing.length > 0) {
    throw new ApiError(
      400,
      "unknown_canon_item",
      {
        de: `Unbekannte Fragen: ${missing.map((ref) => ref.itemId).join(", ")}`,
        en: `Unknown canon items: ${missing.map((ref) => `${ref.itemId} v${ref.version}`).join(", ")}`,
      },
      missing,
    );
  }
  return refs.map((ref) => byKey.get(`${ref.itemId}@${ref.version}`)!);
}

/** Builds the SurveyJS definition from the survey's texts and picked canon items. */
export async function definitionFor(
  db: Kysely<Database>,
  organisationId: string,
  survey: { title: string; intro: string; items: SurveyItemRef[] },
) {
  const items = await loadPickedItems(db, organisationId, survey.items);
  const modules = new Map(items.map((item) => [item.item_id, { module: item.module, title: item.module_title }]));
  return buildSurveyDefinition({ title: survey.title, intro: survey.intro }, items, (itemId) => modules.get(itemId)!);
}

