import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { audienceColumnsOf, insertSurvey, textsOf } from "./survey-service.ts";

/**
 * Copies a survey (texts, questions with the same item versions, settings, series) into a new
 * draft titled "… (Kopie)" / "… (copy)". Returns the copy's id.
 *
 * ```ts
 * const copyId = await duplicateSurvey(db, { organisationId, userId }, c.var.survey);
 * ```
 */
export async function duplicateSurvey(db: Kysely<Database>, owner: { organisationId: string; userId: string }, survey: OrganisationSurvey): Promise<string> {
  const texts = textsOf(survey);
  return insertSurvey(db, {
    organisationId: owner.organisationId,
    userId: owner.userId,
    texts: { ...texts, title: `${texts.title} (Kopie)`.slice(0, 300), titleEn: texts.titleEn ? `${texts.titleEn} (copy)`.slice(0, 300) : "" },
    structure: survey.structure,
    settings: {
      privacy_mode: survey.privacy_mode,
      allow_edit_after_submit: survey.allow_edit_after_submit,
      max_reminders: survey.max_reminders,
      series_id: survey.series_id,
      ...audienceColumnsOf(survey),
    },
  });
}
