import type { Kysely, Transaction } from "kysely";
import type { Database, MailingKind, MailTemplateKind, ReminderAudience } from "../db/schema.ts";
import { enqueueMails, type OutgoingMail } from "../lib/mail-outbox.ts";
import { displayName, greetingLine, mailboxName } from "../lib/greeting.ts";
import type { SessionInfo } from "../lib/context.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { audienceSettingsOf, type StoredAudienceSettings } from "../lib/survey-audience.ts";
import { deadlineText, defaultTemplate, mailbox, renderMail, type MailTemplate, type MailVoice, type PlaceholderValues } from "./mail-template.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Who sends, about what, and where the links point. */
export interface MailingContext {
  organisationId: string;
  surveyId: string;
  kind: MailingKind;
  /** The address personal links start with, e.g. https://kanon.example.de */
  baseUrl: string;
  /** The planner who sends (or who set up the scheduled reminder); null if the account is gone. */
  sender: { userId: string | null; name: string; email: string };
  /** Not before this moment; default now. */
  scheduledAt?: Date;
  audience?: ReminderAudience[];
}

/** The signed-in planner as the sender of a mailing. */
export function senderOf(session: SessionInfo): MailingContext["sender"] {
  return { userId: session.userId, name: session.name, email: session.email };
}

export interface MailRecipient {
  invitationId: string;
  email: string;
  /** As written ("Müller, Anna"); the mail uses it in natural order and in the greeting. */
  name: string;
  salutation: Salutation | null;
  /** The mail is written in this language only, and the link opens the page in it. */
  language: Language;
  /** The secret of a link freshly minted for this mail (only its hash is stored). */
  token: string;
}

/** Reminders use the reminder wording; invitations, resends and hand-overs the invitation wording. */
export function templateKindOf(kind: MailingKind): MailTemplateKind {
  return kind === "reminder" ? "reminder" : "invitation";
}

/**
 * Who a survey's mails speak to and how: its audience and form of address (a draft whose planner
 * has not chosen yet is written to like institutions, as its link page is).
 */
export function mailVoiceOf(survey: StoredAudienceSettings): MailVoice {
  const { audience, formOfAddress } = audienceSettingsOf(survey, "institutions");
  return { audience, formOfAddress };
}

/** The survey's own wording of a mail in one language, or Kanon's default in that language and the survey's voice. */
export async function surveyTemplate(
  db: Db,
  surveyId: string,
  kind: MailTemplateKind,
  language: Language,
  voice: MailVoice,
): Promise<MailTemplate & { isDefault: boolean }> {
  const row = await db
    .selectFrom("survey_mail_templates")
    .select(["subject", "body"])
    .where("survey_id", "=", surveyId)
    .where("kind", "=", kind)
    .where("language", "=", language)
    .executeTakeFirst();
  return row ? { ...row, isDefault: false } : { ...defaultTemplate(language, kind, voice), isDefault: true };
}

/** What the placeholders stand for, apart from the recipient's name and link. */
export async function mailSetting(db: Db, organisationId: string, surveyId: string) {
  const row = await db
    .selectFrom("surveys")
    .innerJoin("organisations", "organisations.id", "surveys.organisation_id")
    .select([
      "surveys.title",
      "surveys.title_en",
      "surveys.closing_date",
      "surveys.audience",
      "surveys.form_of_address",
      "organisations.name",
      "organisations.mail_sender_name",
      "organisations.mail_reply_to",
    ])
    .where("surveys.id", "=", surveyId)
    .where("surveys.organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return {
    surveyTitle: { de: row.title, en: row.title_en.trim() || row.title } satisfies Record<Language, string>,
    closingDate: row.closing_date,
    organisationName: row.name,
    fromName: row.mail_sender_name || row.name,
    replyTo: row.mail_reply_to,
    voice: mailVoiceOf(row),
  };
}

export type MailSetting = Awaited<ReturnType<typeof mailSetting>>;

/** The personal link, opening the respondent's page in the recipient's language. */
export function personalLink(baseUrl: string, token: string, language: Language): string {
  return `${baseUrl}/r/${token}?lang=${language}`;
}

/** The placeholders of one recipient's mail, in their language. */
export function placeholderValues(
  setting: MailSetting,
  recipient: { name: string; salutation: Salutation | null; language: Language },
  planner: string,
  link: string,
): PlaceholderValues {
  return {
    greeting: greetingLine(recipient.language, recipient, setting.voice.formOfAddress),
    name: displayName(recipient.name),
    link,
    deadline: deadlineText(setting.closingDate, recipient.language),
    organisation: setting.organisationName,
    planner,
    survey: setting.surveyTitle[recipient.language],
  };
}

/**
 * Records one mailing (an invitation round, a reminder, a resend) and queues its mails in the
 * outbox, in the caller's transaction: the invitations, their links and their mails commit
 * together or not at all. Bodies are rendered now, each in its recipient's language only, so
 * what goes out is what the planner previewed.
 */
export async function queueMailing(db: Db, context: MailingContext, recipients: MailRecipient[]): Promise<{ mailingId: string; queued: number }> {
  const setting = await mailSetting(db, context.organisationId, context.surveyId);
  const kind = templateKindOf(context.kind);
  const templates = new Map<Language, MailTemplate>();
  for (const language of new Set(recipients.map((recipient) => recipient.language))) {
    templates.set(language, await surveyTemplate(db, context.surveyId, kind, language, setting.voice));
  }
  const mailing = await db
    .insertInto("mailings")
    .values({
      organisation_id: context.organisationId,
      survey_id: context.surveyId,
      kind: context.kind,
      audience: JSON.stringify(context.audience ?? []),
      created_by: context.sender.userId,
      scheduled_at: context.scheduledAt ?? new Date(),
      total: recipients.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const mails: OutgoingMail[] = recipients.map((recipient) => ({
    organisationId: context.organisationId,
    invitationId: recipient.invitationId,
    mailingId: mailing.id,
    kind: context.kind,
    fromName: setting.fromName,
    replyTo: setting.replyTo || context.sender.email,
    notBefore: context.scheduledAt,
    to: mailbox(recipient.email, mailboxName(recipient.language, recipient)),
    ...renderMail(
      templates.get(recipient.language)!,
      placeholderValues(setting, recipient, context.sender.name, personalLink(context.baseUrl, recipient.token, recipient.language)),
      recipient.language,
    ),
  }));
  await enqueueMails(db, mails);
  return { mailingId: mailing.id, queued: mails.length };
}
