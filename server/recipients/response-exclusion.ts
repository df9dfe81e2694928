import { sql, type Kysely } from "kysely";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";

/**
 * Setting one response aside (exclusion, reversible) or deleting it, per privacy mode:
 * - identified: both. The planner sees the answers anyway, so nothing is revealed.
 * - pseudonymous: exclusion is refused. Taking one named institution out of the protected
 *   aggregates and putting it back lets a planner read its answers as the difference, at will and
 *   as often as they like. Deletion is allowed only as erasure at the respondent's request
 *   (`onRequest`): once, irreversible and audited. Answers the results already count are not
 *   taken out at once (comparing before and after would show them): the response is cut loose from
 *   its invitation, its unreleased changes and kept submissions go, and the unlinked answers
 *   leave the results with the next batch of k changes (release-pseudonymous-answers.ts).
 * - anonymous: both refused. Released answers are linked to no invitation, so no single one can
 *   be chosen.
 * The audit entries name the invitation by its id and the survey's title (as the other invitation
 * actions do): no address, answer or reason.
 */

type Session = { organisationId: string; userId: string; name: string };

const invitationNotFound = () => new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });

function refuseAnonymous(mode: PrivacyMode) {
  if (mode === "anonymous") {
    throw new ApiError(409, "response_not_linked", {
      de: "Diese Umfrage ist anonym: Antworten sind mit keiner Einladung verbunden, eine einzelne kann deshalb weder ausgeschlossen noch gelöscht werden.",
      en: "This survey is anonymous: answers are linked to no invitation, so a single one can be neither excluded nor deleted.",
    });
  }
}

/** The invitation and its response (if any), for a planner of the survey's organisation. */
async function invitationWithResponse(db: Kysely<Database>, survey: OrganisationSurvey, invitationId: string) {
  const invitation = await db
    .selectFrom("invitations")
    .select(["id"])
    .where("id", "=", invitationId)
    .where("survey_id", "=", survey.id)
    .where("organisation_id", "=", survey.organisation_id)
    .executeTakeFirst();
  if (!invitation) throw invitationNotFound();
  const response = await db
    .selectFrom("responses")
    .select(["id", "status", "excluded_at", sql<boolean>`released_answers is not null`.as("released")])
    .where("invitation_id", "=", invitation.id)
    .where("organisation_id", "=", survey.organisation_id)
    .executeTakeFirst();
  return { invitation, response };
}

const noResponse = () =>
  new ApiError(404, "response_not_found", { de: "Über diese Einladung wurde nicht geantwortet.", en: "No response was given through this invitation." });

/** Sets the invitation's submitted response aside with a reason (again: the reason is replaced). */
export async function excludeResponse(db: Kysely<Database>, session: Session, survey: OrganisationSurvey, invitationId: string, reason: string) {
  refuseAnonymous(survey.privacy_mode);
  if (survey.privacy_mode === "pseudonymous") {
    throw new ApiError(409, "exclusion_would_reveal_answers", {
      de: "Diese Umfrage ist pseudonym: Nähme man eine Antwort aus den Ergebnissen, zeigte der Unterschied, was diese Einrichtung geantwortet hat. Einzelne Antworten können deshalb nicht ausgeschlossen werden; auf Wunsch der Einrichtung können Sie ihre Antwort löschen.",
      en: "This survey is pseudonymous: taking one response out of the results would show, as the difference, what this institution answered. Single responses therefore cannot be excluded; at the institution's request you can delete its response.",
    });
  }
  const { invitation, response } = await invitationWithResponse(db, survey, invitationId);
  if (!response) throw noResponse();
  if (response.status !== "submitted") {
    throw new ApiError(409, "response_not_submitted", {
      de: "Diese Antwort ist noch nicht abgeschickt und zählt ohnehin in keinem Ergebnis.",
      en: "This response has not been submitted and counts in no result anyway.",
    });
  }
  const excludedAt = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("responses")
      .set({ excluded_at: excludedAt, excluded_by: session.userId, exclusion_reason: reason })
      .where("id", "=", response.id)
      .where("organisation_id", "=", survey.organisation_id)
      .execute();
    await recordAudit(trx, {
      ...auditActor(session),
      action: "response.excluded",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: survey.title,
      details: { surveyId: survey.id, responses: 1 },
    });
  });
  return { excludedAt: excludedAt.toISOString(), reason };
}

/** Counts the invitation's response in the results again. */
export async function includeResponse(db: Kysely<Database>, session: Session, survey: OrganisationSurvey, invitationId: string) {
  refuseAnonymous(survey.privacy_mode);
  const { invitation, response } = await invitationWithResponse(db, survey, invitationId);
  if (!response) throw noResponse();
  if (response.excluded_at === null) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("responses")
      .set({ excluded_at: null, excluded_by: null, exclusion_reason: "" })
      .where("id", "=", response.id)
      .where("organisation_id", "=", survey.organisation_id)
      .execute();
    await recordAudit(trx, {
      ...auditActor(session),
      action: "response.included",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: survey.title,
      details: { surveyId: survey.id, responses: 1 },
    });
  });
}

/**
 * Deletes the invitation's response with every kept submission. The invitation stays and records
 * the deletion; its link then opens the survey afresh while it is open (revoke the invitation to
 * stop that), and no reminder goes to it.
 */
export async function deleteResponse(db: Kysely<Database>, session: Session, survey: OrganisationSurvey, invitationId: string, onRequest: boolean) {
  refuseAnonymous(survey.privacy_mode);
  if (survey.privacy_mode === "pseudonymous" && !onRequest) {
    throw new ApiError(409, "deletion_only_on_request", {
      de: "Diese Umfrage ist pseudonym: Eine einzelne Antwort wird nur auf Wunsch der Einrichtung gelöscht (Löschung nach Art. 17 DSGVO). Bestätigen Sie, dass dieser Wunsch vorliegt.",
      en: "This survey is pseudonymous: a single response is deleted only at the institution's request (erasure under Art. 17 GDPR). Confirm that such a request was made.",
    });
  }
  const { invitation, response } = await invitationWithResponse(db, survey, invitationId);
  if (!response) throw noResponse();
  const deletedAt = new Date();
  const submissions = await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("response_submissions")
      .where("response_id", "=", response.id)
      .where("organisation_id", "=", survey.organisation_id)
      .executeTakeFirst();
    if (survey.privacy_mode === "pseudonymous" && response.released) {
      // Nothing links it to the institution any more; the next batch takes it out of the results.
      await trx
        .updateTable("responses")
        .set({ invitation_id: null, answers: sql`released_answers`, last_device: "", submitted_at: null, updated_at: sql`now()`, exclusion_reason: "" })
        .where("id", "=", response.id)
        .where("organisation_id", "=", survey.organisation_id)
        .execute();
    } else {
      await trx.deleteFrom("responses").where("id", "=", response.id).where("organisation_id", "=", survey.organisation_id).execute();
    }
    await trx
      .updateTable("invitations")
      .set({ response_deleted_at: deletedAt })
      .where("id", "=", invitation.id)
      .where("organisation_id", "=", survey.organisation_id)
      .execute();
    const submissions = Number(removed.numDeletedRows);
    await recordAudit(trx, {
      ...auditActor(session),
      action: "response.deleted",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: survey.title,
      details: { surveyId: survey.id, privacyMode: survey.privacy_mode, onRequest, responses: 1, submissions },
    });
    return submissions;
  });
  return { deletedAt: deletedAt.toISOString(), submissions };
}
