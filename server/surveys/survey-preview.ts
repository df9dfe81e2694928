import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { audienceSettingsDetail } from "./audience-settings.ts";
import { definitionFor } from "./survey-service.ts";

/**
 * The SurveyJS definition exactly as respondents will get it (an open survey's frozen one, else
 * built now), with what they read before the first question. An open survey's audience is fixed;
 * a draft's follows its questions unless chosen.
 *
 * ```ts
 * const { definition, privacyNotice } = await surveyPreview(db, session.organisationId, c.var.survey);
 * ```
 */
export async function surveyPreview(db: Kysely<Database>, organisationId: string, survey: OrganisationSurvey) {
  const built = survey.definition ? null : await definitionFor(db, organisationId, survey);
  const definition = survey.definition ?? built!.definition;
  const suggested = survey.audience ?? built?.audience ?? "institutions";
  const { audience, formOfAddress, effectivePrivacyNotice, privacyModeSentence } = await audienceSettingsDetail(db, organisationId, survey, suggested);
  return { definition, audience, formOfAddress, privacyNotice: effectivePrivacyNotice, privacyModeSentence };
}

/** The definition a survey export holds: the frozen one of an opened survey, else the one it would get now. */
export async function exportedDefinition(db: Kysely<Database>, organisationId: string, survey: OrganisationSurvey) {
  return survey.definition ?? (await definitionFor(db, organisationId, survey)).definition;
}
