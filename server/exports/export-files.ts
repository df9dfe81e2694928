/**
 * Names of what an export produces: the file (survey title as a slug, what it holds, the date in
 * Berlin) and the sheets of repeatable lists (the canon module the list came from, e.g.
 * "Angebote", else the list's title).
 *
 * @example
 * exportFileName("Netzwerkbefragung Nord 2025", "antworten", "csv"); // "netzwerkbefragung-nord-2025-antworten-2026-03-01.csv"
 * contentDisposition("umfrage-antworten-2026-03-01.csv"); // 'attachment; filename="umfrage-…"; filename*=UTF-8''umfrage-…'
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { ExportList } from "./export-columns.ts";
import type { ExportLanguage } from "./value-labels.ts";
import { slug } from "../lib/slug.ts";

/** "Netzwerkbefragung Nord (Süd) 2025" → "netzwerkbefragung-nord-sued-2025"; "umfrage" when nothing is left. */
export function fileSlug(title: string): string {
  return slug(title) || "umfrage";
}

const berlinDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });

/** "<survey>-<what>-<YYYY-MM-DD>.<extension>", the date of today in Berlin. */
export function exportFileName(surveyTitle: string, what: string, extension: string, now = new Date()): string {
  return `${fileSlug(surveyTitle)}-${fileSlug(what)}-${berlinDate.format(now)}.${extension}`;
}

/** The Content-Disposition of a download, with the name for old and new browsers. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * What to call each repeatable list (its sheet, its CSV file): the title of the canon module its
 * question came from ("Angebote" for actor.offers), else the question's title.
 */
export async function listNames(
  db: Kysely<Database>,
  organisationId: string,
  lists: ExportList[],
  lang: ExportLanguage,
): Promise<Map<string, string>> {
  const names = new Map(lists.map((list) => [list.name, list.title]));
  const fromCanon = lists.filter((list) => list.canonId !== null);
  if (fromCanon.length === 0) return names;
  const items = await db
    .selectFrom("canon_items")
    .select(["item_id", "version", "module_title"])
    .where("item_id", "in", fromCanon.map((list) => list.canonId!))
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .orderBy(sql`organisation_id is null`)
    .execute();
  for (const list of fromCanon) {
    const item = items.find((candidate) => candidate.item_id === list.canonId && candidate.version === list.canonVersion)
      ?? items.find((candidate) => candidate.item_id === list.canonId);
    const title = item?.module_title[lang] || item?.module_title.de;
    if (title) names.set(list.name, title);
  }
  return names;
}
