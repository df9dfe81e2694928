import type { Language } from "./i18n.ts";

/** Dates and times in the reader's language, e.g. "31.12.2025" or "12/31/2025". */
const locales: Record<Language, string> = { de: "de-DE", en: "en-GB" };

/** A calendar date (YYYY-MM-DD from the API) as the reader writes it. */
export function formatDate(isoDate: string, lang: Language): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(locales[lang], { timeZone: "UTC", dateStyle: "medium" });
}

/** A point in time (ISO string) with date and time. */
export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locales[lang], { dateStyle: "medium", timeStyle: "short" });
}

/** Only the time of day, for "saved at 14:02". */
export function formatTime(date: Date, lang: Language): string {
  return date.toLocaleTimeString(locales[lang], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A share as a whole percentage ("42 %" in German, "42%" in English). */
export function formatPercent(part: number, whole: number, lang: Language): string {
  const share = whole > 0 ? Math.round((part / whole) * 100) : 0;
  return lang === "de" ? `${share} %` : `${share}%`;
}

/** What the numbers of a number question are: amounts, or calendar years (server/lib/number-scale.ts). */
export type NumberScale = "number" | "year";

/**
 * An amount as the reader writes it, grouped, with at most `maximumFractionDigits` decimals:
 * "12.345,5" in German, "12,345.5" in English. Only for amounts (counts, hours, euros): never
 * for years or codes.
 */
export function formatAmount(value: number, lang: Language, maximumFractionDigits = 2): string {
  return value.toLocaleString(locales[lang], { maximumFractionDigits });
}

/**
 * A calendar year as people write years: whole, without grouping ("2014", never "2.014"). A mean
 * or median of years (2013.5) is rounded to the year: "the middle of 2013" is no year anyone
 * wrote, and decimals of a year read like an amount.
 */
export function formatYear(value: number): string {
  return String(Math.round(value));
}

/**
 * A figure of a number question (a value, mean, median, quartile, bin edge) by its scale: years
 * as years, amounts as amounts.
 *
 * @example
 * formatFigure(2013.5, "year", "de"); // "2014"
 * formatFigure(2013.5, "number", "de"); // "2.013,5"
 */
export function formatFigure(value: number, scale: NumberScale | null | undefined, lang: Language, maximumFractionDigits = 2): string {
  return scale === "year" ? formatYear(value) : formatAmount(value, lang, maximumFractionDigits);
}
