import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";

/**
 * Stops the mails of a survey's mailing that have not gone out yet (404 `mailing_not_found` for a
 * mailing of another survey). An invitation whose only mail was stopped is withdrawn entirely:
 * nobody holds its link. Returns how many mails were stopped.
 *
 * ```ts
 * const cancelled = await cancelMailing(db, session.organisationId, survey.id, mailingId);
 * ```
 */
export async function cancelMailing(db: Kysely<Database>, organisationId: string, surveyId: string, mailingId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const mailing = await trx
      .selectFrom("mailings")
      .select(["id", "kind"])
      .where("id", "=", mailingId)
      .where("survey_id", "=", surveyId)
      .where("organisation_id", "=", organisationId)
      .executeTakeFirst();
    if (!mailing) throw new ApiError(404, "mailing_not_found", { de: "Diesen Versand gibt es nicht.", en: "No such mailing." });
    const removed = await trx
      .deleteFrom("mail_outbox")
      .where("mailing_id", "=", mailing.id)
      .where("status", "=", "queued")
      .returning("invitation_id")
      .execute();
    const invitationIds = removed.flatMap((row) => (row.invitation_id ? [row.invitation_id] : []));
    if (mailing.kind === "invitation" && invitationIds.length > 0) {
      // Their only mail never went out, so nobody holds their link: withdraw them entirely.
      await trx
        .deleteFrom("invitations")
        .where("id", "in", invitationIds)
        .where("mail_status", "=", "queued")
        .where("anonymous_submitted", "=", false)
        .where((eb) => eb.not(eb.exists(eb.selectFrom("responses").select("responses.id").whereRef("responses.invitation_id", "=", "invitations.id"))))
        .execute();
    }
    await trx.updateTable("mailings").set({ cancelled_at: new Date() }).where("id", "=", mailing.id).execute();
    return removed.length;
  });
}
