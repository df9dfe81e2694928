import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { privacyModeSentence, surveyPrivacyNotice } from "../lib/privacy-notice.ts";
import { audienceSettingsOf, type Audience, type FormOfAddress } from "../lib/survey-audience.ts";
import { hashToken } from "../lib/tokens.ts";
import { respondentError, respondentMessages } from "./respondent-messages.ts";

/**
 * What a personal link leads to, found by the token's hash. The survey definition and saved
 * answers are large, so they are only loaded where the respondent page needs them.
 */
export async function findByToken(db: Kysely<Database>, token: string) {
  const row = await db
    .selectFrom("invitation_links")
    .innerJoin("invitations", "invitations.id", "invitation_links.invitation_id")
    .innerJoin("surveys", "surveys.id", "invitations.survey_id")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .select([
      "invitations.id as invitation_id",
      "invitations.organisation_id",
      "invitations.survey_id",
      "invitations.opened_at",
      "invitations.revoked_at",
      "invitations.anonymous_submitted",
      "invitation_links.revoked_at as link_revoked_at",
      "invitation_links.id as link_id",
      "surveys.title",
      "surveys.status as survey_status",
      "surveys.closing_date",
      "surveys.allow_edit_after_submit",
      "surveys.privacy_mode",
      "surveys.audience",
      "surveys.form_of_address",
      "responses.revision",
      "responses.last_device",
      "responses.status as response_status",
      "responses.updated_at",
      "responses.submitted_at",
    ])
    .where("invitation_links.token_hash", "=", hashToken(token))
    // The links of a deleted survey lead nowhere from the confirmation on.
    .where("surveys.erasure_requested_at", "is", null)
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(404, "link_unknown", {
      de: "Diesen Link kennen wir nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde, oder fragen Sie bei der einladenden Stelle nach.",
      en: "We do not know this link. Please check that it was copied completely, or ask whoever invited you.",
    });
  }
  if (row.revoked_at || row.link_revoked_at) {
    const organisationName = await organisationNameOf(db, row.organisation_id);
    const { formOfAddress } = respondentAddressOf(row);
    throw respondentError(410, "link_revoked", respondentMessages.linkRevoked(organisationName), formOfAddress, {
      organisationName,
      formOfAddress,
    });
  }
  return row;
}

/**
 * Who the survey behind a link asks and how it addresses them. An opened survey has its
 * audience fixed; a draft has no links, so the fallback never decides anything real.
 */
export function respondentAddressOf(row: { audience: Audience | null; form_of_address: FormOfAddress | null }) {
  return audienceSettingsOf(row, "institutions");
}

/** The inviting organisation's name, for the pages that tell respondents whom to contact. */
export async function organisationNameOf(db: Kysely<Database>, organisationId: string): Promise<string> {
  const organisation = await db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirstOrThrow();
  return organisation.name;
}

export type LinkRow = Awaited<ReturnType<typeof findByToken>>;

/** Closed by the planner, or past its closing date (the closing day itself still counts). */
export function isSurveyClosed(row: LinkRow, now = new Date()): boolean {
  if (row.survey_status === "closed") return true;
  if (!row.closing_date) return false;
  return row.closing_date < berlinDate(now);
}

/** Closing dates are German calendar days: a survey closing on the 31st takes answers until midnight in Berlin. */
export function berlinDate(moment: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(moment);
}

export async function surveyClosedError(db: Kysely<Database>, row: LinkRow) {
  const organisationName = await organisationNameOf(db, row.organisation_id);
  const { formOfAddress } = respondentAddressOf(row);
  return respondentError(410, "survey_closed", respondentMessages.surveyClosed(organisationName), formOfAddress, {
    organisationName,
    formOfAddress,
  });
}

/**
 * The survey definition and the saved answers, for opening the respondent page, with what is
 * told before the first question: the notice and the privacy-mode sentence for the survey's
 * audience, in its form of address.
 */
export async function loadSurveyAndAnswers(db: Kysely<Database>, link: LinkRow) {
  const survey = await db
    .selectFrom("surveys")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select([
      "surveys.definition",
      "surveys.privacy_notice as survey_notice",
      "surveys.privacy_notice_en as survey_notice_en",
      "organisations.name",
      "organisations.privacy_notice",
      "organisations.privacy_notice_en",
    ])
    .where("surveys.id", "=", link.survey_id)
    .executeTakeFirstOrThrow();
  const { audience, formOfAddress } = respondentAddressOf(link);
  const response = await db
    .selectFrom("responses")
    .select(["answers", "current_page"])
    .where("invitation_id", "=", link.invitation_id)
    .executeTakeFirst();
  return {
    organisationName: survey.name,
    audience,
    formOfAddress,
    privacyNotice: surveyPrivacyNotice(
      survey,
      { privacy_notice: survey.survey_notice, privacy_notice_en: survey.survey_notice_en },
      audience,
      formOfAddress,
    ),
    privacyModeSentence: privacyModeSentence(link.privacy_mode, audience, formOfAddress),
    definition: survey.definition ?? {},
    answers: response?.answers ?? {},
    page: response?.current_page ?? 0,
  };
}
