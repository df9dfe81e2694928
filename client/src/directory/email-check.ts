/**
 * A quick check of one address while the planner types, with the same reason codes the server
 * gives (the server checks again on save and has the last word).
 */
export type EmailProblemCode = "missing_at" | "missing_domain" | "invalid_address" | "too_long";

export function emailProblemOf(raw: string): EmailProblemCode | null {
  const bracketed = raw.match(/<([^<>]*)>\s*$/);
  const email = (bracketed ? bracketed[1]! : raw).trim().replace(/^mailto:/i, "");
  if (email === "") return null;
  if (email.length > 254) return "too_long";
  if (!email.includes("@")) return "missing_at";
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (!domain || !domain.includes(".")) return "missing_domain";
  return /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\.]{2,}$/.test(email) ? null : "invalid_address";
}

/** Several addresses pasted into one field ("a@x.de; b@y.de"), split like the recipient lists. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\n\r,;\t]+|\s+(?=[^\s<>]+@)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
