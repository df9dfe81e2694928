import type { Language } from "./languages.ts";
import { readPersonName, type Salutation } from "./person-name.ts";
import type { FormOfAddress } from "./survey-audience.ts";

export interface Addressee {
  /** The name as written ("Müller, Anna", "Dr. Jörg Schmidt", "Kita Nord" or empty). */
  name: string;
  salutation: Salutation | null;
}

/** "MÜLLER" from a system that writes family names in capitals reads "Müller" in a greeting. */
function displayCase(name: string): string {
  return name
    .split(" ")
    .map((word) =>
      word.length < 2 || word !== word.toUpperCase() || word.toLowerCase() === word
        ? word
        : word.toLowerCase().replace(/(^|['-])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase()),
    )
    .join(" ");
}

/**
 * The first line of a mail, as German public bodies write it today: "Guten Tag Frau Dr. Müller,"
 * where the form of address is known; otherwise neutral with the full name in natural order
 * ("Guten Tag Anna Müller,") or, for an institution or no name, "Guten Tag,". English:
 * "Dear Ms Müller," / "Dear Anna Müller," / "Hello,". A survey that says "du" (young people)
 * greets by the given name: "Hallo Anna," / "Hallo," (English "Hello Anna,").
 *
 * @example
 * greetingLine("de", { name: "Schmidt, Jörg", salutation: "mr" }); // "Guten Tag Herr Schmidt,"
 * greetingLine("de", { name: "Schmidt, Jörg", salutation: null }); // "Guten Tag Jörg Schmidt,"
 * greetingLine("de", { name: "Schmidt, Jörg", salutation: "mr" }, "du"); // "Hallo Jörg,"
 * greetingLine("en", { name: "Kita Nord", salutation: null });     // "Hello,"
 */
export function greetingLine(language: Language, addressee: Addressee, formOfAddress: FormOfAddress = "sie"): string {
  const person = readPersonName(addressee.name);
  if (formOfAddress === "du") {
    const given = person.isPerson ? displayCase(person.given) : "";
    return language === "de" ? (given ? `Hallo ${given},` : "Hallo,") : given ? `Hello ${given},` : "Hello,";
  }
  const family = displayCase(person.family);
  if (addressee.salutation && family) {
    if (language === "de") {
      const form = addressee.salutation === "ms" ? "Frau" : "Herr";
      return `Guten Tag ${[form, ...person.titles, family].join(" ")},`;
    }
    const form = person.titles.includes("Prof.") ? "Professor" : person.titles.includes("Dr.") ? "Dr" : addressee.salutation === "ms" ? "Ms" : "Mr";
    return `Dear ${form} ${family},`;
  }
  const full = displayCase(person.full);
  if (person.isPerson) return language === "de" ? `Guten Tag ${full},` : `Dear ${full},`;
  return language === "de" ? "Guten Tag," : "Hello,";
}

/** The name in natural order for `{{name}}` ("Müller, Anna" → "Anna Müller"). */
export function displayName(name: string): string {
  return readPersonName(name).full;
}

/**
 * The display name of the To: header: the name in natural order, and a family name standing
 * alone with its form of address ("Frau Beispiel", "Ms Beispiel").
 */
export function mailboxName(language: Language, addressee: Addressee): string {
  const person = readPersonName(addressee.name);
  if (!person.isPerson && addressee.salutation && person.family && person.family === person.full) {
    const form = language === "de" ? (addressee.salutation === "ms" ? "Frau" : "Herr") : addressee.salutation === "ms" ? "Ms" : "Mr";
    return `${form} ${person.family}`;
  }
  return person.full;
}
