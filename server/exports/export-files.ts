/**
 * Names of what an export produces: the file (survey title as a slug, what it holds, the date in
 * Berlin). A repeatable list is named by what it holds, its question's title ("liste-bitte-
 * beschreiben-sie-ihre-angebote"), as its button and its sheet are: never by the canon module it
 * came from, which says nothing about an imported questionnaire's list.
 *
 * @example
 * exportFileName("Netzwerkbefragung Nord 2025", "antworten", "csv"); // "netzwerkbefragung-nord-2025-antworten-2026-03-01.csv"
 * exportFileName("Bestandsaufnahme", ["liste", "Bitte beschreiben Sie Ihre Angebote.", "codes"], "csv");
 * // "bestandsaufnahme-liste-bitte-beschreiben-sie-ihre-angebote-codes-2026-03-01.csv"
 * contentDisposition("umfrage-antworten-2026-03-01.csv"); // 'attachment; filename="umfrage-…"; filename*=UTF-8''umfrage-…'
 */
import { slug } from "../lib/slug.ts";

/** "Netzwerkbefragung Nord (Süd) 2025" → "netzwerkbefragung-nord-sued-2025"; "umfrage" when nothing is left. */
export function fileSlug(title: string): string {
  return slug(title) || "umfrage";
}

const berlinDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * "<survey>-<what>-<YYYY-MM-DD>.<extension>", the date of today in Berlin. `what` may be several
 * parts, each shortened on its own, so a long title never cuts off "codes" or "gefiltert".
 */
export function exportFileName(surveyTitle: string, what: string | string[], extension: string, now = new Date()): string {
  const parts = (Array.isArray(what) ? what : [what]).map(slug).filter(Boolean);
  return `${[fileSlug(surveyTitle), ...parts].join("-")}-${berlinDate.format(now)}.${extension}`;
}

/** The Content-Disposition of a download, with the name for old and new browsers. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
