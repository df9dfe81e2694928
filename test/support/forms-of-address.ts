/**
 * Words that address the reader formally ("Sie", "Ihre" …) or informally ("du", "deine" …).
 * Case matters: lower-case "sie"/"ihre" are pronouns ("they", "their") and allowed everywhere.
 * A capitalised "Sie"/"Ihre" at the start of a sentence can be a pronoun too, so respondent texts
 * in the "du" form avoid starting a sentence with one (the check below would take it as address).
 */
const formalWords = /\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b/g;
const informalWords = /\b([Dd]u|[Dd]ich|[Dd]ir|[Dd]ein|[Dd]eine|[Dd]einem|[Dd]einen|[Dd]einer|[Dd]eines)\b/g;

/** The formal address words in a text ("Sie", "Ihre" …); empty when it speaks informally or to no one. */
export function formalAddressIn(text: string): string[] {
  return text.match(formalWords) ?? [];
}

/** The informal address words in a text ("du", "deine" …). */
export function informalAddressIn(text: string): string[] {
  return text.match(informalWords) ?? [];
}
