/**
 * The languages Kanon speaks to people in: German first (the default), English second. A
 * recipient's mails and the page behind their link are in one of these.
 */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Narrows free input ("en", "EN", "Englisch" are handled by callers that know their format). */
export function isLanguage(value: unknown): value is Language {
  return value === "de" || value === "en";
}
