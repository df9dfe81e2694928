import { ConditionRunner } from "survey-core";
import type { Kysely, Selectable } from "kysely";
import type { Database, ImportSource, LocalizedText, SurveyElement, SurveyItemRef, SurveyPage, SurveyStructure, SurveysTable, SurveyTexts } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { audienceOfQuestions, type Audience, type FormOfAddress } from "../lib/survey-audience.ts";
import { localizedOf } from "../lib/question-options.ts";
import { buildSurveyDefinition } from "../lib/survey-definition.ts";
import { canonElementsOf, isOwnElement, logicNamesOf, placedElementsOf, questionKeyOf, questionNamesIn, variableRoot } from "../lib/survey-structure.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";

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

/** Every placed element (canon references and the survey's own elements), in survey order. */
export function elementsOf(structure: SurveyStructure) {
  return placedElementsOf(structure);
}

/** Most questions one survey holds (nested ones counted): more would make the form unusable and slow to check. */
export const MAX_SURVEY_QUESTIONS = 2000;

/** A page as the builder sends it: canon references, and the survey's own elements by name. */
export interface PageInput {
  id: string;
  title: SurveyPage["title"];
  elements: ({ itemId: string; version: number; required: boolean; visibleIf?: string | undefined } | { name: string; required: boolean; visibleIf?: string | undefined })[];
}

/**
 * The structure a builder save describes. The survey's own elements are named, not sent: their
 * content is taken from the stored structure (it cannot be changed through the builder, only
 * moved, required, conditioned or removed), and the page conditions and survey logic stay.
 * An unknown name answers 400 `unknown_survey_element`.
 */
export function structureFromInput(pages: PageInput[], previous: SurveyStructure): SurveyStructure {
  const own = new Map(placedElementsOf(previous).filter(isOwnElement).map((placed) => [questionKeyOf(placed), placed.element]));
  const previousPages = new Map(previous.pages.map((page) => [page.id, page]));
  return {
    pages: pages.map((page) => {
      const before = previousPages.get(page.id);
      return {
        id: page.id,
        title: page.title,
        ...(before?.visibleIf ? { visibleIf: before.visibleIf } : {}),
        ...(before?.description ? { description: before.description } : {}),
        elements: page.elements.map((entry): SurveyElement => {
          const condition = entry.visibleIf ? { visibleIf: entry.visibleIf } : {};
          if ("itemId" in entry) return { itemId: entry.itemId, version: entry.version, required: entry.required, ...condition };
          const element = own.get(entry.name);
          if (!element) {
            throw new ApiError(
              400,
              "unknown_survey_element",
              { de: `Die Umfrage hat keine eigene Frage „${entry.name}“.`, en: `The survey has no own question "${entry.name}".` },
              { name: entry.name },
            );
          }
          return { element, required: entry.required, ...condition };
        }),
      };
    }),
    ...(previous.logic ? { logic: previous.logic } : {}),
  };
}

/**
 * Checks a structure before it is stored: known items, each at most once, unique page ids and
 * question names, and conditions that parse and refer only to questions placed before them.
 * Messages name questions by their titles (planners read them); the ids are in the details.
 */
