import type { Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { defaultSurveyPrivacyNotice, privacyModeSentence, surveyPrivacyNotice } from "../lib/privacy-notice.ts";
import { audienceSettingsOf, type Audience, type FormOfAddress } from "../lib/survey-audience.ts";
import type { AudienceColumns } from "./survey-service.ts";

type SurveyAudienceRow = AudienceColumns & { privacy_mode: PrivacyMode; status: string };

/**
 * Who a survey asks, how it addresses them, and what they read before the first question, for
 * the planner's settings and preview: the choices in effect (the planner's, otherwise what the
 * questions suggest), the survey's own notice as written, the default it would get, and the
 * notice and privacy-mode sentence respondents read.
 */
export async function audienceSettingsDetail(db: Kysely<Database>, organisationId: string, survey: SurveyAudienceRow, suggested: Audience) {
  const organisation = await db
    .selectFrom("organisations")
    .select(["name", "privacy_notice", "privacy_notice_en"])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const settings = audienceSettingsOf(survey, suggested);
  return {
    ...settings,
    suggestedAudience: suggested,
    privacyNotice: survey.privacy_notice,
    privacyNoticeEn: survey.privacy_notice_en,
    defaultPrivacyNotice: defaultSurveyPrivacyNotice(organisation, settings.audience, settings.formOfAddress),
    effectivePrivacyNotice: surveyPrivacyNotice(organisation, survey, settings.audience, settings.formOfAddress),
    privacyModeSentence: privacyModeSentence(survey.privacy_mode, settings.audience, settings.formOfAddress),
  };
}

const audienceFixed = () =>
  new ApiError(
    409,
    "audience_fixed",
    {
      de: "Wer befragt wird, steht bei einer geöffneten Umfrage fest: Die Fragen wurden beim Öffnen dafür aufbereitet. Legen Sie für eine andere Zielgruppe eine Kopie an.",
      en: "Who is asked is fixed once a survey is open: its questions were prepared for them when it was opened. Make a copy for another audience.",
    },
    { field: "audience" },
  );

/** What a planner's change writes: audience (only while a draft), form of address and notice (trimmed; blank: the default). */
export function audienceChanges(
  survey: { status: string; audience: Audience | null },
  body: { audience?: Audience | null; formOfAddress?: FormOfAddress | null; privacyNotice?: string; privacyNoticeEn?: string },
): Partial<AudienceColumns> {
  if (body.audience !== undefined && body.audience !== survey.audience && survey.status !== "draft") throw audienceFixed();
  return {
    ...(body.audience !== undefined ? { audience: body.audience } : {}),
    ...(body.formOfAddress !== undefined ? { form_of_address: body.formOfAddress } : {}),
    ...(body.privacyNotice !== undefined ? { privacy_notice: body.privacyNotice.trim() } : {}),
    ...(body.privacyNoticeEn !== undefined ? { privacy_notice_en: body.privacyNoticeEn.trim() } : {}),
  };
}
