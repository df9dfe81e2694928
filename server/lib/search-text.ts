/**
 * German-aware search text that stays SQL-friendly: both the stored text and the query are
 * reduced to word stems (lower case, umlauts folded, CISTEM stemming), so a plain `LIKE` finds
 * "Kindertagesstätten" with "kindertagesstaette", "Schulen" with "Schule" and "Trägers" with
 * "Träger". Synonym groups (abbreviations, alternative terms) are expanded when the text is
 * stored, so the query side stays a list of stems.
 *
 * @example
 * const stored = searchableText(["Angebote der Kindertagesstätten"], compileSynonymGroups([["Kita", "Kindertagesstätte"]]));
 * // " angebo der kindertagesstatt kita "
 * searchTermsOf("Kitas"); // [{ stem: "kita", wholeWordStart: true }] → matches " kita"
 */

/**
 * Folds German text for search: lower case, umlauts and ß spelled out (ä → ae, ß → ss), other
 * accents dropped, so "Kindertagesstätte", "KINDERTAGESSTAETTE" and "kindertagesstatte" meet.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The words of a text, folded, with "ae"/"oe"/"ue" reduced to the bare vowel, so text typed with
 * umlauts, with spelled-out umlauts or with plain vowels ("Kindertagesstatte") gives the same words.
 */
export function searchWordsOf(text: string): string[] {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/(ae|oe|ue)/g, (pair) => pair[0]!));
}

/**
 * CISTEM, the stemmer of Weissweiler & Fraser (2017) for German, case-insensitive variant, on a
 * word from `searchWordsOf`. Strips a leading "ge" and the endings -em/-er/-nd/-t/-e/-s/-n.
 *
 * @example
 * stemGerman("schulen"); // "schul"
 * stemGerman("tragers"); // "trag"
 */
export function stemGerman(word: string): string {
  let stem = word.replace(/^ge(.{4,})/, "$1");
  stem = stem.replace(/sch/g, "$").replace(/ei/g, "%").replace(/ie/g, "&");
  stem = stem.replace(/(.)\1/g, "$1*");
  while (stem.length > 3) {
    if (stem.length > 5) {
      if (/e[mr]$/.test(stem)) {
        stem = stem.slice(0, -2);
        continue;
      }
      if (/nd$/.test(stem)) {
        stem = stem.slice(0, -2);
        continue;
      }
    }
    if (/[tesn]$/.test(stem)) {
      stem = stem.slice(0, -1);
      continue;
    }
    break;
  }
  return stem.replace(/(.)\*/g, "$1$1").replace(/%/g, "ei").replace(/&/g, "ie").replace(/\$/g, "sch");
}

/** The stems of a text, in order, repeated words included (phrases are matched on this list). */
export function stemsOf(text: string): string[] {
  return searchWordsOf(text).map(stemGerman);
}

/** A group of terms that mean the same for searching, each term a list of stems. */
export interface SynonymGroup {
  variants: string[][];
}

/**
 * Prepares synonym groups (each a list of words or phrases) for `searchableText`.
 *
 * @example
 * compileSynonymGroups([["OGS", "Offene Ganztagsschule", "Offener Ganztag"]]);
 */
export function compileSynonymGroups(groups: string[][]): SynonymGroup[] {
  return groups.map((group) => ({ variants: group.map(stemsOf).filter((variant) => variant.length > 0) }));
}

/** Short stems (abbreviations such as "asd") match whole words only; longer ones also inside compounds. */
const INFIX_MIN_LENGTH = 5;

function stemMatches(textStem: string, variantStem: string): boolean {
  return variantStem.length >= INFIX_MIN_LENGTH ? textStem.includes(variantStem) : textStem === variantStem;
}

function containsPhrase(stems: string[], variant: string[]): boolean {
  for (let start = 0; start + variant.length <= stems.length; start++) {
    if (variant.every((variantStem, offset) => stemMatches(stems[start + offset]!, variantStem))) return true;
  }
  return false;
}

/**
 * The text as stored for search: its distinct stems, plus the stems of every variant of each
 * synonym group that occurs in it, separated and surrounded by single spaces.
 */
export function searchableText(parts: string[], synonyms: SynonymGroup[] = []): string {
  const stems = parts.flatMap(stemsOf);
  const words = new Set(stems);
  for (const group of synonyms) {
    if (group.variants.some((variant) => containsPhrase(stems, variant))) {
      for (const variant of group.variants) for (const stem of variant) words.add(stem);
    }
  }
  return ` ${[...words].join(" ")} `;
}

/** Words of a query that would match nearly everything and carry no meaning on their own. */
const STOP_WORDS = new Set(
  ["und", "oder", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "im", "in", "am", "an", "um", "zu", "zur", "zum", "von", "vom", "mit", "fuer", "auf", "the", "and", "or", "of", "for", "to", "a", "an", "in", "on", "with"].flatMap(
    searchWordsOf,
  ),
);

/** One search term: a stem, matched anywhere in the stored text or only at the start of a word. */
export interface SearchTerm {
  stem: string;
  wholeWordStart: boolean;
}

/**
 * The terms of a query, each to be found in the stored text (all of them: AND). Short stems must
 * start a word (so "asd" does not hit "basdorf"), longer ones may sit inside compounds (so
 * "schule" finds "Grundschule"). Stop words are dropped unless the query has nothing else.
 */
export function searchTermsOf(query: string): SearchTerm[] {
  const words = searchWordsOf(query);
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  const stems = [...new Set((meaningful.length > 0 ? meaningful : words).map(stemGerman))];
  return stems.map((stem) => ({ stem, wholeWordStart: stem.length < INFIX_MIN_LENGTH }));
}

/** The `LIKE` pattern of a term against text built by `searchableText`. */
export function likePatternOf(term: SearchTerm): string {
  const escaped = term.stem.replace(/[%_\\]/g, "\\$&");
  return term.wholeWordStart ? `% ${escaped}%` : `%${escaped}%`;
}
