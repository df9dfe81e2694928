import type { MailTemplateKind } from "../db/schema.ts";
import type { Language } from "../lib/languages.ts";
import type { Audience, FormOfAddress } from "../lib/survey-audience.ts";
import { escapeHtml } from "../lib/mail-outbox.ts";

/**
 * The placeholders a survey mail may use, the one list of them (the editor gets it from the
 * API). `link` is required, so every mail reaches the survey; `greeting` is the whole first line
 * ("Guten Tag Frau Müller,"), `name` the recipient's name in natural order.
 */
export const PLACEHOLDERS = ["greeting", "name", "link", "deadline", "organisation", "planner", "survey"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

export interface MailTemplate {
  subject: string;
  body: string;
}

const placeholderPattern = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Who a survey's mails speak to and how: the audience and the German form of address. */
export interface MailVoice {
  audience: Audience;
  formOfAddress: FormOfAddress;
}

/** Institutions addressed with "Sie": the voice of Kanon's first default wording. */
export const INSTITUTION_VOICE: MailVoice = { audience: "institutions", formOfAddress: "sie" };

/** Who may see the link: colleagues of an institution or network; a person keeps it to themselves. */
function linkSharing(language: Language, voice: MailVoice): string {
  if (language === "en") {
    if (voice.audience === "people") return "This link is yours alone: please do not pass it on.";
    return `Please share the link only within your ${voice.audience === "networks" ? "network" : "organisation"}.`;
  }
  const du = voice.formOfAddress === "du";
  if (voice.audience === "people") return du ? "Der Link gehört nur dir: Bitte gib ihn nicht weiter." : "Der Link gehört nur Ihnen: Bitte geben Sie ihn nicht weiter.";
  const within = voice.audience === "networks" ? (du ? "deines Netzwerks" : "Ihres Netzwerks") : du ? "deiner Einrichtung" : "Ihrer Einrichtung";
  return du ? `Bitte gib den Link nur innerhalb ${within} weiter.` : `Bitte leiten Sie den Link nur innerhalb ${within} weiter.`;
}

/**
 * Kanon's wording when the planner has not written their own: in one language (a recipient gets
 * the mail in their language only), in the survey's form of address ("Sie" or, for young people,
 * "du") and for its audience (who may see the link). The greeting line is built per recipient
 * (see server/lib/greeting.ts), so it reads right with and without a name.
 */
export function defaultTemplate(language: Language, kind: MailTemplateKind, voice: MailVoice = INSTITUTION_VOICE): MailTemplate {
  const sharing = linkSharing(language, voice);
  if (language === "en") {
    const closing = voice.audience === "people" ? "Best wishes" : "Kind regards";
    return kind === "invitation"
      ? {
          subject: "Survey: {{survey}} – {{organisation}}",
          body:
            "{{greeting}}\n\n" +
            "{{organisation}} asks you to take part in the survey “{{survey}}”. Please answer by {{deadline}}.\n\n" +
            "Your personal link:\n{{link}}\n\n" +
            "Your answers are saved automatically as you go. You can continue through the same link at any time, " +
            `also from another device, until you submit your answers. ${sharing}\n\n` +
            `${closing}\n{{planner}}\n{{organisation}}`,
        }
      : {
          subject: "Reminder: {{survey}} – {{organisation}}",
          body:
            "{{greeting}}\n\n" +
            "This is a friendly reminder of the survey “{{survey}}”. Please answer by {{deadline}}. " +
            "If you have already started, your answers so far are saved and you can continue right away.\n\n" +
            "Your personal link:\n{{link}}\n\n" +
            `${closing}\n{{planner}}\n{{organisation}}`,
        };
  }
  if (voice.formOfAddress === "du") {
    return kind === "invitation"
      ? {
          subject: "Umfrage: {{survey}} – {{organisation}}",
          body:
            "{{greeting}}\n\n" +
            "{{organisation}} lädt dich zur Umfrage „{{survey}}“ ein. Bitte antworte bis zum {{deadline}}.\n\n" +
            "Dein persönlicher Link:\n{{link}}\n\n" +
            "Deine Antworten werden beim Ausfüllen automatisch gespeichert. Du kannst jederzeit über denselben Link weitermachen, " +
            `auch von einem anderen Gerät, bis du die Antworten abschickst. ${sharing}\n\n` +
            "Viele Grüße\n{{planner}}\n{{organisation}}",
        }
      : {
          subject: "Erinnerung: {{survey}} – {{organisation}}",
          body:
            "{{greeting}}\n\n" +
            "wir möchten dich an die Umfrage „{{survey}}“ erinnern. Bitte antworte bis zum {{deadline}}. " +
            "Falls du schon angefangen hast: Deine bisherigen Antworten sind gespeichert, du kannst direkt weitermachen.\n\n" +
            "Dein persönlicher Link:\n{{link}}\n\n" +
            "Viele Grüße\n{{planner}}\n{{organisation}}",
        };
  }
  return kind === "invitation"
    ? {
        subject: "Umfrage: {{survey}} – {{organisation}}",
        body:
          "{{greeting}}\n\n" +
          "{{organisation}} bittet Sie um Ihre Teilnahme an der Umfrage „{{survey}}“. Bitte antworten Sie bis zum {{deadline}}.\n\n" +
          "Ihr persönlicher Link:\n{{link}}\n\n" +
          "Ihre Antworten werden beim Ausfüllen automatisch gespeichert. Sie können jederzeit über denselben Link weitermachen, " +
          `auch von einem anderen Gerät, bis Sie die Antworten absenden. ${sharing}\n\n` +
          "Mit freundlichen Grüßen\n{{planner}}\n{{organisation}}",
      }
    : {
        subject: "Erinnerung: {{survey}} – {{organisation}}",
        body:
          "{{greeting}}\n\n" +
          "wir möchten Sie freundlich an die Umfrage „{{survey}}“ erinnern. Bitte antworten Sie bis zum {{deadline}}. " +
          "Falls Sie schon begonnen haben: Ihre bisherigen Antworten sind gespeichert, Sie können direkt weitermachen.\n\n" +
          "Ihr persönlicher Link:\n{{link}}\n\n" +
          "Mit freundlichen Grüßen\n{{planner}}\n{{organisation}}",
      };
}

/** Kanon's wording for institutions ("Sie"), per language and kind. */
export const DEFAULT_TEMPLATES: Record<Language, Record<MailTemplateKind, MailTemplate>> = {
  de: { invitation: defaultTemplate("de", "invitation"), reminder: defaultTemplate("de", "reminder") },
  en: { invitation: defaultTemplate("en", "invitation"), reminder: defaultTemplate("en", "reminder") },
};

export type TemplateProblem = { code: "unknown_placeholder"; placeholder: string } | { code: "missing_link" };

/** What is wrong with a template: placeholders Kanon does not know, or no `{{link}}` in the body. */
export function templateProblems(template: MailTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  for (const text of [template.subject, template.body]) {
    for (const match of text.matchAll(placeholderPattern)) {
      const name = match[1]!;
      if (!(PLACEHOLDERS as readonly string[]).includes(name) && !seen.has(name)) {
        seen.add(name);
        problems.push({ code: "unknown_placeholder", placeholder: name });
      }
    }
  }
  if (!/\{\{\s*link\s*\}\}/.test(template.body)) problems.push({ code: "missing_link" });
  return problems;
}

function fill(text: string, values: PlaceholderValues, transform: (value: string, name: Placeholder) => string): string {
  return text.replace(placeholderPattern, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? transform(values[name as Placeholder], name as Placeholder) : whole,
  );
}

/** "Guten Tag ," reads badly when there is no name: the comma moves up to the greeting. */
function tidy(text: string): string {
  return text.replace(/ +,/g, ",").replace(/[ \t]+\n/g, "\n");
}

/**
 * The mail as sent: subject and plain text with the placeholders filled, and an HTML part made
 * from the same text (paragraphs, line breaks, the link as a link). Planner text is escaped, so
 * nothing typed into a template or a recipient's name can inject markup.
 */
export function renderMail(
  template: MailTemplate,
  values: PlaceholderValues,
  language: Language = "de",
): { subject: string; text: string; html: string } {
  if (values.deadline === "") {
    // A subject that is one sentence about the deadline must not vanish: there only the placeholder goes.
    const subject = withoutDeadline(template.subject).trim() || template.subject.replace(/\s*\{\{\s*deadline\s*\}\}/g, "");
    template = { subject, body: withoutDeadline(template.body) };
  }
  const subject = tidy(fill(template.subject, values, (value) => value))
    .replace(/[\r\n]+/g, " ")
    .trim();
  const text = tidy(fill(template.body, values, (value) => value));
  const marker = "\u0000LINK\u0000";
  const withMarker = tidy(fill(template.body, values, (value, name) => (name === "link" ? marker : value)));
  const link = `<a href="${escapeHtml(values.link)}">${escapeHtml(values.link)}</a>`;
  const paragraphs = withMarker
    .replace(/^---$/gm, "\n---\n")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) =>
      paragraph === "---" ? "<hr>" : `<p>${escapeHtml(paragraph).split(marker).join(link).replace(/\n/g, "<br>\n")}</p>`,
    );
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">\n` +
    `${paragraphs.join("\n")}\n</body></html>`;
  return { subject, text, html };
}

/** A survey without a closing date: sentences that name the deadline are left out. */
function withoutDeadline(text: string): string {
  return text.replace(/[^.!?\n]*\{\{\s*deadline\s*\}\}[^.!?\n]*[.!?]? ?/g, (sentence) =>
    // A sentence that also carries the link keeps it (every mail must reach the survey): only the deadline goes.
    /\{\{\s*link\s*\}\}/.test(sentence) ? sentence.replace(/\s*\{\{\s*deadline\s*\}\}/g, "") : "",
  );
}

/** The deadline as the recipient's language writes a date ("31.12.2099", "31 December 2099"); empty without a closing date. */
export function deadlineText(closingDate: string | null, language: Language = "de"): string {
  if (!closingDate) return "";
  const [year, month, day] = closingDate.split("-");
  if (language === "de") return `${day}.${month}.${year}`;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))),
  );
}

/** A display address for the To: header: `"Name" <mail>` with quotes and backslashes removed from the name. */
export function mailbox(email: string, name: string): string {
  const clean = name.replace(/["\\\r\n]/g, "").trim();
  return clean ? `"${clean}" <${email}>` : email;
}
