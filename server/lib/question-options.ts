import type { LocalizedText } from "../db/schema.ts";

export interface OptionLabel {
  value: string;
  label: LocalizedText;
}

type Json = Record<string, unknown>;

/** A SurveyJS string (plain, or localized `{de, en}` / `{default, de}`) as German and English. */
export function localizedOf(value: unknown, fallback: string): LocalizedText {
  if (typeof value === "string") return { de: value, en: value };
  if (value && typeof value === "object") {
    const record = value as Record<string, string>;
    const de = record.de ?? record.default ?? record.en ?? fallback;
    return { de, en: record.en ?? record.default ?? de };
  }
  return { de: fallback, en: fallback };
}

export function optionsOfList(list: unknown): OptionLabel[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    if (entry && typeof entry === "object") {
      const choice = entry as Json;
      const value = String(choice.value);
      return { value, label: localizedOf(choice.text, value) };
    }
    return { value: String(entry), label: { de: String(entry), en: String(entry) } };
  });
}

/**
 * SurveyJS's own wording of the items it adds to a question (survey-core 3.0.0, German and
 * English: `noneItemText`, `otherItemText`, … in survey-core/i18n/german and the English
 * defaults). Respondents saw these where the questionnaire set no text of its own, so results
 * and exports show them too: never a word of our own such as "Keine" for "Nichts trifft zu".
 */
export const SURVEYJS_ITEM_TEXTS = {
  none: { de: "Nichts trifft zu", en: "None" },
  refused: { de: "Antwort verweigern", en: "Refuse to answer" },
  dontknow: { de: "Weiß ich nicht", en: "Don't know" },
  other: { de: "Sonstiges (Bitte angeben)", en: "Other (describe)" },
  true: { de: "Ja", en: "Yes" },
  false: { de: "Nein", en: "No" },
} as const satisfies Record<string, LocalizedText>;

const nonEmpty = (text: unknown): text is string => typeof text === "string" && text.trim() !== "";

/**
 * The questionnaire's own text for an item SurveyJS adds, per language as SurveyJS shows it: a
 * plain string in both languages; of a localized object the language's text, else its `default`;
 * where the questionnaire has neither, SurveyJS's own word in that language (so a German-only
 * `noneText` is "None" in English, as English respondents saw it).
 *
 * @example
 * ownTextOr({ de: "Nichts davon" }, SURVEYJS_ITEM_TEXTS.none); // { de: "Nichts davon", en: "None" }
 */
export function ownTextOr(value: unknown, defaults: LocalizedText): LocalizedText {
  if (nonEmpty(value)) return { de: value, en: value };
  const texts = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const inLanguage = (lang: "de" | "en") => [texts[lang], texts.default].find(nonEmpty) ?? defaults[lang];
  return { de: inLanguage("de"), en: inLanguage("en") };
}

/**
 * The items SurveyJS adds after a question's choices, in its order (`settings.specialChoicesOrder`):
 * "none", "refused", "dontknow", "other", each with the questionnaire's own text
 * (`noneText`, `refuseText`, `dontKnowText`, `otherText`) or SurveyJS's default.
 */
export function specialItemsOf(element: Json): OptionLabel[] {
  const items: OptionLabel[] = [];
  if (element.showNoneItem || element.hasNone) items.push({ value: "none", label: ownTextOr(element.noneText, SURVEYJS_ITEM_TEXTS.none) });
  if (element.showRefuseItem) items.push({ value: "refused", label: ownTextOr(element.refuseText, SURVEYJS_ITEM_TEXTS.refused) });
  if (element.showDontKnowItem) items.push({ value: "dontknow", label: ownTextOr(element.dontKnowText, SURVEYJS_ITEM_TEXTS.dontknow) });
  if (element.showOtherItem || element.hasOther) items.push({ value: "other", label: ownTextOr(element.otherText, SURVEYJS_ITEM_TEXTS.other) });
  return items;
}

/** Values of the items SurveyJS adds (not choices of the questionnaire: no score, no life phase). */
export const SPECIAL_VALUES: ReadonlySet<string> = new Set(["none", "refused", "dontknow", "other"]);

/**
 * The answer options of a choice-like SurveyJS question (choices, then the "none", "refused",
 * "don't know" and "other" items as SurveyJS shows them; boolean, rating), as stored values with
 * the questionnaire's labels. Empty for questions without fixed options.
 *
 * @example
 * answerOptionsOf({ type: "checkbox", choices: ["a"], showNoneItem: true, noneText: { de: "Nichts davon", en: "None of these" } });
 * // [{ value: "a", … }, { value: "none", label: { de: "Nichts davon", en: "None of these" } }]
 */
export function answerOptionsOf(element: Json): OptionLabel[] {
  switch (String(element.type ?? "")) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox":
      return [...optionsOfList(element.choices), ...specialItemsOf(element)];
    case "boolean":
      return [
        { value: "true", label: ownTextOr(element.labelTrue, SURVEYJS_ITEM_TEXTS.true) },
        { value: "false", label: ownTextOr(element.labelFalse, SURVEYJS_ITEM_TEXTS.false) },
      ];
    case "rating": {
      const listed = optionsOfList(element.rateValues);
      if (listed.length > 0) return listed;
      const options: OptionLabel[] = [];
      const min = Number(element.rateMin ?? 1);
      const max = Number(element.rateMax ?? 5);
      const step = Number(element.rateStep ?? 1) || 1;
      for (let value = min; value <= max; value += step) options.push({ value: String(value), label: { de: String(value), en: String(value) } });
      return options;
    }
    default:
      return [];
  }
}
