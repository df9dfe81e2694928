import type { Language } from "./i18n.ts";

/** German and English text, as the canon, the survey definition and the results carry it. */
export interface Localized {
  de: string;
  en: string;
}

/**
 * A SurveyJS string in the reader's language: plain strings stay as they are, `{de, en}` (or
 * `{default, de}`) objects give the reader's side and fall back to the other one.
 *
 * @example
 * localizedText({ de: "Ja", en: "Yes" }, "en"); // "Yes"
 */
export function localizedText(value: unknown, lang: Language): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const pick = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
    const other: Language = lang === "de" ? "en" : "de";
    return pick(lang) || pick("default") || pick(other);
  }
  return "";
}

/** A SurveyJS string as `{de, en}`; a plain string counts for both languages. */
export function toLocalized(value: unknown, fallback = ""): Localized {
  if (typeof value === "string") return { de: value, en: value };
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : "");
    const de = text("de") || text("default") || text("en") || fallback;
    return { de, en: text("en") || text("default") || de };
  }
  return { de: fallback, en: fallback };
}
