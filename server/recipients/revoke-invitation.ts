import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { mintLinks } from "./invitation-links.ts";
import { oneInvitation, type ListedInvitation } from "./invitation-list.ts";
import type { InvitationMailContext } from "./resend-invitation.ts";
import { queueMailing } from "./survey-mailing.ts";

/**
 * Revokes every link of the survey's invitation; its queued mails are not sent. Returns the
 * invitation as it stands afterwards.
 *
 * ```ts
 * const invitation = await revokeInvitation(db, session.organisationId, survey.id, invitationId);
 * ```
 */
export async function revokeInvitation(db: Kysely<Database>, organisationId: string, surveyId: string, invitationId: string): Promise<ListedInvitation> {
  const invitation = await oneInvitation(db, organisationId, surveyId, invitationId);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("invitations")
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where("id", "=", invitation.id)
      .execute();
    await trx.deleteFrom("mail_outbox").where("invitation_id", "=", invitation.id).where("status", "=", "queued").execute();
  });
  return oneInvitation(db, organisationId, surveyId, invitationId);
}

/**
 * Undoes a revocation: the invitation's links work again. One revoked before its first mail went
 * out (that mail was dropped) is mailed now, if the survey is open; `requeued` says so.
 */
export async function restoreInvitation(
  db: Kysely<Database>,
  context: InvitationMailContext,
  survey: { id: string; status: string },
  invitationId: string,
): Promise<{ invitation: ListedInvitation; requeued: boolean }> {
  const { organisationId } = context;
  const invitation = await oneInvitation(db, organisationId, survey.id, invitationId);
  const requeued = await db.transaction().execute(async (trx) => {
    const restored = await trx
      .updateTable("invitations")
      .set({ revoked_at: null })
      .where("id", "=", invitation.id)
      .returning(["mail_status"])
      .executeTakeFirstOrThrow();
    // Revoked before its first mail went out (that mail was dropped): the invitation goes out now.
    const pending = await trx
      .selectFrom("mail_outbox")
      .select("id")
      .where("invitation_id", "=", invitation.id)
      .where("status", "in", ["queued", "sending"])
      .executeTakeFirst();
    if (restored.mail_status !== "queued" || pending || survey.status !== "open") return false;
    const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId }], "resend");
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
    return true;
  });
  return { invitation: await oneInvitation(db, organisationId, survey.id, invitationId), requeued };
}
