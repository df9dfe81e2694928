import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";

/**
 * What one recipient of an identified survey answered: the current state (with its exclusion, if
 * a planner set it aside) and every submission, so the planner can see what changed. Refuses
 * pseudonymous and anonymous surveys (403 `answers_only_aggregated`: answers only in aggregate);
 * 404 `invitation_not_found` for an invitation the survey does not have.
 *
 * ```ts
 * const view = await invitationResponse(db, survey, invitationId);
 * ```
 */
export async function invitationResponse(db: Kysely<Database>, survey: OrganisationSurvey, invitationId: string) {
  if (survey.privacy_mode !== "identified") {
    throw new ApiError(403, "answers_only_aggregated", {
      de:
        survey.privacy_mode === "anonymous"
          ? "Diese Umfrage ist anonym: Antworten sind mit keiner Einladung verbunden und nur in den Ergebnissen zusammengefasst zu sehen."
          : "Diese Umfrage ist pseudonym: Sie sehen, wer teilgenommen hat, die Antworten aber nur zusammengefasst in den Ergebnissen.",
      en:
        survey.privacy_mode === "anonymous"
          ? "This survey is anonymous: answers are linked to no invitation and only shown in aggregate in the results."
          : "This survey is pseudonymous: you see who took part, but the answers only in aggregate in the results.",
    });
  }
  const organisationId = survey.organisation_id;
  const invitation = await db
    .selectFrom("invitations")
    .select(["id", "email", "response_deleted_at"])
    .where("id", "=", invitationId)
    .where("survey_id", "=", survey.id)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!invitation) throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
  const response = await db
    .selectFrom("responses")
    .leftJoin("users", "users.id", "responses.excluded_by")
    .select([
      "responses.id",
      "responses.status",
      "responses.revision",
      "responses.updated_at",
      "responses.last_device",
      "responses.answers",
      "responses.excluded_at",
      "responses.exclusion_reason",
      "users.name as excluded_by_name",
    ])
    .where("responses.invitation_id", "=", invitation.id)
    .where("responses.organisation_id", "=", organisationId)
    .executeTakeFirst();
  const submissions = response
    ? await db
        .selectFrom("response_submissions")
        .select(["revision", "submitted_at", "answers"])
        .where("response_id", "=", response.id)
        .where("organisation_id", "=", organisationId)
        .orderBy("id")
        .execute()
    : [];
  return {
    definition: survey.definition ?? {},
    email: invitation.email,
    current: response
      ? {
          status: response.status,
          revision: response.revision,
          updatedAt: response.updated_at.toISOString(),
          lastDevice: response.last_device,
          answers: response.answers,
          exclusion: response.excluded_at
            ? { excludedAt: response.excluded_at.toISOString(), reason: response.exclusion_reason, by: response.excluded_by_name ?? null }
            : null,
        }
      : null,
    responseDeletedAt: invitation.response_deleted_at?.toISOString() ?? null,
    submissions: submissions.map((row) => ({ revision: row.revision, submittedAt: row.submitted_at.toISOString(), answers: row.answers })),
  };
}
