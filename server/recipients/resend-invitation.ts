import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { mintLinks } from "./invitation-links.ts";
import { ensureNotRevoked, ensureSurveyOpenForMail } from "./invitation-checks.ts";
import { oneInvitation, type ListedInvitation } from "./invitation-list.ts";
import { queueMailing, type MailingContext } from "./survey-mailing.ts";

/** Who mails about one invitation, and where its links point. */
export type InvitationMailContext = Pick<MailingContext, "organisationId" | "baseUrl" | "sender">;

/**
 * Mails the invitation again with a fresh link (earlier links keep working); a failed or never
 * sent invitation is queued again. Only while the survey is open and the invitation not revoked
 * (409). Returns the invitation as it stands afterwards.
 *
 * ```ts
 * const invitation = await resendInvitation(db, { organisationId, baseUrl, sender: senderOf(session) }, survey, invitationId);
 * ```
 */
export async function resendInvitation(
  db: Kysely<Database>,
  context: InvitationMailContext,
  survey: { id: string; status: string },
  invitationId: string,
): Promise<ListedInvitation> {
  const invitation = await oneInvitation(db, context.organisationId, survey.id, invitationId);
  ensureSurveyOpenForMail(survey);
  ensureNotRevoked(invitation);
  await db.transaction().execute(async (trx) => {
    const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId: context.organisationId }], "resend");
    if (invitation.status === "failed" || invitation.status === "queued") {
      await trx.updateTable("invitations").set({ mail_status: "queued", failure_reason: null }).where("id", "=", invitation.id).execute();
    }
    await queueMailing(trx, { ...context, surveyId: survey.id, kind: "resend" }, [
      {
        invitationId: invitation.id,
        email: invitation.email,
        name: invitation.name,
        salutation: invitation.salutation,
        language: invitation.language,
        token: tokens.get(invitation.id)!,
      },
    ]);
  });
  return oneInvitation(db, context.organisationId, survey.id, invitationId);
}
