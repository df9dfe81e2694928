/**
 * Option mappings between versions of an item: when version n+1 offers other answer values than
 * version n (choices, rating values, matrix columns), the planner says what each old value
 * becomes (a new value, or null when it has no counterpart) and whether the change breaks
 * comparability. Results use the mapping to put waves side by side.
 *
 * @example
 * resolveOptionMapping({ version: 1, element: old }, next, { map: { teilweise: null }, break: false });
 * // { fromVersion: 1, map: { ja: "ja", nein: "nein", teilweise: null }, break: false }
 */
import { z } from "@hono/zod-openapi";
import { Model } from "survey-core";
import type { OptionMapping } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";

export const optionMappingInputSchema = z
  .object({
    /** Old value → new value, or null when the old answer has no counterpart in the new version. */
    map: z.record(z.string().max(200), z.string().max(200).nullable()),
    /** True when the change makes answers of the two versions incomparable. */
    break: z.boolean(),
  })
  .openapi("OptionMappingInput");
export type OptionMappingInput = z.infer<typeof optionMappingInputSchema>;

export const optionMappingSchema = optionMappingInputSchema.extend({ fromVersion: z.number().int() }).openapi("OptionMapping");

function valuesOfList(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => String(entry && typeof entry === "object" ? (entry as { value?: unknown }).value : entry));
}

/** The rating values survey-core offers (rateValues, or the scale from rateMin/rateMax/rateStep/rateCount). */
function ratingValuesOf(element: Record<string, unknown>): string[] {
  const listed = valuesOfList(element.rateValues);
  if (listed.length > 0) return listed;
  const question = new Model({ elements: [{ ...element, name: "rating" }] }).getQuestionByName("rating") as unknown as
    | { visibleRateValues?: { value: unknown }[] }
    | null;
  return (question?.visibleRateValues ?? []).map((item) => String(item.value));
}

/**
 * The answer values a respondent can give to a question with fixed options: choices (with
 * "other"/"none" when shown), rating values, matrix columns, true/false. Empty for open questions.
 */
export function answerValuesOf(element: Record<string, unknown>): string[] {
  switch (element.type) {
    case "radiogroup":
    case "checkbox":
    case "dropdown":
    case "tagbox": {
      const values = valuesOfList(element.choices);
      if (element.showOtherItem || element.hasOther) values.push("other");
      if (element.showNoneItem || element.hasNone) values.push("none");
      return values;
    }
    case "rating":
      return ratingValuesOf(element);
    case "matrix":
      return valuesOfList(element.columns);
    case "boolean":
      return ["true", "false"];
    default:
      return [];
  }
}

function sameValues(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/**
 * The mapping to store with a new version, or null when the answer values did not change and
 * none was given. When they changed, a mapping must be given (400 `option_mapping_required`
 * otherwise) and must map every old value that disappeared (the error lists them); old values
 * that still exist map to themselves unless the mapping says otherwise, so the stored map always
 * covers every old value. A mapping may only name old values and target new ones (400
 * `option_mapping_invalid`).
 */
export function resolveOptionMapping(
  previous: { version: number; element: Record<string, unknown> },
  nextElement: Record<string, unknown>,
  given: OptionMappingInput | undefined,
): OptionMapping | null {
  const oldValues = [...new Set(answerValuesOf(previous.element))];
  const newValues = [...new Set(answerValuesOf(nextElement))];
  const changed = !sameValues(oldValues, newValues);
  if (!changed && !given) return null;

  if (given) {
    const unknownOld = Object.keys(given.map).filter((value) => !oldValues.includes(value));
    const unknownNew = Object.values(given.map).filter((value): value is string => value !== null && !newValues.includes(value));
    if (unknownOld.length > 0 || unknownNew.length > 0) {
      throw new ApiError(
        400,
        "option_mapping_invalid",
        {
          de: `Die Zuordnung der Antwortoptionen passt nicht zu den Versionen: ${[
            ...unknownOld.map((value) => `„${value}“ gab es in Version ${previous.version} nicht`),
            ...unknownNew.map((value) => `„${value}“ gibt es in der neuen Version nicht`),
          ].join("; ")}.`,
          en: `The option mapping does not fit the versions: ${[
            ...unknownOld.map((value) => `"${value}" is not a value of version ${previous.version}`),
            ...unknownNew.map((value) => `"${value}" is not a value of the new version`),
          ].join("; ")}.`,
        },
        { unknownOldValues: unknownOld, unknownNewValues: [...new Set(unknownNew)], oldValues, newValues },
      );
    }
  }

  const map: Record<string, string | null> = {};
  const unmapped: string[] = [];
  for (const value of oldValues) {
    if (given && Object.hasOwn(given.map, value)) map[value] = given.map[value]!;
    else if (newValues.includes(value)) map[value] = value;
    else unmapped.push(value);
  }
  if (!given || unmapped.length > 0) {
    const list = unmapped.length > 0 ? `: ${unmapped.join(", ")}` : ".";
    throw new ApiError(
      400,
      "option_mapping_required",
      {
        de: `Die Antwortoptionen haben sich gegenüber Version ${previous.version} geändert. Bitte geben Sie an (optionMapping), was aus jeder früheren Option wird (eine neue Option oder null) und ob die Versionen vergleichbar bleiben${list}`,
        en: `The answer options changed from version ${previous.version}. Please state (optionMapping) what each earlier option becomes (a new option or null) and whether the versions stay comparable${list}`,
      },
      { unmapped, oldValues, newValues },
    );
  }
  return { fromVersion: previous.version, map, break: given.break };
}
