import type { Kysely } from "kysely";
import type { Database, SurveyStructure } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { audienceChanges } from "./audience-settings.ts";
import type { SurveyUpdate } from "./survey-schemas.ts";
import { structureFromInput, validateStructure } from "./survey-service.ts";

/**
 * Changes a survey's texts, settings, closing date and (while a draft) its pages and questions.
 * 409 `survey_not_draft` for new questions in an opened survey, `privacy_mode_fixed` for a new
 * privacy mode once respondents were told it, `anonymous_cannot_edit` for editing after submit
 * in an anonymous survey (its answers are then linked to no invitation).
 *
 * ```ts
 * await updateSurvey(db, session.organisationId, c.var.survey, { title: "Kita-Befragung 2026", closingDate: "2026-06-30" });
 * ```
 */
export async function updateSurvey(db: Kysely<Database>, organisationId: string, survey: OrganisationSurvey, change: SurveyUpdate): Promise<void> {
  let structure: SurveyStructure | undefined;
  if (change.pages) structure = structureFromInput(change.pages, survey.structure);
  else if (change.items) {
    structure = { pages: [{ id: "page-1", title: null, elements: change.items.map((item) => ({ ...item, required: false })) }] };
  }
  if (structure) {
    if (survey.status !== "draft") throw notDraft();
    await validateStructure(db, organisationId, structure, survey.structure);
  }
  // Respondents are told the privacy mode before they start: it is fixed once the survey is open.
  if (change.privacyMode !== undefined && change.privacyMode !== survey.privacy_mode && survey.status !== "draft") throw privacyFixed();
  const privacyMode = change.privacyMode ?? survey.privacy_mode;
  if (privacyMode === "anonymous" && change.allowEditAfterSubmit === true) throw anonymousCannotEdit();
  const audience = audienceChanges(survey, change);
  await db
    .updateTable("surveys")
    .set({
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.intro !== undefined ? { intro: change.intro } : {}),
      ...(change.closingText !== undefined ? { closing_text: change.closingText } : {}),
      ...(change.titleEn !== undefined ? { title_en: change.titleEn } : {}),
      ...(change.introEn !== undefined ? { intro_en: change.introEn } : {}),
      ...(change.closingTextEn !== undefined ? { closing_text_en: change.closingTextEn } : {}),
      ...(change.closingDate !== undefined ? { closing_date: change.closingDate } : {}),
      ...(change.allowEditAfterSubmit !== undefined ? { allow_edit_after_submit: change.allowEditAfterSubmit } : {}),
      ...(change.privacyMode !== undefined ? { privacy_mode: change.privacyMode } : {}),
      // Anonymous answers are detached from their invitation on submit, so they cannot be opened again to be changed.
      ...(privacyMode === "anonymous" ? { allow_edit_after_submit: false } : {}),
      ...audience,
      ...(structure ? { structure: JSON.stringify(structure) } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", survey.id)
    .where("organisation_id", "=", organisationId)
    .execute();
}

const notDraft = () =>
  new ApiError(409, "survey_not_draft", {
    de: "Die Fragen einer geöffneten Umfrage können nicht mehr geändert werden.",
    en: "The questions of an opened survey can no longer be changed.",
  });

const privacyFixed = () =>
  new ApiError(409, "privacy_mode_fixed", {
    de: "Der Datenschutz-Modus einer geöffneten Umfrage steht fest: Befragte wurden vor dem Start darüber informiert.",
    en: "The privacy mode of an opened survey is fixed: respondents were told about it before they started.",
  });

const anonymousCannotEdit = () =>
  new ApiError(409, "anonymous_cannot_edit", {
    de: "In einer anonymen Umfrage können abgeschickte Antworten nicht mehr geändert werden: Sie sind danach mit keiner Einladung mehr verbunden.",
    en: "In an anonymous survey submitted answers cannot be changed: afterwards they are linked to no invitation.",
  });
