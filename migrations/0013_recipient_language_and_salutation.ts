import { domainToUnicode } from "node:url";
import { sql, type Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Mails in the recipient's language, greeting them properly:
 * - directory entries and invitations get a language (German unless set) and a salutation
 *   (Frau / Herr, or none: neutral), so "Guten Tag Frau Müller," and "Dear Ms Müller," can be written;
 * - a survey's own mail wording is kept per language. Wording saved before, German with an
 *   English block after a `---` line (Kanon's old default layout, both halves with {{link}}),
 *   is split into its German and its English text; other saved wording stays German;
 * - addresses with an internationalised domain are stored with the domain in Unicode (before,
 *   only the punycode form was accepted), so both forms are recognised as one address.
 */
const ENGLISH_SUBJECTS: Record<string, string> = {
  invitation: "Survey: {{survey}} – {{organisation}}",
  reminder: "Reminder: {{survey}} – {{organisation}}",
};
const LINK = /\{\{\s*link\s*\}\}/;

function unicodeEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 0) return email;
  const domain = domainToUnicode(email.slice(at + 1));
  return domain ? `${email.slice(0, at)}@${domain}` : email;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table directory_entries add column contact_salutation text check (contact_salutation in ('ms', 'mr'));
    alter table directory_entries add column language text not null default 'de' check (language in ('de', 'en'));
    alter table invitations add column salutation text check (salutation in ('ms', 'mr'));
    alter table invitations add column language text not null default 'de' check (language in ('de', 'en'));
    alter table survey_mail_templates add column language text not null default 'de' check (language in ('de', 'en'));
    alter table survey_mail_templates drop constraint survey_mail_templates_pkey;
    alter table survey_mail_templates add primary key (survey_id, kind, language)
    `,
  );

  const templates = await sql<{ survey_id: string; organisation_id: string; kind: string; subject: string; body: string }>`
    select survey_id, organisation_id, kind, subject, body from survey_mail_templates`.execute(db);
  for (const template of templates.rows) {
    const lines = template.body.split("\n");
    const separators = lines.flatMap((line, index) => (line.trim() === "---" ? [index] : []));
    if (separators.length !== 1) continue;
    const german = lines.slice(0, separators[0]).join("\n").trimEnd();
    const english = lines.slice(separators[0]! + 1).join("\n").trim();
    if (!LINK.test(german) || !LINK.test(english)) continue;
    await sql`update survey_mail_templates set body = ${german}
      where survey_id = ${template.survey_id} and kind = ${template.kind} and language = 'de'`.execute(db);
    await sql`insert into survey_mail_templates (survey_id, organisation_id, kind, language, subject, body)
      values (${template.survey_id}, ${template.organisation_id}, ${template.kind}, 'en',
              ${ENGLISH_SUBJECTS[template.kind] ?? template.subject}, ${english})`.execute(db);
  }

  const invitations = await sql<{ id: string; survey_id: string; email: string }>`
    select id, survey_id, email from invitations where email like '%xn--%'`.execute(db);
  for (const invitation of invitations.rows) {
    const email = unicodeEmail(invitation.email);
    if (email === invitation.email) continue;
    // Should the survey have both forms already, the older row keeps its form.
    await sql`update invitations set email = ${email} where id = ${invitation.id}
      and not exists (select 1 from invitations other where other.survey_id = ${invitation.survey_id} and other.email = ${email})`.execute(db);
  }

  const entries = await sql<{ id: string; emails: string[] }>`
    select id, emails from directory_entries where emails::text like '%xn--%'`.execute(db);
  for (const entry of entries.rows) {
    const emails = [...new Set(entry.emails.map(unicodeEmail))];
    await sql`update directory_entries set emails = ${JSON.stringify(emails)}::jsonb where id = ${entry.id}`.execute(db);
  }
}
