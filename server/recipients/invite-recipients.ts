import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { filteredEntries, type DirectoryFilter } from "../directory/directory-filter.ts";
import { ApiError } from "../lib/api-error.ts";
import { insertInvitations } from "./invitation-links.ts";
import { checkEmailAddress } from "../lib/email-address.ts";
import { describeEmailProblem } from "../lib/email-problem-texts.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { queueMailing, type MailingContext } from "./survey-mailing.ts";

export interface InviteRequest {
  /** Addresses typed or pasted, as checked by the entry mask, with the name and salutation read from the paste. */
  recipients: PastedRecipientInput[];
  /** Directory entries picked by hand. */
  directoryEntryIds: string[];
  /** Directory entries chosen by attributes (all networks of a type, all members of a network …). */
  filter?: DirectoryFilter;
  /** Pasted addresses not yet in the directory become institutions there. */
  addToDirectory: boolean;
}

export interface PastedRecipientInput {
  email: string;
  /** As written ("Müller, Anna"); empty: the directory's contact person, if the directory knows the address. */
  name: string;
  salutation?: Salutation | null;
  /** German unless given. */
  language?: Language;
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
  salutation: Salutation | null;
  language: Language;
  directoryEntryId: string | null;
}

/** The directory entries a request targets: the filter's matches plus the ones picked by hand. */
async function directoryTargets(db: Kysely<Database>, organisationId: string, request: InviteRequest) {
  const queries = [];
  if (request.filter) queries.push(filteredEntries(db, organisationId, request.filter));
  if (request.directoryEntryIds.length > 0) queries.push(filteredEntries(db, organisationId, { ids: request.directoryEntryIds }));
  const entries = new Map<
    string,
    { id: string; name: string; contact_person: string; contact_salutation: Salutation | null; language: Language; emails: string[] }
  >();
  for (const query of queries) {
    const rows = await query
      .select([
        "directory_entries.id",
        "directory_entries.name",
        "directory_entries.contact_person",
        "directory_entries.contact_salutation",
        "directory_entries.language",
        "directory_entries.emails",
      ])
      .orderBy("directory_entries.name")
      .execute();
    for (const row of rows) entries.set(row.id, row);
  }
  return [...entries.values()];
}

/**
 * Pasted addresses, each linked to its directory entry when the directory knows the address
 * (a pasted address without a name then takes the entry's contact person and salutation); with
 * `addToDirectory`, the unknown ones become new institutions (named after the name as written,
 * or the address) with the contact person, salutation and language from the paste.
 */
async function pastedTargets(db: Kysely<Database>, organisationId: string, request: InviteRequest): Promise<Target[]> {
  const checked = request.recipients.map((recipient) => ({ recipient, check: checkEmailAddress(recipient.email) }));
  const invalid = checked.filter((entry) => entry.check.problem);
  if (invalid.length > 0) {
    const reasons = invalid.map((entry) => ({ email: entry.recipient.email, text: describeEmailProblem(entry.check.problem!) }));
    throw new ApiError(
      400,
      "invalid_recipients",
      {
        de: `Ungültige Adressen: ${reasons.map((reason) => `${reason.email} (${reason.text.de})`).join(", ")}`,
        en: `Invalid addresses: ${reasons.map((reason) => `${reason.email} (${reason.text.en})`).join(", ")}`,
      },
      invalid.map((entry) => ({ email: entry.recipient.email, problem: entry.check.problem!.code, detail: entry.check.problem!.detail })),
    );
  }
  const unique = new Map<string, PastedRecipientInput & { email: string }>();
  for (const { recipient, check } of checked) if (!unique.has(check.email)) unique.set(check.email, { ...recipient, email: check.email });
  if (unique.size === 0) return [];
  const known = await db
    .selectFrom("directory_entries")
    .select(["id", "emails", "contact_person", "contact_salutation"])
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`emails ?| ${sql.val([...unique.keys()])}::text[]`)
    .execute();
  const entryByEmail = new Map<string, (typeof known)[number]>();
  for (const row of known) for (const email of row.emails) if (!entryByEmail.has(email)) entryByEmail.set(email, row);
  const targets: Target[] = [...unique.values()].map((recipient) => {
    const entry = entryByEmail.get(recipient.email);
    const named = recipient.name.trim() !== "";
    return {
      email: recipient.email,
      name: named ? recipient.name.trim() : (entry?.contact_person ?? ""),
      salutation: named ? (recipient.salutation ?? null) : (entry?.contact_salutation ?? null),
      language: recipient.language ?? "de",
      directoryEntryId: entry?.id ?? null,
    };
  });
  const unknown = targets.filter((target) => target.directoryEntryId === null);
  if (request.addToDirectory && unknown.length > 0) {
    const idByEmail = new Map<string, string>();
    for (let start = 0; start < unknown.length; start += 1000) {
      const slice = unknown.slice(start, start + 1000);
      const rows = await db
        .insertInto("directory_entries")
        .values(
          slice.map((target) => ({
            organisation_id: organisationId,
            kind: "institution" as const,
            name: target.name || target.email,
            contact_person: target.name,
            contact_salutation: target.salutation,
            language: target.language,
            emails: JSON.stringify([target.email]),
          })),
        )
        .returning(["id", "emails"])
        .execute();
      for (const row of rows) idByEmail.set(row.emails[0]!, row.id);
    }
    for (const target of unknown) target.directoryEntryId = idByEmail.get(target.email) ?? null;
  }
  return targets;
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
      if (email && !targets.has(email)) {
        targets.set(email, { email, name: entry.contact_person, salutation: entry.contact_salutation, language: entry.language, directoryEntryId: entry.id });
      }
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
        salutation: target.salutation,
        language: target.language,
        directoryEntryId: target.directoryEntryId,
      })),
    );
    const targetByEmail = new Map(fresh.map((target) => [target.email, target]));
    const mailing =
      created.length === 0
        ? null
        : await queueMailing(
            trx,
            { ...context, kind: "invitation" },
            created.map((invitation) => {
              const target = targetByEmail.get(invitation.email)!;
              return {
                invitationId: invitation.id,
                email: invitation.email,
                name: target.name,
                salutation: target.salutation,
                language: target.language,
                token: invitation.token,
              };
            }),
          );
    return { created: created.length, alreadyInvited: [...existing].sort(), withoutEmail, mailingId: mailing?.mailingId ?? null };
  });
}
