/**
 * Search over canon items: what goes into an item's stored `search_text`, the synonyms of the
 * prevention-planning vocabulary, and the SQL condition for a query. Stems and synonyms come
 * from server/lib/search-text.ts; a query is a plain `LIKE` per term on the stored text, the
 * same SQL on PostgreSQL and PGlite.
 *
 * @example
 * canonSearchText({ itemId: "actor.x", element, help, moduleTitle, tags }); // " actor x kita kindertagesstatt … "
 * query = query.where(searchConditionOf("Kindertagesstätte", "item.search_text")!);
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { CanonTags, LocalizedText } from "../db/schema.ts";
import { compileSynonymGroups, likePatternOf, searchableText, searchTermsOf } from "../lib/search-text.ts";
import { specificTags } from "./canon-tags.ts";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS, TOPIC_LABELS, tagSearchWords } from "./vocabulary-labels.ts";

/**
 * Terms planners use for the same thing: abbreviations, official and colloquial names, singular
 * forms the stemmer does not join, and the English terms of the bilingual canon. An item whose
 * text contains one variant is found by every other variant of its group. Keep single English
 * words out when their stem is short (CISTEM is a German stemmer: "parents" → "par" = "part").
 */
export const CANON_SYNONYMS: string[][] = [
  ["Kita", "Kindertagesstätte", "Kindertageseinrichtung", "Tageseinrichtung für Kinder", "Kindergarten", "Kindertagesbetreuung", "day care", "daycare"],
  ["Jugendamt", "ASD", "Allgemeiner Sozialer Dienst", "Allgemeiner Sozialdienst", "Kommunaler Sozialer Dienst", "KSD", "Bezirkssozialdienst", "youth welfare office", "general social service"],
  ["OGS", "Offene Ganztagsschule", "Offener Ganztag", "Offene Ganztagsgrundschule", "OGATA", "open all-day school"],
  ["Familienzentrum", "Familienzentren", "family centre", "family center"],
  ["Eltern", "Elternteil", "Erziehungsberechtigte", "Sorgeberechtigte"],
  ["Geflüchtete", "Flüchtlinge", "Schutzsuchende", "refugees"],
  ["Migrationshintergrund", "Zuwanderungsgeschichte", "Einwanderungsgeschichte", "Migrationsgeschichte", "migration background"],
  ["Ehrenamt", "Ehrenamtliche", "Freiwillige", "bürgerschaftliches Engagement", "volunteers", "volunteering"],
  ["Gesundheitsamt", "Öffentlicher Gesundheitsdienst", "ÖGD", "public health office"],
  ["Kinderarzt", "Kinderärztin", "Kinderarztpraxis", "Pädiatrie", "paediatrician", "pediatrician"],
  ["KAoA", "Kein Abschluss ohne Anschluss"],
  ["Schulsozialarbeit", "Schulsozialarbeiter", "school social work"],
];

const synonymGroups = compileSynonymGroups(CANON_SYNONYMS);

/** Every localized string inside an element (`{de, en}` objects at any depth). */
export function localizedTextsOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const entry of value) localizedTextsOf(entry, into);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.de === "string" && typeof record.en === "string") {
      into.push(record.de, record.en);
    } else {
      for (const entry of Object.values(record)) localizedTextsOf(entry, into);
    }
  }
  return into;
}

export interface SearchableItem {
  itemId: string;
  element: Record<string, unknown>;
  help: LocalizedText;
  moduleTitle: LocalizedText;
  tags: CanonTags;
}

/**
 * The stored search text of one item version: id, every German and English string of the
 * question, help, module title, and its tags with their labels; as stems with synonyms expanded.
 */
export function canonSearchText(item: SearchableItem): string {
  return searchableText(
    [
      item.itemId,
      ...localizedTextsOf(item.element),
      item.help.de,
      item.help.en,
      item.moduleTitle.de,
      item.moduleTitle.en,
      // "all" adds no words: a search for "Kita" should find what is about Kitas, not every general item.
      ...specificTags(item.tags.lifePhases).flatMap((code) => tagSearchWords(LIFE_PHASE_LABELS[code as keyof typeof LIFE_PHASE_LABELS], code)),
      ...specificTags(item.tags.fieldsOfAction).flatMap((code) => tagSearchWords(FIELD_OF_ACTION_LABELS[code as keyof typeof FIELD_OF_ACTION_LABELS], code)),
      ...item.tags.topics.flatMap((code) => tagSearchWords(TOPIC_LABELS[code], code)),
    ],
    synonymGroups,
  );
}

/**
 * The SQL condition "the search text holds every term of `q`" (German-aware: case, umlauts,
 * stems, synonyms), or null for an empty query.
 *
 * @example
 * const condition = searchConditionOf("Kitas", "item.search_text");
 * if (condition) query = query.where(condition);
 */
export function searchConditionOf(q: string, column: string): RawBuilder<SqlBool> | null {
  const terms = searchTermsOf(q);
  if (terms.length === 0) return null;
  return sql<SqlBool>`(${sql.join(
    terms.map((term) => sql`${sql.ref(column)} like ${likePatternOf(term)}`),
    sql` and `,
  )})`;
}
