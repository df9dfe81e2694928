import { ConditionRunner } from "survey-core";
import type { Kysely } from "kysely";
import type { Database, SurveyItemRef, SurveyStructure, SurveyTexts } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { buildSurveyDefinition } from "../lib/survey-definition.ts";

const itemKey = (itemId: string, version: number) => `${itemId}@${version}`;

/** The canon item versions a survey uses, by `id@version`; rejects unknown references. */
export async function loadItems(db: Kysely<Database>, organisationId: string, refs: SurveyItemRef[]) {
  if (refs.length === 0) return new Map<string, Awaited<ReturnType<typeof queryItems>>[number]>();
  const rows = await queryItems(db, organisationId, refs);
  const byKey = new Map(rows.map((row) => [itemKey(row.item_id, row.version), row]));
  const missing = refs.filter((ref) => !byKey.has(itemKey(ref.itemId, ref.version)));
  if (missing.length > 0) {
    throw new ApiError(
      400,
      "unknown_canon_item",
      {
        de: `Unbekannte Fragen: ${missing.map((ref) => ref.itemId).join(", ")}`,
        en: `Unknown canon items: ${missing.map((ref) => `${ref.itemId} v${ref.version}`).join(", ")}`,
      },
      missing,
    );
  }
  return byKey;
}

function queryItems(db: Kysely<Database>, organisationId: string, refs: SurveyItemRef[]) {
  return db
    .selectFrom("canon_items")
    .selectAll()
    .where((eb) => eb.or(refs.map((ref) => eb.and([eb("item_id", "=", ref.itemId), eb("version", "=", ref.version)]))))
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .execute();
}

export function elementsOf(structure: SurveyStructure) {
  return structure.pages.flatMap((page) => page.elements);
}

/**
 * Checks a structure before it is stored: known items, each at most once, unique page ids,
 * and conditions that parse and refer only to questions placed before them.
 */
export async function validateStructure(
  db: Kysely<Database>,
  organisationId: string,
  structure: SurveyStructure,
  previous: SurveyStructure = { pages: [] },
) {
  const elements = elementsOf(structure);
  const pageIds = new Set<string>();
  for (const page of structure.pages) {
    if (pageIds.has(page.id)) {
      throw new ApiError(400, "duplicate_page", { de: `Die Seite ${page.id} ist doppelt.`, en: `Page ${page.id} appears twice.` });
    }
    pageIds.add(page.id);
  }
  const earlier = new Set<string>();
  for (const element of elements) {
    if (earlier.has(element.itemId)) {
      throw new ApiError(400, "duplicate_item", {
        de: `Die Frage ${element.itemId} ist doppelt ausgewählt.`,
        en: `The item ${element.itemId} is picked twice.`,
      });
    }
    if (element.visibleIf) checkCondition(element.itemId, element.visibleIf, earlier);
    earlier.add(element.itemId);
  }
  const items = await loadItems(db, organisationId, elements);
  // A retired item stays where it was already used, but cannot be picked anew.
  const alreadyUsed = new Set(elementsOf(previous).map((element) => itemKey(element.itemId, element.version)));
  const newlyRetired = elements.filter((element) => {
    const key = itemKey(element.itemId, element.version);
    return items.get(key)!.retired_at !== null && !alreadyUsed.has(key);
  });
  if (newlyRetired.length > 0) {
    throw new ApiError(
      400,
      "item_retired",
      {
        de: `Ausgemusterte Fragen können nicht neu ausgewählt werden: ${newlyRetired.map((element) => element.itemId).join(", ")}`,
        en: `Retired items cannot be picked anew: ${newlyRetired.map((element) => element.itemId).join(", ")}`,
      },
      newlyRetired.map((element) => element.itemId),
    );
  }
  return items;
}

function checkCondition(itemId: string, condition: string, earlier: Set<string>) {
  const runner = new ConditionRunner(condition);
  if (!runner.canRun()) {
    throw new ApiError(
      400,
      "invalid_condition",
      {
        de: `Die Bedingung der Frage ${itemId} ist fehlerhaft: ${condition}`,
        en: `The condition of ${itemId} does not parse: ${condition}`,
      },
      { itemId, condition },
    );
  }
  const unknown = runner.getVariables().filter((name: string) => !earlier.has(name.replace(/-Comment$/, "")));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      "invalid_condition",
      {
        de: `Die Bedingung der Frage ${itemId} bezieht sich auf Fragen, die nicht davor stehen: ${unknown.join(", ")}`,
        en: `The condition of ${itemId} refers to questions that do not come before it: ${unknown.join(", ")}`,
      },
      { itemId, condition, unknown },
    );
  }
}

export interface SurveyRow {
  title: string;
  intro: string;
  closing_text: string;
  title_en: string;
  intro_en: string;
  closing_text_en: string;
  structure: SurveyStructure;
}

export function textsOf(survey: SurveyRow): SurveyTexts {
  return {
    title: survey.title,
    intro: survey.intro,
    closingText: survey.closing_text,
    titleEn: survey.title_en,
    introEn: survey.intro_en,
    closingTextEn: survey.closing_text_en,
  };
}

/** Builds the SurveyJS definition from the survey's texts and structure. */
export async function definitionFor(db: Kysely<Database>, organisationId: string, survey: SurveyRow) {
  const items = await loadItems(db, organisationId, elementsOf(survey.structure));
  return buildSurveyDefinition(textsOf(survey), survey.structure, (itemId, version) => items.get(itemKey(itemId, version))!);
}

export { itemKey };
