/**
 * The example's invitation rounds and reminders, written through the recipients' services
 * (invitations with their personal links, the mailing, the rendered mails in the outbox) and
 * completed the way the mail worker completes a delivery: sent mails with their bodies replaced
 * (they held a personal link), a few refused by the receiving server (SMTP 550) so the planner
 * sees failed invitations with the reason. Everything happens in one transaction, so the real
 * mail worker never sees these mails queued: nothing is sent, not even to the dev mailbox (the
 * addresses are invented, under a domain reserved for examples).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, ReminderAudience } from "../db/schema.ts";
import { REDACTED_BODY } from "../mailing/mail-worker.ts";
import { insertInvitations } from "../recipients/invitation-links.ts";
import { sendReminders } from "../recipients/send-reminders.ts";
import { queueMailing, type MailingContext } from "../recipients/survey-mailing.ts";

export interface InvitationTarget {
  email: string;
  name: string;
  directoryEntryId: string;
}

export interface MailingRequest {
  organisationId: string;
  surveyId: string;
  sender: MailingContext["sender"];
  /** Where personal links point (the app's public address). */
  baseUrl: string;
  /** When the mailing went out. */
  at: Date;
}

/** Reasons receiving servers give for refusing a mail for good (no address in them: the log shows them to planners). */
export const REFUSALS = [
  "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table",
  "550 5.1.1 The email account that you tried to reach does not exist",
  "552 5.2.2 Mailbox full: quota exceeded",
] as const;

const seconds = (at: Date, offset: number) => new Date(at.getTime() + offset * 1000);

/** Marks a mailing's mails as delivered (or refused), as the mail worker would have, and dates them. */
async function completeMailing(trx: Transaction<Database>, mailingId: string, at: Date, refused: ReadonlyMap<string, string>) {
  await trx.updateTable("mailings").set({ created_at: at, scheduled_at: at }).where("id", "=", mailingId).execute();
  const rows = await trx.selectFrom("mail_outbox").select(["id", "invitation_id", "kind"]).where("mailing_id", "=", mailingId).orderBy("id").execute();
  const failed = rows.filter((row) => row.invitation_id && refused.has(row.invitation_id));
  const sent = rows.filter((row) => !(row.invitation_id && refused.has(row.invitation_id)));
  if (sent.length > 0) {
    await trx
      .updateTable("mail_outbox")
      .set({
        status: "sent",
        attempts: 1,
        created_at: at,
        next_attempt_at: at,
        sent_at: sql<Date>`${at}::timestamptz + make_interval(secs => ((id - ${String(sent[0]!.id)}::bigint) * 0.2)::float8)`,
        text_body: REDACTED_BODY,
        html_body: REDACTED_BODY,
      })
      .where("mailing_id", "=", mailingId)
      .where("id", "in", sent.map((row) => row.id))
      .execute();
  }
  for (const row of failed) {
    const reason = refused.get(row.invitation_id!)!;
    await trx
      .updateTable("mail_outbox")
      .set({ status: "failed", attempts: 1, created_at: at, next_attempt_at: seconds(at, 10), last_error: reason, text_body: REDACTED_BODY, html_body: REDACTED_BODY })
      .where("id", "=", row.id)
      .execute();
  }
  return { sent, failed };
}

/**
 * Invites the targets (one mailing) and records the outcome: `refused` addresses failed with the
 * given reason, every other one delivered. Returns the invitation ids by address.
 */
export async function inviteAndDeliver(
  db: Kysely<Database>,
  request: MailingRequest & { targets: readonly InvitationTarget[]; refused: ReadonlyMap<string, string> },
): Promise<Map<string, string>> {
  return db.transaction().execute(async (trx) => {
    const created = await insertInvitations(
      trx,
      request.targets.map((target) => ({
        organisationId: request.organisationId,
        surveyId: request.surveyId,
        email: target.email,
        name: target.name,
        directoryEntryId: target.directoryEntryId,
      })),
    );
    const nameOf = new Map(request.targets.map((target) => [target.email, target.name]));
    const { mailingId } = await queueMailing(
      trx,
      { organisationId: request.organisationId, surveyId: request.surveyId, kind: "invitation", baseUrl: request.baseUrl, sender: request.sender, scheduledAt: request.at },
      created.map((invitation) => ({
        invitationId: invitation.id,
        email: invitation.email,
        name: nameOf.get(invitation.email) ?? "",
        salutation: null,
        language: "de" as const,
        token: invitation.token,
      })),
    );
    const idByEmail = new Map(created.map((invitation) => [invitation.email, invitation.id]));
    const refusedById = new Map([...request.refused].map(([email, reason]) => [idByEmail.get(email)!, reason]));
    const { sent, failed } = await completeMailing(trx, mailingId, request.at, refusedById);
    await trx.updateTable("invitations").set({ created_at: request.at }).where("survey_id", "=", request.surveyId).where("id", "in", created.map((invitation) => invitation.id)).execute();
    if (sent.length > 0) {
      await trx
        .updateTable("invitations")
        .set({ mail_status: "sent", sent_at: seconds(request.at, 30), failure_reason: null })
        .where("id", "in", sent.map((row) => row.invitation_id!))
        .execute();
    }
    for (const row of failed) {
      await trx.updateTable("invitations").set({ mail_status: "failed", failure_reason: refusedById.get(row.invitation_id!)! }).where("id", "=", row.invitation_id!).execute();
    }
    return idByEmail;
  });
}

/**
 * A reminder to the audience, as the planner's "remind now" sends it (fresh links, the reminder
 * wording, the survey's cap), delivered at `at`. Returns how many were reminded.
 */
export async function remindAndDeliver(db: Kysely<Database>, request: MailingRequest & { audience: ReminderAudience[] }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { mailingId, queued } = await sendReminders(
      trx,
      { organisationId: request.organisationId, surveyId: request.surveyId, baseUrl: request.baseUrl, sender: request.sender },
      request.audience,
    );
    if (!mailingId) return 0;
    const { sent } = await completeMailing(trx, mailingId, request.at, new Map());
    if (sent.length > 0) {
      await trx
        .updateTable("invitations")
        .set({ reminder_count: sql<number>`reminder_count + 1`, last_reminded_at: seconds(request.at, 30) })
        .where("id", "in", sent.map((row) => row.invitation_id!))
        .execute();
    }
    return queued;
  });
}
