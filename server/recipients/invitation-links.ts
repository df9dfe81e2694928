import type { Kysely, Transaction } from "kysely";
import type { Database, LinkPurpose, MailStatus } from "../db/schema.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewInvitation {
  organisationId: string;
  surveyId: string;
  email: string;
  name: string;
  /** Frau / Herr for the greeting; none: neutral. */
  salutation?: Salutation | null;
  /** The language of the mails and the link's page; German unless given. */
  language?: Language;
  directoryEntryId?: string | null;
  mailStatus?: MailStatus;
}

export interface CreatedInvitation {
  id: string;
  email: string;
  /** The personal link's secret; only its hash is stored, so this is the one chance to mail it. */
  token: string;
}

/**
 * Creates invitations with their first personal link, 1,000 rows per statement. Addresses the
 * survey already has are skipped (not returned), so concurrent requests never invite twice.
 */
export async function insertInvitations(db: Db, invitations: NewInvitation[]): Promise<CreatedInvitation[]> {
  const created: CreatedInvitation[] = [];
  for (let start = 0; start < invitations.length; start += 1000) {
    const slice = invitations.slice(start, start + 1000);
    const rows = await db
      .insertInto("invitations")
      .values(
        slice.map((invitation) => ({
          organisation_id: invitation.organisationId,
          survey_id: invitation.surveyId,
          email: invitation.email,
          name: invitation.name,
          salutation: invitation.salutation ?? null,
          language: invitation.language ?? "de",
          directory_entry_id: invitation.directoryEntryId ?? null,
          mail_status: invitation.mailStatus ?? "queued",
        })),
      )
      .onConflict((conflict) => conflict.columns(["survey_id", "email"]).doNothing())
      .returning(["id", "email", "organisation_id"])
      .execute();
    if (rows.length === 0) continue;
    const links = rows.map((row) => ({ ...row, token: newSecretToken() }));
    await db
      .insertInto("invitation_links")
      .values(
        links.map((link) => ({
          token_hash: hashToken(link.token),
          invitation_id: link.id,
          organisation_id: link.organisation_id,
          purpose: "invitation" as const,
        })),
      )
      .execute();
    created.push(...links.map(({ id, email, token }) => ({ id, email, token })));
  }
  return created;
}

/** Mints a further link to the same response (for a reminder, a resend, a hand-over or a colleague). */
export async function mintLinks(
  db: Db,
  invitations: { id: string; organisationId: string }[],
  purpose: LinkPurpose,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let start = 0; start < invitations.length; start += 1000) {
    const slice = invitations.slice(start, start + 1000).map((invitation) => ({ ...invitation, token: newSecretToken() }));
    if (slice.length === 0) continue;
    await db
      .insertInto("invitation_links")
      .values(
        slice.map((link) => ({
          token_hash: hashToken(link.token),
          invitation_id: link.id,
          organisation_id: link.organisationId,
          purpose,
        })),
      )
      .execute();
    for (const link of slice) tokens.set(link.id, link.token);
  }
  return tokens;
}
