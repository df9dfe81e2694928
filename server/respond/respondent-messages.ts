import { ApiError } from "../lib/api-error.ts";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { inAddress, type AddressedText, type FormOfAddress } from "../lib/survey-audience.ts";

/**
 * What the server says to respondents once it knows their survey, in its form of address
 * ("Sie" or "du") and in English. One home for these texts, so a test can check that every one
 * has its "du" form. (Before the link is known, e.g. for an unknown link, respondents are
 * addressed with "Sie".)
 */
export const respondentMessages = {
  linkRevoked: (organisationName: string): AddressedText => ({
    sie: `Dieser Link wurde zurückgezogen. Bitte wenden Sie sich an ${organisationName}.`,
    du: `Dieser Link wurde zurückgezogen. Bitte wende dich an ${organisationName}.`,
    en: `This link has been withdrawn. Please contact ${organisationName}.`,
  }),
  surveyClosed: (organisationName: string): AddressedText => ({
    sie: `Diese Umfrage ist beendet. Bei Fragen wenden Sie sich bitte an ${organisationName}.`,
    du: `Diese Umfrage ist beendet. Bei Fragen wende dich bitte an ${organisationName}.`,
    en: `This survey has ended. If you have questions, please contact ${organisationName}.`,
  }),
  validationFailed: (): AddressedText => ({
    sie: "Einige Antworten fehlen oder passen nicht. Bitte sehen Sie sich die markierten Fragen an.",
    du: "Einige Antworten fehlen oder passen nicht. Bitte sieh dir die markierten Fragen an.",
    en: "Some answers are missing or do not fit. Please look at the marked questions.",
  }),
  alreadySubmitted: (): AddressedText => ({
    sie: "Diese Antworten wurden bereits abgesendet und können nicht mehr geändert werden.",
    du: "Diese Antworten wurden schon abgeschickt und können nicht mehr geändert werden.",
    en: "These answers have already been submitted and can no longer be changed.",
  }),
  answerConflict: (): AddressedText => ({
    sie: "Einige Fragen wurden inzwischen an anderer Stelle anders beantwortet. Bitte wählen Sie, welche Antwort gilt.",
    du: "Einige Fragen wurden inzwischen an anderer Stelle anders beantwortet. Bitte wähle, welche Antwort gilt.",
    en: "Some questions were answered differently elsewhere in the meantime. Please choose which answer applies.",
  }),
  revisionConflict: (): AddressedText => ({
    sie: "Die Antworten werden gerade an anderer Stelle gespeichert. Bitte versuchen Sie es gleich noch einmal.",
    du: "Die Antworten werden gerade an anderer Stelle gespeichert. Bitte versuch es gleich noch einmal.",
    en: "The answers are being saved elsewhere right now. Please try again in a moment.",
  }),
  tooManyColleagueLinks: (max: number): AddressedText => ({
    sie: `Es gibt schon ${max} Links für Kolleg:innen. Bitte ziehen Sie einen zurück, bevor Sie einen neuen erzeugen.`,
    du: `Es gibt schon ${max} Links für Kolleg:innen. Bitte zieh einen zurück, bevor du einen neuen erzeugst.`,
    en: `There are already ${max} colleague links. Please revoke one before making another.`,
  }),
  colleagueLinkUnknown: (): AddressedText => ({
    sie: "Diesen Link gibt es nicht oder er ist schon zurückgezogen.",
    du: "Diesen Link gibt es nicht oder er ist schon zurückgezogen.",
    en: "No such link, or it is already revoked.",
  }),
  answerNotNumber: (): AddressedText => ({
    sie: "Bitte geben Sie hier eine Zahl ein. Diese Eingabe wurde nicht gespeichert.",
    du: "Bitte gib hier eine Zahl ein. Diese Eingabe wurde nicht gespeichert.",
    en: "Please enter a number here. This entry was not saved.",
  }),
  answerOutOfRange: (min: number, max: number): AddressedText => {
    const de = (value: number) => value.toLocaleString("de-DE", { maximumFractionDigits: 12 });
    const en = (value: number) => value.toLocaleString("en-GB", { maximumFractionDigits: 12 });
    return {
      sie: `Bitte geben Sie eine Zahl von ${de(min)} bis ${de(max)} ein. Diese Eingabe wurde nicht gespeichert.`,
      du: `Bitte gib eine Zahl von ${de(min)} bis ${de(max)} ein. Diese Eingabe wurde nicht gespeichert.`,
      en: `Please enter a number from ${en(min)} to ${en(max)}. This entry was not saved.`,
    };
  },
  answerTooLong: (limit: number): AddressedText => ({
    sie: `Diese Antwort ist zu lang (höchstens ${limit.toLocaleString("de-DE")} Zeichen) und wurde nicht gespeichert.`,
    du: `Diese Antwort ist zu lang (höchstens ${limit.toLocaleString("de-DE")} Zeichen) und wurde nicht gespeichert.`,
    en: `This answer is too long (at most ${limit.toLocaleString("en-GB")} characters) and was not saved.`,
  }),
  answerMalformed: (): AddressedText => ({
    sie: "Diese Antwort hat eine Form, die zu dieser Frage nicht passt, und wurde nicht gespeichert. Bitte geben Sie sie noch einmal ein.",
    du: "Diese Antwort hat eine Form, die zu dieser Frage nicht passt, und wurde nicht gespeichert. Bitte gib sie noch einmal ein.",
    en: "This answer has a form that does not fit this question. It was not saved; please enter it again.",
  }),
} satisfies Record<string, (...args: never[]) => AddressedText>;

/** An error for respondents, in the survey's form of address. */
export function respondentError(
  status: ContentfulStatusCode,
  code: string,
  text: AddressedText,
  address: FormOfAddress,
  details?: unknown,
): ApiError {
  return new ApiError(status, code, inAddress(text, address), details);
}
