/**
 * The directory describes institutions and networks with the canon's vocabulary, so that a
 * Kita tagged "early_childhood" meets the canon items tagged the same way. This module names the
 * codes with their labels and reads them back from what people type or import: the code, the
 * German or the English label, or a common short form, in any case.
 *
 * @example
 * lifePhaseCode("Rund um die Kita"); // "early_childhood"
 * fieldOfActionCode("health");      // "health"
 * splitList("Kita; Schule | Jugend"); // ["Kita", "Schule", "Jugend"]
 */
import { FIELDS_OF_ACTION, LIFE_PHASES, type FieldOfAction, type LifePhase } from "../canon/canon-file-format.ts";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS } from "../canon/vocabulary-labels.ts";
import type { LocalizedText } from "../db/schema.ts";

export { FIELDS_OF_ACTION, LIFE_PHASES, type FieldOfAction, type LifePhase };

/** Short forms planners write in spreadsheets, besides the codes and the full labels. */
const LIFE_PHASE_ALIASES: Record<LifePhase, string[]> = {
  pregnancy_birth: ["Schwangerschaft und Geburt", "Schwangerschaft", "Geburt", "Schwangerschaft/Geburt", "pregnancy"],
  early_childhood: ["Kita", "Frühe Kindheit", "Kindertagesstätte", "early childhood"],
  school: ["Schule", "Grundschule", "Schulzeit", "school"],
  youth: ["Jugend", "Jugendphase", "Jugendliche", "adolescence"],
};

const FIELD_OF_ACTION_ALIASES: Record<FieldOfAction, string[]> = {
  health: [],
  youth_welfare: ["Jugendhilfe", "Kinder und Jugendhilfe", "youth welfare"],
  education: [],
  social: ["Soziale Arbeit", "social"],
  sport: [],
  culture: [],
};

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

function lookupOf<Code extends string>(
  codes: readonly Code[],
  labels: Record<Code, LocalizedText>,
  aliases: Record<Code, string[]>,
): Map<string, Code> {
  const lookup = new Map<string, Code>();
  for (const code of codes) {
    for (const word of [code, labels[code].de, labels[code].en, ...aliases[code]]) lookup.set(normalise(word), code);
  }
  return lookup;
}

const lifePhaseLookup = lookupOf(LIFE_PHASES, LIFE_PHASE_LABELS, LIFE_PHASE_ALIASES);
const fieldOfActionLookup = lookupOf(FIELDS_OF_ACTION, FIELD_OF_ACTION_LABELS, FIELD_OF_ACTION_ALIASES);

/** The life phase a code, label or short form names; undefined when it names none. */
export function lifePhaseCode(text: string): LifePhase | undefined {
  return lifePhaseLookup.get(normalise(text));
}

/** The field of action a code, label or short form names; undefined when it names none. */
export function fieldOfActionCode(text: string): FieldOfAction | undefined {
  return fieldOfActionLookup.get(normalise(text));
}

export function lifePhaseLabel(code: string): LocalizedText {
  const label = LIFE_PHASE_LABELS[code as LifePhase];
  return label ? { de: label.de, en: label.en } : { de: code, en: code };
}

export function fieldOfActionLabel(code: string): LocalizedText {
  const label = FIELD_OF_ACTION_LABELS[code as FieldOfAction];
  return label ? { de: label.de, en: label.en } : { de: code, en: code };
}

/** A cell holding several values: separated by comma, semicolon, vertical bar or line break. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;|\n\r]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
