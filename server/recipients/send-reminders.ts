import type { Kysely, Transaction } from "kysely";
import type { Database, ReminderAudience } from "../db/schema.ts";
import { mintLinks } from "./invitation-links.ts";
import { remindableInvitations } from "./reminder-audience.ts";
import { queueMailing, type MailingContext } from "./survey-mailing.ts";

/**
 * Queues a reminder to everyone in the audience who may still get one (see
 * remindableInvitations), each with a fresh link to the same response. Returns the mailing, or
 * null when nobody qualifies.
 */
export async function sendReminders(
  db: Kysely<Database> | Transaction<Database>,
  context: Omit<MailingContext, "kind" | "audience" | "scheduledAt">,
  audience: ReminderAudience[],
  invitationIds?: string[],
): Promise<{ mailingId: string | null; queued: number }> {
  const recipients = await remindableInvitations(db, context.organisationId, context.surveyId, audience, invitationIds).execute();
  if (recipients.length === 0) return { mailingId: null, queued: 0 };
  const tokens = await mintLinks(
    db,
    recipients.map((recipient) => ({ id: recipient.id, organisationId: recipient.organisation_id })),
    "reminder",
  );
  return queueMailing(
    db,
    { ...context, kind: "reminder", audience },
    recipients.map((recipient) => ({
      invitationId: recipient.id,
      email: recipient.email,
      name: recipient.name,
      salutation: recipient.salutation,
      language: recipient.language,
      token: tokens.get(recipient.id)!,
    })),
  );
}
