import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { readCanonFiles, type CanonItem, type CanonModule } from "./canon-file-format.ts";
import { canonSearchText } from "./canon-search.ts";

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
    search_text: canonSearchText({ itemId: item.id, element: item.element, help: item.help, moduleTitle: module.title, tags: item.tags }),
  };
}

/**
 * Loads the shipped canon from questionnaires/ into the database. Adds item versions it has
 * not seen; never overwrites what respondents see of a stored version, because surveys reference
 * (id, version). Tags only help planners find items, so a stored shipped version takes the tags
 * its file gives now (see `refreshShippedTags`). Then recomputes the search text of every stored
 * item (see `refreshSearchText`).
 *
 * @example
 * const { added } = await loadCanon(db);
 */
export async function loadCanon(db: Kysely<Database>, modules?: CanonModule[]): Promise<{ added: number }> {
  const files = modules ?? (await readCanonFiles());
  let position = 0;
  const rows = files.flatMap((module) => module.items.map((item) => canonItemRow(module, item, null, position++)));
  let added = 0;
  if (rows.length > 0) {
    const inserted = await db
      .insertInto("canon_items")
      .values(rows)
      .onConflict((conflict) => conflict.columns(["item_id", "version"]).doNothing())
      .returning("item_id")
      .execute();
    added = inserted.length;
    const retagged = await refreshShippedTags(db, rows);
    if (retagged > 0) log("info", "canon tags updated", { retagged });
  }
  const refreshed = await refreshSearchText(db);
  if (refreshed > 0) log("info", "canon search text refreshed", { refreshed });
  return { added };
}

const REFRESH_BATCH = 500;

/**
 * Sets the tags of stored shipped item versions to those of the canon files where they differ
 * (a re-tagged item needs no new version: tags are not part of the question). Own items and
 * versions no longer in the files are left as they are. Returns the number of rows updated.
 *
 * @example
 * await refreshShippedTags(db, rows); // 0 when the files' tags are already stored
 */
export async function refreshShippedTags(db: Kysely<Database>, rows: { item_id: string; version: number; tags: string }[]): Promise<number> {
  let updated = 0;
  for (let start = 0; start < rows.length; start += REFRESH_BATCH) {
    const batch = rows.slice(start, start + REFRESH_BATCH);
    const values = sql.join(batch.map((row) => sql`(${row.item_id}::text, ${row.version}::int, ${row.tags}::jsonb)`));
    const result = await sql<{ item_id: string }>`
      update canon_items as item set tags = fresh.tags
      from (values ${values}) as fresh(item_id, version, tags)
      where item.item_id = fresh.item_id and item.version = fresh.version
        and item.organisation_id is null and item.tags <> fresh.tags
      returning item.item_id
    `.execute(db);
    updated += result.rows.length;
  }
  return updated;
}

/**
 * Recomputes `search_text` of every stored item version (shipped and organisation items) from
 * its stored content and updates the rows whose text changed, so a better search (new stems or
 * synonyms) reaches items loaded by an earlier release. Only that column is written. Returns the
 * number of rows updated.
 *
 * @example
 * await refreshSearchText(db); // 0 when nothing changed
 */
export async function refreshSearchText(db: Kysely<Database>): Promise<number> {
  const rows = await db
    .selectFrom("canon_items")
    .select(["item_id", "version", "element", "help", "module_title", "tags", "search_text"])
    .execute();
  const changed = rows
    .map((row) => ({
      itemId: row.item_id,
      version: row.version,
      stored: row.search_text,
      fresh: canonSearchText({ itemId: row.item_id, element: row.element, help: row.help, moduleTitle: row.module_title, tags: row.tags }),
    }))
    .filter((row) => row.fresh !== row.stored);
  for (let start = 0; start < changed.length; start += REFRESH_BATCH) {
    const batch = changed.slice(start, start + REFRESH_BATCH);
    const values = sql.join(batch.map((row) => sql`(${row.itemId}::text, ${row.version}::int, ${row.fresh}::text)`));
    await sql`
      update canon_items as item set search_text = fresh.search_text
      from (values ${values}) as fresh(item_id, version, search_text)
      where item.item_id = fresh.item_id and item.version = fresh.version
    `.execute(db);
  }
  return changed.length;
}
