import type { EmailProblem, EmailProblemCode } from "./email-address.ts";

/**
 * Why an address cannot be used, in German and English: the one home of these sentences, for
 * the API's error messages and for the planner's screens (paste check, directory dialog).
 * `{detail}` is the character, label or ending the check points at.
 */
const TEXTS: Record<EmailProblemCode, { de: string; en: string }> = {
  empty: { de: "Leerer Eintrag", en: "Empty entry" },
  too_long: { de: "Zu lang (höchstens 254 Zeichen)", en: "Too long (at most 254 characters)" },
  quoted_local_part: {
    de: "Anführungszeichen vor dem @ werden nicht unterstützt",
    en: "Quotation marks before the @ are not supported",
  },
  space_inside: { de: "Enthält ein Leerzeichen", en: "Contains a space" },
  missing_at: { de: "Es fehlt das @-Zeichen", en: "The @ sign is missing" },
  several_at: { de: "Enthält mehr als ein @-Zeichen", en: "Contains more than one @ sign" },
  missing_local_part: { de: "Vor dem @ fehlt der Name des Postfachs", en: "The mailbox name before the @ is missing" },
  leading_dot: { de: "Beginnt mit einem Punkt", en: "Starts with a dot" },
  dot_before_at: { de: "Punkt direkt vor dem @", en: "A dot right before the @" },
  double_dot: { de: "Zwei Punkte hintereinander", en: "Two dots in a row" },
  unicode_local_part: {
    de: "„{detail}“ vor dem @: Umlaute und andere Sonderzeichen nehmen viele Mailserver dort nicht an",
    en: "“{detail}” before the @: many mail servers do not accept umlauts or other special letters there",
  },
  invalid_character: {
    de: "Das Zeichen „{detail}“ ist in einer E-Mail-Adresse nicht erlaubt",
    en: "The character “{detail}” is not allowed in an e-mail address",
  },
  local_part_too_long: {
    de: "Der Teil vor dem @ ist zu lang (höchstens 64 Zeichen)",
    en: "The part before the @ is too long (at most 64 characters)",
  },
  missing_domain: { de: "Nach dem @ fehlt die Domain", en: "The domain after the @ is missing" },
  domain_literal: {
    de: "Eine IP-Adresse statt einer Domain wird nicht unterstützt",
    en: "An IP address instead of a domain is not supported",
  },
  dot_after_at: { de: "Punkt direkt nach dem @", en: "A dot right after the @" },
  domain_without_dot: {
    de: "Der Domain fehlt die Endung (etwa „.de“)",
    en: "The domain has no ending (such as “.de”)",
  },
  invalid_international_domain: {
    de: "Die Domain ist kein gültiger internationaler Domainname",
    en: "The domain is not a valid internationalised domain name",
  },
  hyphen_at_label_edge: {
    de: "„{detail}“: Ein Teil der Domain beginnt oder endet mit einem Bindestrich",
    en: "“{detail}”: a part of the domain starts or ends with a hyphen",
  },
  label_too_long: {
    de: "Ein Teil der Domain ist länger als 63 Zeichen",
    en: "A part of the domain is longer than 63 characters",
  },
  domain_too_long: { de: "Die Domain ist zu lang (höchstens 253 Zeichen)", en: "The domain is too long (at most 253 characters)" },
  invalid_top_level_domain: {
    de: "„.{detail}“ ist keine gültige Domain-Endung",
    en: "“.{detail}” is not a valid domain ending",
  },
};

/** Invisible and control characters are named by their code (U+0009), so the reason shows something. */
function visible(detail: string): string {
  return detail.replace(/[\p{C}\p{Z}]/gu, (char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * The reason for one problem in both languages.
 *
 * @example
 * describeEmailProblem({ code: "invalid_character", detail: "(" }).de;
 * // "Das Zeichen „(“ ist in einer E-Mail-Adresse nicht erlaubt"
 */
export function describeEmailProblem(problem: EmailProblem): { de: string; en: string } {
  const text = TEXTS[problem.code];
  const detail = visible(problem.detail ?? "");
  return { de: text.de.replace("{detail}", detail), en: text.en.replace("{detail}", detail) };
}