export async function validateStructure(
  db: Kysely<Database>,
  organisationId: string,
  structure: SurveyStructure,
  previous: SurveyStructure = { pages: [] },
) {
  const pageIds = new Set<string>();
  for (const page of structure.pages) {
    if (pageIds.has(page.id)) {
      throw new ApiError(400, "duplicate_page", { de: `Die Seite ${page.id} ist doppelt.`, en: `Page ${page.id} appears twice.` });
    }
    pageIds.add(page.id);
  }
  const elements = canonElementsOf(structure);
  const items = await loadItems(db, organisationId, elements);
  const ownTitles = new Map<string, unknown>();
  const collectTitles = (node: Record<string, unknown>) => {
    if (typeof node.name === "string") ownTitles.set(node.name, node.title);
    if (node.type === "panel" && Array.isArray(node.elements)) for (const child of node.elements) if (child && typeof child === "object") collectTitles(child as Record<string, unknown>);
  };
  for (const placed of placedElementsOf(structure)) if (isOwnElement(placed)) collectTitles(placed.element);
  const titleOf = (name: string): LocalizedText => {
    if (ownTitles.has(name)) return localizedOf(ownTitles.get(name), name);
    const element = elements.find((candidate) => candidate.itemId === name);
    const item = element ? items.get(itemKey(element.itemId, element.version)) : undefined;
    return item ? localizedOf(item.element.title, name) : { de: name, en: name };
  };

  const earlier = logicNamesOf(structure);
  let questionCount = 0;
  for (const placed of placedElementsOf(structure)) {
    const key = questionKeyOf(placed);
    const names = questionNamesIn(placed);
    questionCount += names.length;
    const twice = names.find((name) => earlier.has(name));
    if (twice !== undefined) {
      const title = titleOf(twice);
      throw new ApiError(
        400,
        "duplicate_item",
        { de: `Die Frage „${title.de}“ ist doppelt in der Umfrage.`, en: `The question "${title.en}" appears twice in the survey.` },
        { itemId: twice },
      );
    }
    if (placed.visibleIf) checkCondition(key, placed.visibleIf, earlier, titleOf);
    for (const name of names) earlier.add(name);
  }
  if (questionCount > MAX_SURVEY_QUESTIONS) {
    throw new ApiError(400, "too_many_questions", {
      de: `Eine Umfrage kann höchstens ${MAX_SURVEY_QUESTIONS} Fragen haben (hier: ${questionCount}).`,
      en: `A survey can hold at most ${MAX_SURVEY_QUESTIONS} questions (here: ${questionCount}).`,
    });
  }
  // A retired item stays where it was already used, but cannot be picked anew.
  const alreadyUsed = new Set(canonElementsOf(previous).map((element) => itemKey(element.itemId, element.version)));
  const newlyRetired = elements.filter((element) => {
    const key = itemKey(element.itemId, element.version);
    return items.get(key)!.retired_at !== null && !alreadyUsed.has(key);
  });
  if (newlyRetired.length > 0) {
    const titles = newlyRetired.map((element) => titleOf(element.itemId));
    throw new ApiError(
      400,
      "item_retired",
      {
        de: `Ausgemusterte Fragen können nicht neu ausgewählt werden: ${titles.map((title) => `„${title.de}“`).join(", ")}`,
        en: `Retired items cannot be picked anew: ${titles.map((title) => `"${title.en}"`).join(", ")}`,
      },
      newlyRetired.map((element) => element.itemId),
    );
  }
  return items;
}

