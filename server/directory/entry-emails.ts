/**
 * The e-mail addresses of a directory entry: each one checked on its own with the reason it is
 * not valid (the same checks as pasted recipient lists), lower-cased and without duplicates.
 * The first address is the one invitations go to.
 *
 * @example
 * checkEmails(["Kita@Wuppertal.de", "leitung(at)kita.de"]);
 * // { emails: ["kita@wuppertal.de"], problems: [{ index: 1, value: "leitung(at)kita.de", reason: "missing_at", … }] }
 */
import { parseEntry, type EntryProblem } from "../lib/email-addresses.ts";
import type { LocalizedText } from "../db/schema.ts";

export interface EmailProblem {
  /** Position in the list as given. */
  index: number;
  value: string;
  reason: EntryProblem;
  message: string;
  messageDe: string;
}

export const emailProblemTexts: Record<EntryProblem, LocalizedText> = {
  missing_at: { de: "Es fehlt das @-Zeichen", en: "The @ sign is missing" },
  missing_domain: { de: "Die Domain fehlt oder ist unvollständig", en: "The domain is missing or incomplete" },
  invalid_address: { de: "Keine gültige E-Mail-Adresse", en: "Not a valid e-mail address" },
  too_long: { de: "Zu lang (höchstens 254 Zeichen)", en: "Too long (at most 254 characters)" },
};

/** Checks every address; blank ones are dropped, `Name <mail>` keeps the address. */
export function checkEmails(values: readonly string[]): { emails: string[]; problems: EmailProblem[] } {
  const emails: string[] = [];
  const problems: EmailProblem[] = [];
  values.forEach((value, index) => {
    if (value.trim() === "") return;
    const parsed = parseEntry(value.trim());
    if (parsed.problem) {
      const text = emailProblemTexts[parsed.problem];
      problems.push({ index, value, reason: parsed.problem, message: text.en, messageDe: text.de });
    } else if (!emails.includes(parsed.email)) {
      emails.push(parsed.email);
    }
  });
  return { emails, problems };
}
