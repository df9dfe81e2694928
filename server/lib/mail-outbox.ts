import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

/** What a queued mail is for; decides what the worker records on the invitation once it is delivered. */
export type OutgoingMailKind = "invitation" | "reminder" | "resend" | "handover" | "team" | "account" | "other";

export interface OutgoingMail {
  organisationId: string;
  invitationId?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The mailing (invitation round, reminder) this mail belongs to. */
  mailingId?: string;
  /** Defaults to "other" (an invitation_id then still gets its mail status, as before kinds existed). */
  kind?: OutgoingMailKind;
  /** Sender display name, e.g. the organisation's; the address is always MAIL_FROM's. */
  fromName?: string;
  /** Where answers go, e.g. the planner's or the organisation's address. */
  replyTo?: string;
  /** Scheduled sending: the worker does not send the mail before this moment. */
  notBefore?: Date;
}

/** Rows per INSERT: well below PostgreSQL's 65,535 parameters with 10 columns a row. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Queues mails in the durable outbox, ideally in the same transaction as the rows they
 * announce; the mail worker delivers them, so a crash between "saved" and "sent" loses nothing.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const created = await insertInvitations(trx, recipients);
 *   await enqueueMails(trx, created.map((invitation) => ({ organisationId, invitationId: invitation.id, kind: "invitation", to: invitation.email, ...texts })));
 * });
 */
export async function enqueueMails(db: Kysely<Database> | Transaction<Database>, mails: OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  for (let start = 0; start < mails.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto("mail_outbox")
      .values(
        mails.slice(start, start + ROWS_PER_STATEMENT).map((mail) => ({
          organisation_id: mail.organisationId,
          invitation_id: mail.invitationId ?? null,
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          mailing_id: mail.mailingId ?? null,
          kind: mail.kind ?? "other",
          from_name: mail.fromName ?? "",
          reply_to: mail.replyTo ?? "",
          ...(mail.notBefore ? { next_attempt_at: mail.notBefore } : {}),
        })),
      )
      .execute();
  }
}

/** Escapes text for HTML mail bodies. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
