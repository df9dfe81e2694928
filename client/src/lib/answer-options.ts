import { answerOptionsOf as serverAnswerOptionsOf, optionsOfList } from "../../../server/lib/question-options.ts";
import type { Localized } from "./localized.ts";

/**
 * The answer options of a SurveyJS question as stored values with labels. The rules live in
 * one place, server/lib/question-options.ts (a pure module without server dependencies), so the
 * builder offers exactly the values the server validates and aggregates.
 */
export interface AnswerOption {
  value: string;
  text: Localized;
}

type Json = Record<string, unknown>;

const asAnswerOptions = (options: { value: string; label: Localized }[]): AnswerOption[] =>
  options.map((option) => ({ value: option.value, text: option.label }));

/**
 * Options a condition can test: choices (with "Sonstiges"/"keine"), Ja/Nein, rating values.
 *
 * @example
 * answerOptionsOf({ type: "boolean" }); // [{ value: "true", text: { de: "Ja", en: "Yes" } }, …]
 */
export function answerOptionsOf(element: Json): AnswerOption[] {
  return asAnswerOptions(serverAnswerOptionsOf(element));
}

/**
 * The values a respondent can give, for the option mapping between item versions: the
 * options above, plus the columns of a Likert matrix (server/canon/option-mapping.ts).
 */
export function answerValueOptionsOf(element: Json): AnswerOption[] {
  if (element.type === "matrix") return asAnswerOptions(optionsOfList(element.columns));
  return answerOptionsOf(element);
}
