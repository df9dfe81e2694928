/**
 * Reading and writing the life-phase and field-of-action tags of canon items, which are either a
 * list of codes or `"all"` (see ALL_TAGS in canon-file-format.ts).
 *
 * @example
 * specificTags("all"); // []
 * normalizedTags({ lifePhases: ["youth", "school", "early_childhood", "pregnancy_birth"], fieldsOfAction: [], topics: [] });
 * // { lifePhases: "all", fieldsOfAction: [], topics: [] }
 */
import type { CanonTags } from "../db/schema.ts";
import { ALL_TAGS, FIELDS_OF_ACTION, LIFE_PHASES } from "./canon-file-format.ts";

/** The codes an item is specifically tagged with; none for `"all"`. */
export function specificTags(list: CanonTags["lifePhases"]): string[] {
  return list === ALL_TAGS ? [] : list;
}

function normalizedList(list: CanonTags["lifePhases"], vocabulary: readonly string[]): CanonTags["lifePhases"] {
  if (list === ALL_TAGS) return ALL_TAGS;
  const codes = vocabulary.filter((code) => list.includes(code));
  return codes.length === vocabulary.length ? ALL_TAGS : codes;
}

/**
 * Tags as stored: codes once each in vocabulary order, and a list naming every code as `"all"`,
 * so "applies to every life phase" has one form whether a planner ticked "alle Lebensphasen"
 * or each phase by itself.
 */
export function normalizedTags(tags: CanonTags): CanonTags {
  return {
    lifePhases: normalizedList(tags.lifePhases, LIFE_PHASES),
    fieldsOfAction: normalizedList(tags.fieldsOfAction, FIELDS_OF_ACTION),
    topics: [...new Set(tags.topics)],
  };
}
