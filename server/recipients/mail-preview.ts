import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { mailboxName } from "../lib/greeting.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { mailbox, renderMail, templateProblems, type MailTemplate } from "./mail-template.ts";
import { mailSetting, personalLink, placeholderValues } from "./survey-mailing.ts";

/** Who the preview is written to when the planner picks nobody. */
const EXAMPLE_RECIPIENT = { email: "kita.beispiel@example.org", name: "Beispiel, Maria", salutation: "ms" } as const;

export interface MailPreviewRequest extends MailTemplate {
  language: Language;
  /** Write to this invitation's recipient (404 `invitation_not_found` if the survey has none such). */
  invitationId?: string;
  /** Or to this directory entry's first address and contact person (404 `directory_entry_not_found`). */
  directoryEntryId?: string;
}

/**
 * A wording rendered as one recipient would get it: addresses, subject, text and HTML, with an
 * example link, and the wording's placeholder problems (a preview shows them, it does not refuse).
 *
 * ```ts
 * const mail = await previewMail(db, survey, { planner: session, mailFrom: config.mailFrom, baseUrl }, { subject, body, language: "de" });
 * ```
 */
export async function previewMail(
  db: Kysely<Database>,
  survey: OrganisationSurvey,
  sender: { planner: { name: string; email: string }; mailFrom: string; baseUrl: string },
  request: MailPreviewRequest,
) {
  const organisationId = survey.organisation_id;
  const setting = await mailSetting(db, organisationId, survey.id);
  let recipient: { email: string; name: string; salutation: Salutation | null } = EXAMPLE_RECIPIENT;
  if (request.invitationId) {
    const invitation = await db
      .selectFrom("invitations")
      .select(["email", "name", "salutation"])
      .where("id", "=", request.invitationId)
      .where("survey_id", "=", survey.id)
      .where("organisation_id", "=", organisationId)
      .executeTakeFirst();
    if (!invitation) throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
    recipient = invitation;
  } else if (request.directoryEntryId) {
    const entry = await db
      .selectFrom("directory_entries")
      .select(["emails", "contact_person", "contact_salutation", "name"])
      .where("id", "=", request.directoryEntryId)
      .where("organisation_id", "=", organisationId)
      .executeTakeFirst();
    if (!entry) throw new ApiError(404, "directory_entry_not_found", { de: "Diesen Eintrag gibt es nicht.", en: "No such directory entry." });
    recipient = { email: entry.emails[0] ?? "", name: entry.contact_person, salutation: entry.contact_salutation };
  }
  const language = request.language;
  const mail = renderMail(
    request,
    placeholderValues(setting, { ...recipient, language }, sender.planner.name, personalLink(sender.baseUrl, "BEISPIEL-LINK", language)),
    language,
  );
  const fromAddress = sender.mailFrom.match(/<([^>]+)>/)?.[1] ?? sender.mailFrom;
  return {
    to: mailbox(recipient.email, mailboxName(language, recipient)),
    from: mailbox(fromAddress, setting.fromName),
    replyTo: setting.replyTo || sender.planner.email,
    ...mail,
    problems: templateProblems(request),
  };
}
