import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { privacyNoticeOf } from "../lib/privacy-notice.ts";
import { hashToken } from "../lib/tokens.ts";

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
      "invitations.anonymous_submitted_at",
      "invitation_links.revoked_at as link_revoked_at",
      "invitation_links.id as link_id",
      "surveys.title",
      "surveys.status as survey_status",
      "surveys.closing_date",
      "surveys.allow_edit_after_submit",
      "surveys.privacy_mode",
      "responses.revision",
      "responses.last_device",
      "responses.status as response_status",
      "responses.updated_at",
      "responses.submitted_at",
    ])
    .where("invitation_links.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(404, "link_unknown", {
      de: "Diesen Link kennen wir nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde, oder fragen Sie bei der einladenden Stelle nach.",
      en: "We do not know this link. Please check that it was copied completely, or ask whoever invited you.",
    });
  }
  if (row.revoked_at || row.link_revoked_at) {
    const organisationName = await organisationNameOf(db, row.organisation_id);
    throw new ApiError(
      410,
      "link_revoked",
      {
        de: `Dieser Link wurde zurückgezogen. Bitte wenden Sie sich an ${organisationName}.`,
        en: `This link has been withdrawn. Please contact ${organisationName}.`,
      },
      { organisationName },
    );
  }
  return row;
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
  return new ApiError(
    410,
    "survey_closed",
    {
      de: `Diese Umfrage ist beendet. Bei Fragen wenden Sie sich bitte an ${organisationName}.`,
      en: `This survey has ended. If you have questions, please contact ${organisationName}.`,
    },
    { organisationName },
  );
}

/** The survey definition and the saved answers, for opening the respondent page. */
export async function loadSurveyAndAnswers(db: Kysely<Database>, link: LinkRow) {
  const survey = await db
    .selectFrom("surveys")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select(["surveys.definition", "organisations.name", "organisations.privacy_notice", "organisations.privacy_notice_en"])
    .where("surveys.id", "=", link.survey_id)
    .executeTakeFirstOrThrow();
  const response = await db
    .selectFrom("responses")
    .select(["answers", "current_page"])
    .where("invitation_id", "=", link.invitation_id)
    .executeTakeFirst();
  return {
    organisationName: survey.name,
    privacyNotice: privacyNoticeOf(survey),
    definition: survey.definition ?? {},
    answers: response?.answers ?? {},
    page: response?.current_page ?? 0,
  };
}
