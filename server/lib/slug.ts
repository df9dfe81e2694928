/**
 * German text as lower-case ASCII joined by hyphens ("Netzwerkbefragung Nord (Süd)" →
 * "netzwerkbefragung-nord-sued"), at most 60 characters: for file names and example addresses.
 * Empty when nothing is left.
 */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/ı/g, "i")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}
