import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { hashToken } from "../lib/tokens.ts";

/** Everything a personal link leads to, found by the token's hash. */
export async function findByToken(db: Kysely<Database>, token: string) {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("surveys", "surveys.id", "invitations.survey_id")
    .innerJoin("organisations", "organisations.id", "invitations.organisation_id")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .select([
      "invitations.id as invitation_id",
      "invitations.organisation_id",
      "invitations.survey_id",
      "invitations.opened_at",
      "invitations.revoked_at",
      "surveys.title",
      "surveys.status as survey_status",
      "surveys.closing_date",
      "surveys.definition",
      "organisations.name as organisation_name",
      "responses.answers",
      "responses.current_page",
      "responses.revision",
      "responses.status as response_status",
      "responses.updated_at",
      "responses.submitted_at",
    ])
    .where("invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) {
    throw new ApiError(404, "link_unknown", {
      de: "Diesen Link kennen wir nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde, oder fragen Sie bei der einladenden Stelle nach.",
      en: "We do not know this link. Please check that it was copied completely, or ask whoever invited you.",
    });
  }
  if (row.revoked_at) {
    throw new ApiError(
      410,
      "link_revoked",
      {
        de: `Dieser Link wurde zurückgezogen. Bitte wenden Sie sich an ${row.organisation_name}.`,
        en: `This link has been withdrawn. Please contact ${row.organisation_name}.`,
      },
      { organisationName: row.organisation_name },
    );
  }
  return row;
}

export type LinkRow = Awaited<ReturnType<typeof findByToken>>;

/** Closed by the planner, or past its closing date (the closing day itself still counts). */
export function isSurveyClosed(row: LinkRow, today = new Date()): boolean {
  if (row.survey_status === "closed") return true;
  if (!row.closing_date) return false;
  return row.closing_date < today.toISOString().slice(0, 10);
}

export function surveyClosedError(row: LinkRow) {
  return new ApiError(
    410,
    "survey_closed",
    {
      de: `Diese Umfrage ist beendet. Bei Fragen wenden Sie sich bitte an ${row.organisation_name}.`,
      en: `This survey has ended. If you have questions, please contact ${row.organisation_name}.`,
    },
    { organisationName: row.organisation_name },
  );
}
