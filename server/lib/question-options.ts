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
 * The answer options of a choice-like SurveyJS question (choices with "other"/"none", boolean,
 * rating), as stored values with labels. Empty for questions without fixed options.
 */
export function answerOptionsOf(element: Json): OptionLabel[] {
  switch (String(element.type ?? "")) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox": {
      const options = optionsOfList(element.choices);
      if (element.showOtherItem || element.hasOther) options.push({ value: "other", label: localizedOf(element.otherText, "Sonstiges") });
      if (element.showNoneItem || element.hasNone) options.push({ value: "none", label: localizedOf(element.noneText, "Keine") });
      return options;
    }
    case "boolean":
      return [
        { value: "true", label: element.labelTrue ? localizedOf(element.labelTrue, "Ja") : { de: "Ja", en: "Yes" } },
        { value: "false", label: element.labelFalse ? localizedOf(element.labelFalse, "Nein") : { de: "Nein", en: "No" } },
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
