import { ApiError } from "../lib/api-error.ts";
import type { InvitationStatus } from "./invitation-list.ts";

/** Mails about a survey go out only while it is open, as with invitations and reminders (409 `survey_not_open`). */
export function ensureSurveyOpenForMail(survey: { status: string }): void {
  if (survey.status !== "open") {
    throw new ApiError(409, "survey_not_open", {
      de: "Die Umfrage ist nicht geöffnet; es gehen keine Mails dazu hinaus.",
      en: "The survey is not open; no mails about it go out.",
    });
  }
}

/** A revoked invitation gets no mail until it is restored (409 `invitation_revoked`). */
export function ensureNotRevoked(invitation: { status: InvitationStatus }): void {
  if (invitation.status === "revoked") {
    throw new ApiError(409, "invitation_revoked", {
      de: "Der Link dieser Einladung ist zurückgezogen. Geben Sie ihn zuerst wieder frei.",
      en: "This invitation's link is revoked. Restore it first.",
    });
  }
}
