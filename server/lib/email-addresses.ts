import { z } from "zod";

export type EntryProblem = "missing_at" | "missing_domain" | "invalid_address" | "too_long";

export interface ParsedEntry {
  /** The text as pasted, so an invalid entry can be shown and edited as the planner typed it. */
  raw: string;
  email: string;
  name: string;
  problem?: EntryProblem;
  /** True when the same address came earlier in the list; it is merged into that one. */
  duplicate: boolean;
}

const emailSchema = z.email();

/**
 * Splits what planners paste (one per line, commas, semicolons, tabs, `Name <mail>`,
 * `"Müller, Hans" <h.mueller@example.org>` from Outlook) into entries. Separators inside
 * quotes or angle brackets do not split.
 */
export function splitRecipientText(text: string): string[] {
  const entries: string[] = [];
  let current = "";
  let inQuotes = false;
  let inAngle = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === "<" && !inQuotes) inAngle = true;
    else if (char === ">" && !inQuotes) inAngle = false;
    if (!inQuotes && !inAngle && /[\n\r,;\t]/.test(char)) {
      entries.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

function classify(email: string): EntryProblem | undefined {
  if (email.length > 254) return "too_long";
  if (!email.includes("@")) return "missing_at";
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (!domain || !domain.includes(".")) return "missing_domain";
  return emailSchema.safeParse(email).success ? undefined : "invalid_address";
}

/** Parses one pasted entry into address and display name, with the reason if it is not valid. */
export function parseEntry(raw: string): Omit<ParsedEntry, "duplicate"> {
  const bracketed = raw.match(/^(.*?)<([^<>]*)>\s*$/);
  const name = (bracketed ? bracketed[1]! : "").trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1").trim();
  const email = (bracketed ? bracketed[2]! : raw)
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  const problem = classify(email);
  return problem ? { raw, email, name, problem } : { raw, email, name };
}

/** Splits and parses a pasted list; later copies of an address are marked as duplicates. */
export function parseRecipientList(text: string): ParsedEntry[] {
  const seen = new Set<string>();
  return splitRecipientText(text).map((raw) => {
    const entry = parseEntry(raw);
    const duplicate = !entry.problem && seen.has(entry.email);
    if (!entry.problem) seen.add(entry.email);
    return { ...entry, duplicate };
  });
}
