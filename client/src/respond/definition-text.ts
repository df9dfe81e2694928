import type { Language } from "../lib/i18n.ts";

/** A survey text from the definition (plain or `{de, en}`) in the respondent's language. */
export function definitionText(value: unknown, lang: Language): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const texts = value as Record<string, unknown>;
    const text = texts[lang] ?? texts.de ?? texts.default ?? texts.en;
    return typeof text === "string" ? text : "";
  }
  return "";
}
