import { escapeHtml } from "../lib/mail-outbox.ts";

export interface InvitationMailInput {
  recipientName: string;
  surveyTitle: string;
  organisationName: string;
  plannerName: string;
  link: string;
  closingDate: string | null;
}

function germanDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}.${month}.${year}`;
}

/** The invitation mail: German first, English below, plain text and HTML with the personal link. */
export function invitationMail(input: InvitationMailInput): { subject: string; text: string; html: string } {
  const greetingDe = input.recipientName ? `Guten Tag ${input.recipientName},` : "Guten Tag,";
  const greetingEn = input.recipientName ? `Dear ${input.recipientName},` : "Hello,";
  const deadlineDe = input.closingDate ? ` Bitte antworten Sie bis zum ${germanDate(input.closingDate)}.` : "";
  const deadlineEn = input.closingDate ? ` Please answer by ${input.closingDate}.` : "";
  const subject = `Umfrage: ${input.surveyTitle} – ${input.organisationName}`;
  const text =
    `${greetingDe}\n\n${input.organisationName} bittet Sie um Ihre Teilnahme an der Umfrage „${input.surveyTitle}“.${deadlineDe}\n\n` +
    `Ihr persönlicher Link:\n${input.link}\n\n` +
    `Ihre Antworten werden beim Ausfüllen automatisch gespeichert. Sie können jederzeit über denselben Link weitermachen, ` +
    `auch von einem anderen Gerät, bis Sie die Antworten absenden. Bitte leiten Sie den Link nur innerhalb Ihrer Einrichtung weiter.\n\n` +
    `Mit freundlichen Grüßen\n${input.plannerName}\n${input.organisationName}\n\n` +
    `---\n${greetingEn}\n\n${input.organisationName} asks you to take part in the survey "${input.surveyTitle}".${deadlineEn}\n` +
    `Your personal link: ${input.link}\nYour answers are saved as you go; come back through the same link until you submit.\n`;
  const html =
    `<p>${escapeHtml(greetingDe)}</p>` +
    `<p>${escapeHtml(input.organisationName)} bittet Sie um Ihre Teilnahme an der Umfrage „${escapeHtml(input.surveyTitle)}“.${escapeHtml(deadlineDe)}</p>` +
    `<p><a href="${escapeHtml(input.link)}">Zur Umfrage</a></p>` +
    `<p>Ihre Antworten werden beim Ausfüllen automatisch gespeichert. Sie können jederzeit über denselben Link weitermachen, ` +
    `auch von einem anderen Gerät, bis Sie die Antworten absenden.</p>` +
    `<p>Mit freundlichen Grüßen<br>${escapeHtml(input.plannerName)}<br>${escapeHtml(input.organisationName)}</p><hr>` +
    `<p lang="en">${escapeHtml(greetingEn)} ${escapeHtml(input.organisationName)} asks you to take part in the survey "${escapeHtml(input.surveyTitle)}".${escapeHtml(deadlineEn)} ` +
    `<a href="${escapeHtml(input.link)}">Open the survey</a>. Your answers are saved as you go.</p>`;
  return { subject, text, html };
}
