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

/** A folded query also matches text whose umlauts were typed without the e ("stätte" ~ "statte"). */
export function searchTermsOf(query: string): string[] {
  return foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .map((term) => term.replace(/(ae|oe|ue)/g, (pair) => pair[0]!));
}

/** The stored search text keeps both spellings so either query form finds it. */
export function searchableText(parts: string[]): string {
  const folded = foldForSearch(parts.join(" "));
  return `${folded} ${folded.replace(/(ae|oe|ue)/g, (pair) => pair[0]!)}`;
}
