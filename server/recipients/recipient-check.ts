import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { greetingLine } from "../lib/greeting.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { pastedEntryChecker, pasteEntries, type PastedRecipient, type PasteItem } from "../lib/recipient-paste.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { forEachInSlices } from "../lib/time-slices.ts";
import { mailVoiceOf } from "./survey-mailing.ts";

/** Most entries one paste may hold (as many as one invitation request takes). */
export const MAX_PASTED_ENTRIES = 20_000;

/**
 * Reads pasted addresses with names (Outlook, lists, spreadsheet rows) and checks each for the
 * survey: invalid (with the reason), duplicate in the paste, already invited, or valid; with the
 * directory entry that has the address and the greeting the mail would open with. 400
 * `too_many_recipients` beyond MAX_PASTED_ENTRIES. Read and checked in slices, so a paste of
 * the most entries allowed never stalls other requests.
 *
 * ```ts
 * const entries = await checkPastedRecipients(db, survey, "Müller, Anna <anna.mueller@kita.de>", "de");
 * ```
 */
export async function checkPastedRecipients(db: Kysely<Database>, survey: OrganisationSurvey, text: string, language: Language) {
  const organisationId = survey.organisation_id;
  const items: PasteItem[] = [];
  await forEachInSlices(pasteEntries(text), (item) => items.push(item) <= MAX_PASTED_ENTRIES);
  if (items.length > MAX_PASTED_ENTRIES) {
    throw new ApiError(
      400,
      "too_many_recipients",
      {
        de: `Die Liste hat mehr als ${MAX_PASTED_ENTRIES.toLocaleString("de-DE")} Einträge. Bitte teilen Sie sie auf.`,
        en: `The list has more than ${MAX_PASTED_ENTRIES.toLocaleString("en-GB")} entries. Please split it up.`,
      },
      [{ path: "text", message: "too many entries" }],
    );
  }
  const entries: PastedRecipient[] = [];
  const checkEntry = pastedEntryChecker();
  await forEachInSlices(items, (item) => {
    entries.push(checkEntry(item));
  });
  const candidates = [...new Set(entries.filter((entry) => !entry.problem).map((entry) => entry.email))];
  const invited = new Set<string>();
  const entryByEmail = new Map<string, { id: string; name: string; contact_person: string; contact_salutation: Salutation | null }>();
  if (candidates.length > 0) {
    const invitedRows = await db
      .selectFrom("invitations")
      .select("email")
      .where("survey_id", "=", survey.id)
      .where(sql<boolean>`email = any(${sql.val(candidates)}::text[])`)
      .execute();
    for (const row of invitedRows) invited.add(row.email);
    const knownRows = await db
      .selectFrom("directory_entries")
      .select(["id", "name", "emails", "contact_person", "contact_salutation"])
      .where("organisation_id", "=", organisationId)
      .where(sql<boolean>`emails ?| ${sql.val(candidates)}::text[]`)
      .execute();
    for (const row of knownRows) for (const email of row.emails) if (!entryByEmail.has(email)) entryByEmail.set(email, row);
  }
  return entries.map((entry) => {
    const known = entry.problem ? undefined : entryByEmail.get(entry.email);
    // As the invitation will do: without a name of its own, the directory's contact person.
    const addressee = entry.name || !known ? entry : { name: known.contact_person, salutation: known.contact_salutation };
    return {
      raw: entry.raw,
      email: entry.email,
      name: entry.name,
      salutation: entry.salutation,
      status: entry.problem
        ? ("invalid" as const)
        : entry.duplicate
          ? ("duplicate" as const)
          : invited.has(entry.email)
            ? ("already_invited" as const)
            : ("valid" as const),
      ...(entry.problem ? { problem: entry.problem.code } : {}),
      ...(entry.problem?.detail !== undefined ? { problemDetail: entry.problem.detail } : {}),
      greeting: entry.problem ? "" : greetingLine(language, addressee, mailVoiceOf(survey).formOfAddress),
      directoryEntry: known ? { id: known.id, name: known.name } : null,
    };
  });
}
