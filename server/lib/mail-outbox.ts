import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

export interface OutgoingMail {
  organisationId: string;
  invitationId?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Queues mails in the durable outbox, ideally in the same transaction as the rows they
 * announce; the mail worker delivers them, so a crash between "saved" and "sent" loses nothing.
 */
export async function enqueueMails(db: Kysely<Database> | Transaction<Database>, mails: OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  for (let start = 0; start < mails.length; start += 1000) {
    await db
      .insertInto("mail_outbox")
      .values(
        mails.slice(start, start + 1000).map((mail) => ({
          organisation_id: mail.organisationId,
          invitation_id: mail.invitationId ?? null,
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
        })),
      )
      .execute();
  }
}

/** Escapes text for HTML mail bodies. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
