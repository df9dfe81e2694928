/**
 * Stored answer codes as the labels respondents saw, in German or English, read from the
 * question's own SurveyJS definition: `choices` (with the "none", "refused", "don't know" and
 * "other" items, lib/question-options.ts), matrix `columns`, rating `rateValues`, and a boolean's
 * `labelTrue`/`labelFalse` (else SurveyJS's Ja/Nein, Yes/No).
 * A value the definition does not list is shown as it was stored.
 *
 * @example
 * const labels = valueLabelsOf({ type: "radiogroup", choices: [{ value: "kita", text: { de: "Kita", en: "Day care" } }] }, "en");
 * labelOf(labels, "kita"); // "Day care"
 * labelOf(labels, "unbekannt"); // "unbekannt"
 */
import type { LocalizedText } from "../db/schema.ts";
import { ownTextOr, specialItemsOf, SURVEYJS_ITEM_TEXTS } from "../lib/question-options.ts";

export type ExportLanguage = "de" | "en";

type Json = Record<string, unknown>;

/**
 * A SurveyJS text (a plain string, or `{ de, en, default }`) in one language; English falls back
 * to `default` and then German, German to `default` and then English.
 */
export function textIn(value: unknown, lang: ExportLanguage, fallback: string): string {
  if (typeof value === "string") return value || fallback;
  if (value && typeof value === "object") {
    const texts = value as Record<string, unknown>;
    const order = lang === "en" ? [texts.en, texts.default, texts.de] : [texts.de, texts.default, texts.en];
    for (const text of order) if (typeof text === "string" && text) return text;
  }
  return fallback;
}

/** The words the export itself adds (column headers, not answers), in both languages. */
const EXPORT_WORDS: Record<"other", LocalizedText> = {
  other: { de: "Sonstiges", en: "Other" },
};

/** The words the export itself adds (not from a definition), in both languages. */
export function defaultText(key: keyof typeof EXPORT_WORDS, lang: ExportLanguage): string {
  return EXPORT_WORDS[key][lang];
}

/** A list of SurveyJS items (`choices`, `columns`, `rows`, `rateValues`): value → label. */
export function itemLabels(list: unknown, lang: ExportLanguage): Map<string, string> {
  const labels = new Map<string, string>();
  if (!Array.isArray(list)) return labels;
  for (const entry of list) {
    if (entry && typeof entry === "object") {
      const item = entry as Json;
      const value = String(item.value);
      labels.set(value, textIn(item.text, lang, value));
    } else if (entry !== undefined && entry !== null) {
      labels.set(String(entry), String(entry));
    }
  }
  return labels;
}

/** Whether a choice question shows the "other" item (its text is stored under `<name>-Comment`). */
export function hasOtherItem(element: Json): boolean {
  return Boolean(element.showOtherItem || element.hasOther);
}

/**
 * The labels of every code a question can store: its options in order (for choice questions
 * with "other" and "none"), the rating scale, or the boolean's two answers.
 */
export function valueLabelsOf(element: Json, lang: ExportLanguage): Map<string, string> {
  switch (String(element.type ?? "")) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox":
    case "ranking": {
      const labels = itemLabels(element.choices, lang);
      for (const item of specialItemsOf(element)) labels.set(item.value, item.label[lang]);
      return labels;
    }
    case "boolean": {
      const trueValue = element.valueTrue === undefined ? "true" : String(element.valueTrue);
      const falseValue = element.valueFalse === undefined ? "false" : String(element.valueFalse);
      return new Map([
        [trueValue, ownTextOr(element.labelTrue, SURVEYJS_ITEM_TEXTS.true)[lang]],
        [falseValue, ownTextOr(element.labelFalse, SURVEYJS_ITEM_TEXTS.false)[lang]],
      ]);
    }
    case "rating":
      return itemLabels(element.rateValues, lang);
    case "matrix":
      return itemLabels(element.columns, lang);
    default:
      return itemLabels(element.choices, lang);
  }
}

/**
 * The options to count a question by: its labelled codes, and for a rating without `rateValues`
 * its scale from `rateMin` to `rateMax` (1 to 5 unless set).
 */
export function countedOptionsOf(element: Json, lang: ExportLanguage): Map<string, string> {
  const labels = valueLabelsOf(element, lang);
  if (element.type !== "rating" || labels.size > 0) return labels;
  const min = Number(element.rateMin ?? 1);
  const max = Number(element.rateMax ?? 5);
  const step = Number(element.rateStep ?? 1) || 1;
  for (let value = min; value <= max && labels.size < 100; value += step) labels.set(String(value), String(value));
  return labels;
}

/** The label of one stored code; codes the definition does not list stay as they are. */
export function labelOf(labels: Map<string, string>, value: unknown): string {
  const code = String(value);
  return labels.get(code) ?? code;
}
