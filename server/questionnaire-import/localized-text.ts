/**
 * Texts of imported questionnaires: SurveyJS strings (plain, or `{default, de, en, …}`) as the
 * German/English pairs Kanon keeps for survey titles, page titles and canon items, and HTML
 * (LimeSurvey texts, SurveyJS `completedHtml`) as plain text.
 */
import type { LocalizedText } from "../db/schema.ts";

const LOCALE_KEY = /^(default|[a-z]{2,3}([-_][a-z0-9]+)*)$/i;

export function isLocaleObject(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.entries(value).every(([key, text]) => LOCALE_KEY.test(key) && typeof text === "string")
  );
}

/** A SurveyJS string as `{de, en}`: plain → both; `{default, de, en, …}` → de/en, falling back to default and each other. */
export function toLocalized(value: unknown): LocalizedText | null {
  if (typeof value === "string") return value.trim() ? { de: value.trim(), en: value.trim() } : null;
  if (typeof value === "number" || typeof value === "boolean") return { de: String(value), en: String(value) };
  if (!isLocaleObject(value)) return null;
  const pick = (key: string) => (value[key]?.trim() ? value[key]!.trim() : undefined);
  const any = Object.values(value).find((text) => text.trim())?.trim();
  const de = pick("de") ?? pick("default") ?? pick("en") ?? any;
  const en = pick("en") ?? pick("default") ?? de;
  return de && en ? { de, en } : null;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Decodes the HTML entities plain text may carry (named basics and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const number = code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(number) && number > 0 && number <= 0x10ffff ? String.fromCodePoint(number) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

const BLOCK_END = /^\/?\s*(br|p|div|li|h[1-6]|tr)\b/i;

/**
 * HTML as plain text: line breaks and block ends become line breaks, tags go, entities are
 * decoded. One pass over the text (no backtracking pattern), so hostile input stays linear.
 */
export function htmlToText(html: string): string {
  let text = "";
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf("<", at);
    if (open < 0) {
      text += html.slice(at);
      break;
    }
    text += html.slice(at, open);
    const close = html.indexOf(">", open + 1);
    if (close < 0) {
      text += html.slice(open);
      break;
    }
    if (BLOCK_END.test(html.slice(open + 1, Math.min(close, open + 12)))) text += "\n";
    at = close + 1;
  }
  return decodeEntities(text)
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Whether a text has markup beyond paragraphs and line breaks (formatting that plain text loses). */
export function hasFormatting(html: string): boolean {
  return /<\s*(b|strong|i|em|u|a|ul|ol|li|table|img|h[1-6]|font|span\s+style)\b/i.test(html);
}

/** Cuts a text to `max` characters (with an ellipsis). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