function checkCondition(itemId: string, condition: string, earlier: Set<string>, titleOf: (name: string) => LocalizedText) {
  const title = titleOf(itemId);
  const runner = new ConditionRunner(condition);
  if (!runner.canRun()) {
    throw new ApiError(
      400,
      "invalid_condition",
      {
        de: `Die Bedingung der Frage „${title.de}“ kann nicht ausgewertet werden.`,
        en: `The condition of the question "${title.en}" cannot be evaluated.`,
      },
      { itemId, condition },
    );
  }
  // `{q-Comment}`, `{matrix.row}` and `{list[0].field}` depend on the question `q`, `matrix`, `list`.
  const unknown = runner.getVariables().filter((name: string) => !earlier.has(name.replace(/-Comment$/, "")) && !earlier.has(variableRoot(name)));
  if (unknown.length > 0) {
    const named = unknown.map((name) => titleOf(variableRoot(name)));
    throw new ApiError(
      400,
      "invalid_condition",
      {
        de: `Die Bedingung der Frage „${title.de}“ bezieht sich auf Fragen, die nicht davor stehen: ${named.map((other) => `„${other.de}“`).join(", ")}`,
        en: `The condition of the question "${title.en}" refers to questions that do not come before it: ${named.map((other) => `"${other.en}"`).join(", ")}`,
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
  audience: Audience | null;
}

/** The audience a survey's questions suggest, by the questionnaires its items come from. */
export function suggestedAudience(items: ReadonlyMap<string, { questionnaire: string }>): Audience {
  return audienceOfQuestions([...items.values()].map((item) => item.questionnaire));
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

/**
 * Builds the SurveyJS definition from the survey's texts and structure, for its audience (the
 * planner's choice or what the questions suggest); returns that audience too.
 */
export async function definitionFor(db: Kysely<Database>, organisationId: string, survey: SurveyRow) {
  const items = await loadItems(db, organisationId, canonElementsOf(survey.structure));
  const audience = survey.audience ?? suggestedAudience(items);
  const definition = buildSurveyDefinition(textsOf(survey), survey.structure, (itemId, version) => items.get(itemKey(itemId, version))!, {
    audience,
  });
  return { definition, audience };
}

/** The settings of how a survey speaks to respondents, as stored (copied with a survey or a template). */
export type AudienceColumns = {
  audience: Audience | null;
  form_of_address: FormOfAddress | null;
  privacy_notice: string;
  privacy_notice_en: string;
};

/** The audience columns of a survey or template row. */
export function audienceColumnsOf(row: AudienceColumns): AudienceColumns {
  return {
    audience: row.audience,
    form_of_address: row.form_of_address,
    privacy_notice: row.privacy_notice,
    privacy_notice_en: row.privacy_notice_en,
  };
}

export { itemKey };

/** Stores a new draft survey with the given texts and structure; returns its id. */
export async function insertSurvey(
  db: Kysely<Database>,
  values: {
    organisationId: string;
    userId: string;
    texts: SurveyTexts;
    structure: SurveyStructure;
    /** Settings a copy keeps (a next wave is asked the same way and belongs to the same series). */
    settings?: Partial<Pick<Selectable<SurveysTable>, "privacy_mode" | "allow_edit_after_submit" | "max_reminders" | "series_id">> &
      Partial<AudienceColumns>;
    /** When it was created (default: now). */
    at?: Date;
    /** Where an imported survey came from, with the import's report. */
    importSource?: ImportSource;
  },
): Promise<string> {
  const created = await db
    .insertInto("surveys")
    .values({
      organisation_id: values.organisationId,
      created_by: values.userId,
      title: values.texts.title,
      intro: values.texts.intro,
      closing_text: values.texts.closingText,
      title_en: values.texts.titleEn,
      intro_en: values.texts.introEn,
      closing_text_en: values.texts.closingTextEn,
      structure: JSON.stringify(values.structure),
      ...(values.settings ?? {}),
      ...(values.importSource ? { import_source: JSON.stringify(values.importSource) } : {}),
      ...(values.at ? { created_at: values.at, updated_at: values.at } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

/**
 * Creates a draft survey titled `title`: empty (one page without questions), or a copy of a
 * template's texts and pages (a shipped template or one of the organisation's own; 404 otherwise).
 */
export async function createSurvey(
  db: Kysely<Database>,
  request: { organisationId: string; userId: string; title: string; templateId?: string | undefined; at?: Date },
): Promise<string> {
  let texts: SurveyTexts = { title: request.title, intro: "", closingText: "", titleEn: "", introEn: "", closingTextEn: "" };
  let structure: SurveyStructure = { pages: [{ id: "page-1", title: null, elements: [] }] };
  let settings: AudienceColumns | undefined;
  if (request.templateId) {
    const template = await db
      .selectFrom("survey_templates")
      .selectAll()
      .where("id", "=", request.templateId)
      .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", request.organisationId)]))
      .executeTakeFirst();
    if (!template) throw notFound("Template");
    texts = { ...template.texts, title: request.title };
    structure = template.structure;
    // Who a template asks and how it speaks to them come along (a youth survey stays one).
    settings = audienceColumnsOf(template);
  }
  return insertSurvey(db, {
    organisationId: request.organisationId,
    userId: request.userId,
    texts,
    structure,
    ...(settings ? { settings } : {}),
    ...(request.at ? { at: request.at } : {}),
  });
}

/**
 * Opens a survey: a draft gets its SurveyJS definition frozen (409 `survey_empty` without
 * questions) and its audience fixed (the definition was built for it), a closed one is opened
 * again. Returns what happened (`unchanged` when it was open).
 */
export async function openSurvey(db: Kysely<Database>, organisationId: string, surveyId: string, at = new Date()): Promise<"opened" | "reopened" | "unchanged"> {
  const survey = await findOrganisationSurvey(db, organisationId, surveyId);
  if (survey.status === "draft") {
    if (elementsOf(survey.structure).length === 0) {
      throw new ApiError(409, "survey_empty", {
        de: "Bitte wählen Sie zuerst Fragen aus dem Kanon aus.",
        en: "Please pick questions from the canon first.",
      });
    }
    const { definition, audience } = await definitionFor(db, organisationId, survey);
    await db
      .updateTable("surveys")
      .set({ status: "open", definition: JSON.stringify(definition), audience, opened_at: at, updated_at: at })
      .where("id", "=", surveyId)
      .where("organisation_id", "=", organisationId)
      .execute();
    return "opened";
  }
  if (survey.status === "closed") {
    await db
      .updateTable("surveys")
      .set({ status: "open", closed_at: null, updated_at: at })
      .where("id", "=", surveyId)
      .where("organisation_id", "=", organisationId)
      .execute();
    return "reopened";
  }
  return "unchanged";
}

/** Closes an open survey (409 `survey_not_open` otherwise): its links then say that it has ended. */
export async function closeSurvey(db: Kysely<Database>, organisationId: string, surveyId: string, at = new Date()): Promise<void> {
  const survey = await findOrganisationSurvey(db, organisationId, surveyId);
  if (survey.status !== "open") {
    throw new ApiError(409, "survey_not_open", {
      de: "Nur eine geöffnete Umfrage kann beendet werden.",
      en: "Only an open survey can be closed.",
    });
  }
  await db
    .updateTable("surveys")
    .set({ status: "closed", closed_at: at, updated_at: at })
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .execute();
}
