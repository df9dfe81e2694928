import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { filteredEntries, type DirectoryFilter } from "../directory/directory-filter.ts";
import { ApiError } from "../lib/api-error.ts";
import { insertInvitations } from "./invitation-links.ts";
import { parseEntry } from "../lib/email-addresses.ts";
import { queueMailing, type MailingContext } from "./survey-mailing.ts";

export interface InviteRequest {
  /** Addresses typed or pasted, as checked by the entry mask. */
  recipients: { email: string; name: string }[];
  /** Directory entries picked by hand. */
  directoryEntryIds: string[];
  /** Directory entries chosen by attributes (all networks of a type, all members of a network …). */
  filter?: DirectoryFilter;
  /** Pasted addresses not yet in the directory become institutions there. */
  addToDirectory: boolean;
}

export interface InviteResult {
  created: number;
  alreadyInvited: string[];
  /** Directory entries that were chosen but have no e-mail address. */
  withoutEmail: { id: string; name: string }[];
  mailingId: string | null;
}

interface Target {
  email: string;
  name: string;
  directoryEntryId: string | null;
}

/** The directory entries a request targets: the filter's matches plus the ones picked by hand. */
async function directoryTargets(db: Kysely<Database>, organisationId: string, request: InviteRequest) {
  const queries = [];
  if (request.filter) queries.push(filteredEntries(db, organisationId, request.filter));
  if (request.directoryEntryIds.length > 0) queries.push(filteredEntries(db, organisationId, { ids: request.directoryEntryIds }));
  const entries = new Map<string, { id: string; name: string; contact_person: string; emails: string[] }>();
  for (const query of queries) {
    const rows = await query
      .select(["directory_entries.id", "directory_entries.name", "directory_entries.contact_person", "directory_entries.emails"])
      .orderBy("directory_entries.name")
      .execute();
    for (const row of rows) entries.set(row.id, row);
  }
  return [...entries.values()];
}

/**
 * Pasted addresses, each linked to its directory entry when the directory knows the address; with
 * `addToDirectory`, the unknown ones become new institutions (named after the display name, or
 * the address) so they can be targeted next time.
 */
async function pastedTargets(db: Kysely<Database>, organisationId: string, request: InviteRequest): Promise<Target[]> {
  const parsed = request.recipients.map((recipient) => ({ ...parseEntry(recipient.email), name: recipient.name.trim() }));
  const invalid = parsed.filter((entry) => entry.problem);
  if (invalid.length > 0) {
    throw new ApiError(
      400,
      "invalid_recipients",
      {
        de: `Ungültige Adressen: ${invalid.map((entry) => entry.raw).join(", ")}`,
        en: `Invalid addresses: ${invalid.map((entry) => entry.raw).join(", ")}`,
      },
      invalid.map((entry) => ({ email: entry.raw, problem: entry.problem })),
    );
  }
  const unique = [...new Map(parsed.map((entry) => [entry.email, entry])).values()];
  if (unique.length === 0) return [];
  const known = await db
    .selectFrom("directory_entries")
    .select(["id", "emails"])
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`emails ?| ${sql.val(unique.map((entry) => entry.email))}::text[]`)
    .execute();
  const entryByEmail = new Map<string, string>();
  for (const row of known) for (const email of row.emails) if (!entryByEmail.has(email)) entryByEmail.set(email, row.id);
  const unknown = unique.filter((entry) => !entryByEmail.has(entry.email));
  if (request.addToDirectory && unknown.length > 0) {
    for (let start = 0; start < unknown.length; start += 1000) {
      const slice = unknown.slice(start, start + 1000);
      const rows = await db
        .insertInto("directory_entries")
        .values(
          slice.map((entry) => ({
            organisation_id: organisationId,
            kind: "institution" as const,
            name: entry.name || entry.email,
            contact_person: entry.name,
            emails: JSON.stringify([entry.email]),
          })),
        )
        .returning(["id", "emails"])
        .execute();
      for (const row of rows) entryByEmail.set(row.emails[0]!, row.id);
    }
  }
  return unique.map((entry) => ({ email: entry.email, name: entry.name, directoryEntryId: entryByEmail.get(entry.email) ?? null }));
}

/**
 * Invites pasted addresses and directory entries in one step: creates the invitations with their
 * personal links and queues the mails as one mailing, all in one transaction. Addresses the
 * survey already has are reported, not invited twice.
 */
export async function inviteRecipients(
  db: Kysely<Database>,
  context: Omit<MailingContext, "kind" | "audience">,
  request: InviteRequest,
): Promise<InviteResult> {
  return db.transaction().execute(async (trx) => {
    const pasted = await pastedTargets(trx, context.organisationId, request);
    const entries = await directoryTargets(trx, context.organisationId, request);
    const withoutEmail = entries.filter((entry) => entry.emails.length === 0).map(({ id, name }) => ({ id, name }));
    const targets = new Map<string, Target>();
    for (const target of pasted) targets.set(target.email, target);
    for (const entry of entries) {
      const email = entry.emails[0];
      if (email && !targets.has(email)) targets.set(email, { email, name: entry.contact_person, directoryEntryId: entry.id });
    }
    if (targets.size === 0) return { created: 0, alreadyInvited: [], withoutEmail, mailingId: null };

    const emails = [...targets.keys()];
    const existing = new Set<string>();
    for (let start = 0; start < emails.length; start += 5000) {
      const rows = await trx
        .selectFrom("invitations")
        .select("email")
        .where("survey_id", "=", context.surveyId)
        .where(sql<boolean>`email = any(${sql.val(emails.slice(start, start + 5000))}::text[])`)
        .execute();
      for (const row of rows) existing.add(row.email);
    }
    const fresh = [...targets.values()].filter((target) => !existing.has(target.email));
    const created = await insertInvitations(
      trx,
      fresh.map((target) => ({
        organisationId: context.organisationId,
        surveyId: context.surveyId,
        email: target.email,
        name: target.name,
        directoryEntryId: target.directoryEntryId,
      })),
    );
    const nameByEmail = new Map(fresh.map((target) => [target.email, target.name]));
    const mailing =
      created.length === 0
        ? null
        : await queueMailing(
            trx,
            { ...context, kind: "invitation" },
            created.map((invitation) => ({
              invitationId: invitation.id,
              email: invitation.email,
              name: nameByEmail.get(invitation.email) ?? "",
              token: invitation.token,
            })),
          );
    return { created: created.length, alreadyInvited: [...existing].sort(), withoutEmail, mailingId: mailing?.mailingId ?? null };
  });
}
