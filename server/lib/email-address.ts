import punycode from "punycode.js";

/**
 * One e-mail address, checked the way a mail server would take it, with the specific reason
 * when it would not. Pure (no `node:` imports): the server and the browser use the same check.
 *
 * Internationalised domains (`kontakt@bürgerverein-musterstadt.de`) are accepted in either form
 * and kept in one: the domain in Unicode (what people read), the local part lower-cased. The
 * ASCII (punycode) form is what SMTP needs; nodemailer derives it when sending, and `ascii`
 * names it for whoever needs it explicitly. IDNA mapping is the WHATWG URL parser's (the same
 * UTS #46 processing in Node and in browsers); punycode.js only decodes `xn--` labels back.
 *
 * Every step is a single pass over at most a few hundred characters (longer text is refused
 * first), so no input can make the check slow.
 *
 * @example
 * checkEmailAddress("Kontakt@xn--brgerverein-musterstadt-cpc.de");
 * // { email: "kontakt@bürgerverein-musterstadt.de", ascii: "kontakt@xn--brgerverein-musterstadt-cpc.de", problem: null }
 * checkEmailAddress("anna..mueller@stadt.de").problem; // { code: "double_dot" }
 */

export type EmailProblemCode =
  | "empty"
  | "too_long"
  | "quoted_local_part"
  | "space_inside"
  | "missing_at"
  | "several_at"
  | "missing_local_part"
  | "leading_dot"
  | "dot_before_at"
  | "double_dot"
  | "unicode_local_part"
  | "invalid_character"
  | "local_part_too_long"
  | "missing_domain"
  | "domain_literal"
  | "dot_after_at"
  | "domain_without_dot"
  | "invalid_international_domain"
  | "hyphen_at_label_edge"
  | "label_too_long"
  | "domain_too_long"
  | "invalid_top_level_domain";

export const EMAIL_PROBLEM_CODES: readonly EmailProblemCode[] = [
  "empty",
  "too_long",
  "quoted_local_part",
  "space_inside",
  "missing_at",
  "several_at",
  "missing_local_part",
  "leading_dot",
  "dot_before_at",
  "double_dot",
  "unicode_local_part",
  "invalid_character",
  "local_part_too_long",
  "missing_domain",
  "domain_literal",
  "dot_after_at",
  "domain_without_dot",
  "invalid_international_domain",
  "hyphen_at_label_edge",
  "label_too_long",
  "domain_too_long",
  "invalid_top_level_domain",
];

export interface EmailProblem {
  code: EmailProblemCode;
  /** What the reason points at: the character that is not allowed, the label or the ending. */
  detail?: string;
}

export interface EmailCheck {
  /** The address in its stored form when valid; otherwise the text as tidied, for showing. */
  email: string;
  /** The address with its domain in ASCII (punycode), as SMTP needs it; null when invalid. */
  ascii: string | null;
  problem: EmailProblem | null;
}

/** Longest address (RFC 5321: a path of 256 octets, less the angle brackets). */
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
/** Text longer than this is refused before any other check. */
const MAX_CHECKED_LENGTH = 320;

/** Characters a local part may hold besides letters and digits (RFC 5322 atext, and the dot). */
const LOCAL_SPECIALS = new Set("!#$%&'*+-/=?^_`{|}~.");
/** Left over from Word, Outlook or web pages, invisible to the planner: dropped, never a reason. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const ENCLOSING: Record<string, string> = { "<": ">", "(": ")", "[": "]", '"': '"', "'": "'", "„": "“", "“": "”", "‚": "‘" };
const LETTER_OR_DIGIT = /^[\p{L}\p{M}\p{N}]$/u;
/** The usual case in one test; the loops below only run to name the character that is wrong. */
const LOCAL_PART = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
const ASCII_DOMAIN = /^[a-z0-9.-]+$/;

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

/**
 * The address as meant: without `mailto:` and its `?subject=…`, stray angle brackets, quotes
 * or parentheses around it, a full stop or comma after it, invisible characters and no-break
 * spaces. Invalid entries are shown in this form.
 */
function tidyAddress(text: string): string {
  let address = text.replace(INVISIBLE, "").replace(/\u00A0/g, " ").trim();
  if (address.slice(0, 7).toLowerCase() === "mailto:") {
    address = address.slice(7);
    const query = address.indexOf("?");
    if (query >= 0) address = address.slice(0, query);
    if (address.includes("%")) {
      try {
        address = decodeURIComponent(address);
      } catch {
        // Not percent-encoding after all: the check below names the character.
      }
    }
    address = address.trim();
  }
  for (let round = 0; round < 3; round++) {
    const before = address;
    address = trimPunctuation(address);
    const first = address.charAt(0);
    const closing = ENCLOSING[first];
    if (closing !== undefined) {
      const last = address.charAt(address.length - 1);
      if (last === closing) address = address.slice(1, -1).trim();
      // A lone opening bracket or quote is stray, unless it opens a quoted local part ("a b"@x.de).
      else if (!address.includes(closing, 1)) address = address.slice(1).trim();
    } else if (address.length > 0 && /[>)\]"'“”‘]$/.test(address) && !/[<(["'„“‚]/.test(address)) {
      address = address.slice(0, -1).trim();
    }
    if (address === before) break;
  }
  return address.normalize("NFC");
}

/** Separators before and full stops or commas after an address; a loop, as `/[.,;:]+$/` backtracks on long runs. */
function trimPunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && ",;:".includes(text.charAt(start))) start++;
  while (end > start && ".,;:".includes(text.charAt(end - 1))) end--;
  return text.slice(start, end).trim();
}

