/**
 * The SurveyJS question an organisation may put into its own canon (from the form editor or an
 * import): one of the question types the platform supports, following the rules of the canon
 * files (every visible string `{de, en}`, coded choices, no logic, no requiredness), and accepted
 * by survey-core itself.
 *
 * @example
 * const element = editableElementSchema.parse(body.element);
 * assertAcceptedBySurveyCore(element); // throws ApiError 400 invalid_element otherwise
 */
import { z } from "@hono/zod-openapi";
import { Model } from "survey-core";
import { ApiError } from "../lib/api-error.ts";
import { MAX_PATTERN_CHARS, unsafePatternQuestions } from "../lib/regex-validators.ts";
import { checkElementTree, localizedTextSchema } from "./canon-file-format.ts";

/** Question types of the canon and of the form editor (years and numbers are `text` with `inputType: number`). */
export const EDITABLE_QUESTION_TYPES = [
  "text",
  "comment",
  "radiogroup",
  "checkbox",
  "dropdown",
  "tagbox",
  "boolean",
  "rating",
  "matrix",
  "multipletext",
  "paneldynamic",
] as const;
export type EditableQuestionType = (typeof EDITABLE_QUESTION_TYPES)[number];

/** survey-core 3's text input types; anything else (e.g. "year") would silently render as plain text. */
export const TEXT_INPUT_TYPES = ["color", "date", "datetime-local", "email", "month", "number", "password", "range", "tel", "text", "time", "url", "week"] as const;

/**
 * One question as the editor sends it. `name` is optional and replaced by the server-assigned
 * item id; the rest is checked like an element of a canon file.
 */
export const editableElementSchema = z
  .looseObject({
    type: z.enum(EDITABLE_QUESTION_TYPES),
    name: z.string().max(200).optional(),
    title: localizedTextSchema,
    inputType: z.enum(TEXT_INPUT_TYPES).optional(),
  })
  .superRefine((element, ctx) => checkElementTree(element, [], ctx))
  .openapi("EditableElement", {
    description:
      "A SurveyJS question (survey-core 3). Every user-visible string is { de, en }; choices, rows and columns are { value: lower_snake_case, text: { de, en } }; no description, isRequired or logic.",
  });
export type EditableElement = z.infer<typeof editableElementSchema>;

/**
 * What survey-core reports about the question when it builds a survey of it alone: JSON errors
 * (unknown properties, wrong types), and anything but exactly one top-level question.
 */
export function surveyCoreProblemsOf(element: Record<string, unknown>): string[] {
  const model = new Model({ elements: [element] });
  const problems = (model.jsonErrors ?? []).map((error) => String((error as { message?: string }).message ?? error));
  if (unsafePatternQuestions(element).length > 0) {
    problems.push(`a pattern check (regex) is invalid, longer than ${MAX_PATTERN_CHARS} characters or could backtrack without end (e.g. "(a+)+$")`);
  }
  const questions = model.getAllQuestions();
  if (questions.length !== 1 || model.getAllPanels().length > 0) {
    problems.push(`expected exactly one question, survey-core found ${questions.length}`);
  } else if (questions[0]!.name !== element.name) {
    problems.push(`the question is named "${questions[0]!.name}" instead of "${String(element.name)}"`);
  }
  return problems;
}

/** Throws 400 `invalid_element` naming survey-core's objections when it does not accept the question. */
export function assertAcceptedBySurveyCore(element: Record<string, unknown>): void {
  const problems = surveyCoreProblemsOf(element);
  if (problems.length > 0) {
    throw new ApiError(
      400,
      "invalid_element",
      {
        de: `Die Frage ist kein gültiges SurveyJS-Element: ${problems.join("; ")}`,
        en: `The question is not a valid SurveyJS element: ${problems.join("; ")}`,
      },
      problems,
    );
  }
}

const NON_FREE_INPUT_TYPES = new Set(["number", "email", "date", "datetime-local", "month", "week", "time", "range", "color", "url", "tel"]);

/**
 * True when respondents type prose that could describe clients (comments, plain text fields, in
 * lists too): such items always carry the personal-data warning ("not the glass citizen").
 */
export function asksForFreeText(element: Record<string, unknown>): boolean {
  switch (element.type) {
    case "comment":
      return true;
    case "text":
      return !NON_FREE_INPUT_TYPES.has(String(element.inputType ?? "text"));
    case "multipletext":
      return ((element.items as Record<string, unknown>[] | undefined) ?? []).some((sub) => !NON_FREE_INPUT_TYPES.has(String(sub.inputType ?? "text")));
    case "paneldynamic":
    case "panel":
      return ((element.templateElements ?? element.elements) as Record<string, unknown>[] | undefined ?? []).some(asksForFreeText);
    default:
      return false;
  }
}

/** Comments are never exempt from the personal-data warning, wherever they sit in the question. */
export function containsComment(element: Record<string, unknown>): boolean {
  if (element.type === "comment") return true;
  const children = (element.templateElements ?? element.elements) as Record<string, unknown>[] | undefined;
  return Array.isArray(children) && children.some(containsComment);
}
