import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { searchableText } from "../lib/search-text.ts";
import { readCanonFiles, type CanonItem, type CanonModule } from "./canon-file-format.ts";

/** Every localized string inside an element, for the search index. */
function collectTexts(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const entry of value) collectTexts(entry, into);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.de === "string" && typeof record.en === "string") {
      into.push(record.de, record.en);
    } else {
      for (const entry of Object.values(record)) collectTexts(entry, into);
    }
  }
  return into;
}

export function canonItemRow(module: CanonModule, item: CanonItem, organisationId: string | null, position: number) {
  return {
    position,
    item_id: item.id,
    version: item.version,
    organisation_id: organisationId,
    questionnaire: module.questionnaire,
    module: module.module,
    module_title: JSON.stringify(module.title),
    tags: JSON.stringify(item.tags),
    help: JSON.stringify(item.help),
    personal_data_warning: item.personalDataWarning ?? false,
    element: JSON.stringify(item.element),
    search_text: searchableText([
      item.id,
      ...collectTexts(item.element),
      item.help.de,
      item.help.en,
      module.title.de,
      module.title.en,
      ...item.tags.lifePhases,
      ...item.tags.fieldsOfAction,
      ...item.tags.topics,
    ]),
  };
}

/**
 * Loads the shipped canon from questionnaires/ into the database. Adds item versions it has
 * not seen; never overwrites a stored version, because surveys reference (id, version).
 */
export async function loadCanon(db: Kysely<Database>, modules?: CanonModule[]): Promise<{ added: number }> {
  const files = modules ?? (await readCanonFiles());
  let position = 0;
  const rows = files.flatMap((module) => module.items.map((item) => canonItemRow(module, item, null, position++)));
  if (rows.length === 0) return { added: 0 };
  const inserted = await db
    .insertInto("canon_items")
    .values(rows)
    .onConflict((conflict) => conflict.columns(["item_id", "version"]).doNothing())
    .returning("item_id")
    .execute();
  return { added: inserted.length };
}
