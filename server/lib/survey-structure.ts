/**
 * Reading a survey's structure: its placed elements are canon references (`itemId`, `version`)
 * or the survey's own SurveyJS elements (`element`, from an imported questionnaire). These helpers
 * tell them apart and name the questions each one puts into the survey, so validation, the
 * builder, trend and the definition builder agree on what a structure holds.
 *
 * @example
 * for (const placed of placedElementsOf(structure)) console.log(questionKeyOf(placed), questionNamesIn(placed));
 */
import type { SurveyCanonElement, SurveyElement, SurveyOwnElement, SurveyStructure } from "../db/schema.ts";

type Json = Record<string, unknown>;

export function isOwnElement(placed: SurveyElement): placed is SurveyOwnElement {
  return "element" in placed && placed.element !== null && typeof placed.element === "object";
}

/** Every placed element in survey order (the pages flattened). */
export function placedElementsOf(structure: SurveyStructure): SurveyElement[] {
  return structure.pages.flatMap((page) => page.elements);
}

/** The canon references in survey order. */
export function canonElementsOf(structure: SurveyStructure): SurveyCanonElement[] {
  return placedElementsOf(structure).filter((placed): placed is SurveyCanonElement => !isOwnElement(placed));
}

/** The name answers are stored under: the canon item id, or the own element's name. */
export function questionKeyOf(placed: SurveyElement): string {
  return isOwnElement(placed) ? String(placed.element.name ?? "") : placed.itemId;
}

/**
 * The names an element adds to the survey's answers: its own and those of the questions in its
 * (static, possibly nested) panels. Questions inside a repeatable section or a matrix are parts
 * of their parent, not names of their own.
 */
export function elementNames(element: Json): string[] {
  const names: string[] = [];
  const visit = (node: Json) => {
    if (typeof node.name === "string" && node.name) names.push(node.name);
    if (node.type === "panel" && Array.isArray(node.elements)) {
      for (const child of node.elements) if (child && typeof child === "object") visit(child as Json);
    }
  };
  visit(element);
  return names;
}

/** The names a placed element adds to the survey (see `elementNames`). */
export function questionNamesIn(placed: SurveyElement): string[] {
  return isOwnElement(placed) ? elementNames(placed.element) : [placed.itemId];
}

/**
 * The question a condition's variable refers to: `{q-Comment}`, `{matrix.row}`, `{list[0].field}`
 * and `{q.length}` all depend on `q`.
 */
export function variableRoot(variable: string): string {
  return variable.replace(/-Comment$/, "").split(/[.[]/)[0]!.trim();
}

/** Names a condition may use besides questions: calculated values and trigger targets of the survey's own logic. */
export function logicNamesOf(structure: SurveyStructure): Set<string> {
  const names = new Set<string>();
  for (const value of structure.logic?.calculatedValues ?? []) if (typeof value.name === "string") names.add(value.name);
  for (const trigger of structure.logic?.triggers ?? []) if (typeof trigger.setToName === "string") names.add(trigger.setToName);
  return names;
}
