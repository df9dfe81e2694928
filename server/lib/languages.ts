/**
 * The languages Kanon speaks to people in: German first (the default), English second. A
 * recipient's mails and the page behind their link are in one of these.
 */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

