import type { Kysely } from "kysely";
import type { Database, SurveyElement } from "../db/schema.ts";
import { answerOptionsOf, localizedOf } from "../lib/question-options.ts";
import { surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { canonElementsOf, isOwnElement, questionKeyOf, questionNamesIn } from "../lib/survey-structure.ts";
import { findOrganisationSurvey, type OrganisationSurvey } from "../lib/tenant-survey.ts";
import { audienceSettingsDetail } from "./audience-settings.ts";
import { itemKey, loadItems, suggestedAudience, textsOf } from "./survey-service.ts";

/** How the builder labels the module of a survey's own (imported) question. */
const OWN_ELEMENT_LABEL = { de: "Eigene Frage dieser Umfrage", en: "This survey's own question" };

/** A survey's own (imported) element as the builder shows it: title, type and the names inside. */
function placeOwn(placed: Extract<SurveyElement, { element: unknown }>) {
  const element = placed.element;
  const name = questionKeyOf(placed);
  const names = questionNamesIn(placed);
  return {
    itemId: name,
    version: 0,
    own: true,
    names,
    ...(element.type === "panel" ? { questionCount: names.length - 1 } : {}),
    ...(typeof element.canonId === "string" ? { canonId: element.canonId } : {}),
    required: placed.required,
    ...(placed.visibleIf ? { visibleIf: placed.visibleIf } : {}),
    title: localizedOf(element.title, name),
    type: String(element.type ?? "text"),
    module: "",
    moduleTitle: OWN_ELEMENT_LABEL,
    choices: answerOptionsOf(element).map((option) => ({ value: option.value, text: option.label })),
    latestVersion: 0,
    retired: false,
  };
}

/**
 * The survey as the builder shows it: texts, settings, counts, and every placed question with its
 * details. Takes a survey already loaded for the organisation (e.g. the route's `c.var.survey`).
 *
 * ```ts
 * const detail = await surveyDetail(db, session.organisationId, c.var.survey);
 * ```
 */
export async function surveyDetail(db: Kysely<Database>, organisationId: string, survey: OrganisationSurvey) {
  const elements = canonElementsOf(survey.structure);
  const items = await loadItems(db, organisationId, elements);
  const latest = new Map(
    elements.length === 0
      ? []
      : (
          await db
            .selectFrom("canon_items")
            .select(["item_id", (eb) => eb.fn.max("version").as("latest")])
            .where("item_id", "in", [...new Set(elements.map((element) => element.itemId))])
            .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
            .groupBy("item_id")
            .execute()
        ).map((row) => [row.item_id, Number(row.latest)]),
  );
  const counts = (await surveyCounts(db, organisationId, [survey.id])).get(survey.id) ?? zeroCounts;
  const place = (element: SurveyElement) => {
    if (isOwnElement(element)) return placeOwn(element);
    const item = items.get(itemKey(element.itemId, element.version))!;
    return {
      itemId: element.itemId,
      version: element.version,
      own: false,
      names: [element.itemId],
      required: element.required,
      ...(element.visibleIf ? { visibleIf: element.visibleIf } : {}),
      title: localizedOf(item.element.title, item.item_id),
      type: String(item.element.type ?? "text"),
      module: item.module,
      moduleTitle: item.module_title,
      choices: answerOptionsOf(item.element).map((option) => ({ value: option.value, text: option.label })),
      latestVersion: latest.get(element.itemId) ?? element.version,
      retired: item.retired_at !== null,
    };
  };
  const pages = survey.structure.pages.map((page) => ({
    id: page.id,
    title: page.title,
    ...(page.visibleIf ? { visibleIf: page.visibleIf } : {}),
    elements: page.elements.map(place),
  }));
  return {
    id: survey.id,
    title: survey.title,
    intro: survey.intro,
    texts: textsOf(survey),
    status: survey.status,
    closingDate: survey.closing_date,
    allowEditAfterSubmit: survey.allow_edit_after_submit,
    privacyMode: survey.privacy_mode,
    ...(await audienceSettingsDetail(db, organisationId, survey, suggestedAudience(items))),
    createdAt: survey.created_at.toISOString(),
    counts,
    pages,
    items: pages.flatMap((page) => page.elements),
    importSource: survey.import_source ?? null,
  };
}

/** The builder's view of a survey read afresh, after a change to it (404 if it is gone). */
export async function currentSurveyDetail(db: Kysely<Database>, organisationId: string, surveyId: string) {
  return surveyDetail(db, organisationId, await findOrganisationSurvey(db, organisationId, surveyId));
}
