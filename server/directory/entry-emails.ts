/**
 * The e-mail addresses of a directory entry: each one checked on its own with the specific
 * reason it is not valid (the same check as pasted recipient lists), in their stored form
 * (lower-case, internationalised domains in Unicode) and without duplicates. The first address
 * is the one invitations go to.
 *
 * @example
 * checkEmails(["Kita@Wuppertal.de", "leitung(at)kita.de"]);
 * // { emails: ["kita@wuppertal.de"], problems: [{ index: 1, value: "leitung(at)kita.de", reason: "missing_at", … }] }
 */
import { checkEmailAddress, type EmailProblemCode } from "../lib/email-address.ts";
import { describeEmailProblem } from "../lib/email-problem-texts.ts";
import { readPastedEntry } from "../lib/recipient-paste.ts";

export interface EmailProblem {
  /** Position in the list as given. */
  index: number;
  value: string;
  reason: EmailProblemCode;
  /** The character, label or ending the reason points at, if any. */
  detail?: string;
  message: string;
  messageDe: string;
}

/** Checks every address; blank ones are dropped, `Name <mail>` keeps the address. */
export function checkEmails(values: readonly string[]): { emails: string[]; problems: EmailProblem[] } {
  const emails: string[] = [];
  const problems: EmailProblem[] = [];
  values.forEach((value, index) => {
    if (value.trim() === "") return;
    const checked = checkEmailAddress(readPastedEntry(value).address);
    if (checked.problem) {
      const text = describeEmailProblem(checked.problem);
      problems.push({
        index,
        value,
        reason: checked.problem.code,
        ...(checked.problem.detail !== undefined ? { detail: checked.problem.detail } : {}),
        message: text.en,
        messageDe: text.de,
      });
    } else if (!emails.includes(checked.email)) {
      emails.push(checked.email);
    }
  });
  return { emails, problems };
}
