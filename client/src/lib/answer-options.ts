import { toLocalized, type Localized } from "./localized.ts";

/**
 * The answer options of a SurveyJS question as stored values with labels, the same way the
 * server lists them (server/lib/question-options.ts): choices with "other"/"none", yes/no,
 * rating values, and the columns of a Likert matrix.
 */
export interface AnswerOption {
  value: string;
  text: Localized;
}

type Json = Record<string, unknown>;

function optionsOfList(list: unknown): AnswerOption[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    if (entry && typeof entry === "object") {
      const choice = entry as Json;
      const value = String(choice.value);
      return { value, text: toLocalized(choice.text, value) };
    }
    return { value: String(entry), text: { de: String(entry), en: String(entry) } };
  });
}

/**
 * Options a condition can test: choices (with "Sonstiges"/"keine"), Ja/Nein, rating values.
 *
 * @example
 * answerOptionsOf({ type: "boolean" }); // [{ value: "true", text: { de: "Ja", en: "Yes" } }, …]
 */
export function answerOptionsOf(element: Json): AnswerOption[] {
  switch (String(element.type ?? "")) {
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox": {
      const options = optionsOfList(element.choices);
      if (element.showOtherItem || element.hasOther) options.push({ value: "other", text: toLocalized(element.otherText, "Sonstiges") });
      if (element.showNoneItem || element.hasNone) options.push({ value: "none", text: toLocalized(element.noneText, "Keine") });
      return options;
    }
    case "boolean":
      return [
        { value: "true", text: element.labelTrue ? toLocalized(element.labelTrue, "Ja") : { de: "Ja", en: "Yes" } },
        { value: "false", text: element.labelFalse ? toLocalized(element.labelFalse, "Nein") : { de: "Nein", en: "No" } },
      ];
    case "rating": {
      const listed = optionsOfList(element.rateValues);
      if (listed.length > 0) return listed;
      const options: AnswerOption[] = [];
      const min = Number(element.rateMin ?? 1);
      const max = Number(element.rateMax ?? 5);
      const step = Number(element.rateStep ?? 1) || 1;
      for (let value = min; value <= max; value += step) options.push({ value: String(value), text: { de: String(value), en: String(value) } });
      return options;
    }
    default:
      return [];
  }
}

/**
 * The values a respondent can give, for the option mapping between item versions: the
 * options above, plus the columns of a Likert matrix (server/canon/option-mapping.ts).
 */
export function answerValueOptionsOf(element: Json): AnswerOption[] {
  if (element.type === "matrix") return optionsOfList(element.columns);
  return answerOptionsOf(element);
}