const problem = (email: string, code: EmailProblemCode, detail?: string): EmailCheck => ({
  email,
  ascii: null,
  problem: detail === undefined ? { code } : { code, detail },
});

/** The first character of a local part that is not allowed there, with its reason. */
function localPartProblem(local: string): EmailProblem | null {
  if (local.startsWith(".")) return { code: "leading_dot" };
  if (local.endsWith(".")) return { code: "dot_before_at" };
  if (local.includes("..")) return { code: "double_dot" };
  if (LOCAL_PART.test(local)) return local.length > MAX_LOCAL_PART ? { code: "local_part_too_long" } : null;
  for (const char of local) {
    const code = char.codePointAt(0)!;
    if (code > 127) return { code: "unicode_local_part", detail: char };
    if (!isAsciiLetterOrDigit(code) && !LOCAL_SPECIALS.has(char)) return { code: "invalid_character", detail: char };
  }
  if (local.length > MAX_LOCAL_PART) return { code: "local_part_too_long" };
  return null;
}

/**
 * The domain in ASCII (IDNA, as browsers and Node map it), or null when it cannot be one.
 * `new URL` is given only letters, digits, hyphens and dots, so it cannot read anything else
 * (a port, a path, percent escapes) into the host.
 */
function domainToAscii(domain: string): string | null {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

function domainProblem(domain: string): EmailProblem | null {
  if (domain === "") return { code: "missing_domain" };
  if (domain.startsWith("[")) return { code: "domain_literal" };
  if (domain.startsWith(".")) return { code: "dot_after_at" };
  if (domain.includes("..")) return { code: "double_dot" };
  if (!ASCII_DOMAIN.test(domain)) {
    for (const char of domain) {
      const code = char.codePointAt(0)!;
      if (code <= 127 ? !isAsciiLetterOrDigit(code) && char !== "-" && char !== "." : !LETTER_OR_DIGIT.test(char)) {
        return { code: "invalid_character", detail: char };
      }
    }
  }
  if (!domain.includes(".")) return { code: "domain_without_dot" };
  const topLevel = domain.slice(domain.lastIndexOf(".") + 1);
  // The URL parser would read "x.123" as an IPv4 address; no top-level domain is a number.
  if (/^[0-9]+$/.test(topLevel)) return { code: "invalid_top_level_domain", detail: topLevel };
  return null;
}

/** A valid ASCII domain of plain labels, in one bounded test (labels end at dots, so nothing backtracks far). */
const PLAIN_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function asciiDomainProblem(ascii: string): EmailProblem | null {
  if (ascii.length <= MAX_DOMAIN && PLAIN_DOMAIN.test(ascii)) return null;
  const labels = ascii.split(".");
  for (const label of labels) {
    if (label === "") return { code: "double_dot" };
    if (!/^[a-z0-9-]+$/.test(label)) return { code: "invalid_international_domain" };
    if (label.startsWith("-") || label.endsWith("-")) return { code: "hyphen_at_label_edge", detail: safeUnicode(label) };
    if (label.length > MAX_LABEL) return { code: "label_too_long" };
  }
  if (ascii.length > MAX_DOMAIN) return { code: "domain_too_long" };
  const topLevel = labels[labels.length - 1]!;
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(topLevel)) return { code: "invalid_top_level_domain", detail: safeUnicode(topLevel) };
  return null;
}

function safeUnicode(domain: string): string {
  try {
    return punycode.toUnicode(domain);
  } catch {
    return domain;
  }
}

/**
 * Checks one address (already taken out of `Name <…>`) and gives its stored form or the reason
 * it cannot be used.
 */
export function checkEmailAddress(text: string): EmailCheck {
  if (text.length > 4 * MAX_CHECKED_LENGTH) return problem(text.trim(), "too_long");
  const tidied = tidyAddress(text);
  if (tidied === "") return problem(tidied, "empty");
  if (tidied.length > MAX_CHECKED_LENGTH) return problem(tidied, "too_long");
  if (tidied.startsWith('"') && tidied.includes('"@', 1)) return problem(tidied, "quoted_local_part");
  if (/\s/.test(tidied)) return problem(tidied, "space_inside");
  const at = tidied.indexOf("@");
  if (at < 0) return problem(tidied, "missing_at");
  if (tidied.indexOf("@", at + 1) >= 0) return problem(tidied, "several_at");
  const lower = tidied.toLowerCase();
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  if (local === "") return problem(tidied, "missing_local_part");
  const localProblem = localPartProblem(local);
  if (localProblem) return problem(tidied, localProblem.code, localProblem.detail);
  const written = domainProblem(domain);
  if (written) return problem(tidied, written.code, written.detail);
  const asciiDomain = domainToAscii(domain);
  if (asciiDomain === null) return problem(tidied, "invalid_international_domain");
  const ascii = asciiDomainProblem(asciiDomain);
  if (ascii) return problem(tidied, ascii.code, ascii.detail);
  const asciiAddress = `${local}@${asciiDomain}`;
  if (asciiAddress.length > MAX_EMAIL_LENGTH) return problem(tidied, "too_long");
  let unicodeDomain = asciiDomain;
  if (asciiDomain.includes("xn--")) {
    try {
      unicodeDomain = punycode.toUnicode(asciiDomain);
    } catch {
      return problem(tidied, "invalid_international_domain");
    }
  }
  return { email: `${local}@${unicodeDomain}`, ascii: asciiAddress, problem: null };
}
