/**
 * People's names as planners have them: "Müller, Anna" from Outlook, "Frau Dr. Anna Müller"
 * typed by hand, "Anna Maria von der Leyen" from a spreadsheet. Names are stored as written;
 * this reads them for mails (natural order, family name, titles) without guessing more than a
 * German office would. Pure: used by the server and the browser.
 */

/** The form of address: Frau / Herr. No salutation (divers, unknown, an institution) is neutral. */
export const SALUTATIONS = ["ms", "mr"] as const;
export type Salutation = (typeof SALUTATIONS)[number];

const SALUTATION_WORDS: Record<string, Salutation> = {
  frau: "ms",
  fr: "ms",
  ms: "ms",
  mrs: "ms",
  miss: "ms",
  herr: "mr",
  herrn: "mr",
  hr: "mr",
  mr: "mr",
};
/** Written where the form of address is deliberately neutral. */
const NEUTRAL_WORDS = new Set(["", "-", "–", "divers", "d", "x", "mx", "keine", "keine anrede", "ohne", "neutral", "none", "n/a"]);

/**
 * A salutation as written in a form or a spreadsheet column ("Frau", "Hr.", "Mrs", "divers", "").
 * Returns null for a neutral one and undefined when the text is no salutation at all.
 */
export function readSalutation(text: string): Salutation | null | undefined {
  const word = text.trim().toLowerCase().replace(/\.$/, "");
  if (word in SALUTATION_WORDS) return SALUTATION_WORDS[word];
  if (NEUTRAL_WORDS.has(word)) return null;
  return undefined;
}

/**
 * Splits a leading "Frau" / "Herr" (or Mr, Ms …) off a name, as people write it in lists.
 *
 * @example
 * takeSalutation("Frau Dr. Anna Müller"); // { salutation: "ms", name: "Dr. Anna Müller" }
 * takeSalutation("Herrmann Schulz");      // { salutation: null, name: "Herrmann Schulz" }
 */
export function takeSalutation(written: string): { salutation: Salutation | null; name: string } {
  const name = written.trim();
  const space = name.indexOf(" ");
  if (space > 0) {
    const salutation = readSalutation(name.slice(0, space));
    if (salutation) return { salutation, name: name.slice(space + 1).trim() };
  }
  return { salutation: null, name };
}

export interface PersonName {
  /** In natural order, as a mail addresses the person: "Dr. Anna Müller". */
  full: string;
  /** The family name with its particles ("von der Leyen"), for "Frau …"; empty when there is none. */
  family: string;
  /** The given name(s) ("Anna Maria"), for "Hallo Anna Maria,"; empty when there is none. */
  given: string;
  /** Titles used in a salutation, in order: "Prof.", "Dr.". */
  titles: string[];
  /** Reads as a person's name (given and family name), not an institution's or a single word. */
  isPerson: boolean;
}

const PARTICLES = new Set(["von", "vom", "van", "zu", "zum", "zur", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ter", "ten", "y", "bin", "ibn", "al", "el"]);
/** Words that make a name an institution's: "Kita Nord", "Jugendamt Barmen", "Team Schulsozialarbeit". */
const INSTITUTION_WORDS = new Set([
  "kita", "kindergarten", "kindertagesstätte", "schule", "grundschule", "gesamtschule", "realschule", "hauptschule", "gymnasium",
  "verein", "e.v.", "ev", "ggmbh", "gmbh", "stadt", "gemeinde", "kreis", "amt", "zentrum", "netzwerk", "team", "büro", "buero",
  "info", "kontakt", "beratung", "leitung", "sekretariat", "verwaltung", "träger", "caritas", "diakonie", "awo", "drk", "stiftung",
  "praxis", "klinik", "krankenhaus", "treff", "ag", "arbeitskreis", "fachbereich", "abteilung", "office", "support", "service",
  "poststelle", "einrichtung", "förderverein", "elternbeirat", "schulsozialarbeit", "jugendhilfe", "familienhilfe",
  "koordination", "geschäftsführung", "vorstand", "vorsitz", "redaktion", "empfang", "anmeldung",
]);
const INSTITUTION_ENDINGS = [
  "schule", "zentrum", "verein", "stelle", "kita", "treff", "büro", "netzwerk", "konferenz", "praxis", "klinik", "amt", "gruppe",
  "koordination", "leitung", "team",
];

function isTitle(word: string): "Dr." | "Prof." | "suffix" | null {
  const lower = word.toLowerCase();
  if (lower === "dr." || lower === "dr") return "Dr.";
  if (lower === "prof." || lower === "prof" || lower === "professor" || lower === "professorin") return "Prof.";
  // The faculty after a doctorate: "Dr. med.", "Dr. rer. nat.", "Dr. h.c."
  if (/^(?:med|phil|rer|nat|jur|pol|dent|vet|oec|paed|theol|ing|habil|mult|h\.c|soc|biol)\.$/.test(lower)) return "suffix";
  return null;
}

function isInstitutionWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (INSTITUTION_WORDS.has(lower)) return true;
  return lower.length > 6 && INSTITUTION_ENDINGS.some((ending) => lower.endsWith(ending));
}

/** A word of a person's name: capitalised (letters, hyphen, apostrophe; "A." for an initial) or a particle. */
function isNameWord(word: string): boolean {
  if (PARTICLES.has(word.toLowerCase())) return true;
  return /^\p{Lu}[\p{L}\p{M}'’-]*\.?$/u.test(word) && !isInstitutionWord(word);
}

/** Only name words, and at least one that is not a particle. */
function isNameWords(list: string[]): boolean {
  return list.length > 0 && list.every(isNameWord) && list.some((word) => !PARTICLES.has(word.toLowerCase()));
}

function words(text: string): string[] {
  return text.split(" ").filter((word) => word !== "");
}

const TITLE_ORDER = ["Prof.", "Dr."] as const;

/** Leading titles off a list of words (one word always stays): ["Dr.", "med.", "Anna"] → titles ["Dr."], written ["Dr.", "med."], rest ["Anna"]. */
function splitTitles(list: string[]): { titles: string[]; written: string[]; rest: string[] } {
  const found = new Set<string>();
  let index = 0;
  while (index < list.length - 1) {
    const kind = isTitle(list[index]!);
    if (kind === null) break;
    if (kind !== "suffix") found.add(kind);
    index++;
  }
  return { titles: TITLE_ORDER.filter((title) => found.has(title)), written: list.slice(0, index), rest: list.slice(index) };
}

/** The last word with the particles before it: "Anna von der Leyen" → "von der Leyen". */
function familyOf(list: string[]): string {
  let start = list.length - 1;
  while (start > 0 && PARTICLES.has(list[start - 1]!.toLowerCase())) start--;
  return list.slice(start).join(" ");
}

/**
 * Reads a written name. "Last, First" (Outlook, address lists) is turned round only when both
 * sides look like parts of a person's name, so "Stadt Wuppertal, Jugendamt" stays as it is.
 *
 * @example
 * readPersonName("Müller, Dr. Anna");            // { full: "Dr. Anna Müller", family: "Müller", titles: ["Dr."], isPerson: true }
 * readPersonName("Anna Maria von der Leyen");    // { full: "Anna Maria von der Leyen", family: "von der Leyen", … }
 * readPersonName("Kita Sonnenblume");            // { full: "Kita Sonnenblume", family: "", titles: [], isPerson: false }
 */
export function readPersonName(written: string): PersonName {
  const text = written.replace(/\s+/g, " ").trim();
  const comma = text.indexOf(",");
  if (comma > 0) {
    const familySide = splitTitles(words(text.slice(0, comma)));
    const givenSide = splitTitles(words(text.slice(comma + 1).replace(/,/g, " ")));
    const family = familySide.rest;
    const given = givenSide.rest;
    const person = family.length <= 4 && given.length <= 4 && isNameWords(family) && isNameWords(given);
    if (person) {
      const titles = TITLE_ORDER.filter((title) => givenSide.titles.includes(title) || familySide.titles.includes(title));
      return {
        full: [...familySide.written, ...givenSide.written, ...given, ...family].join(" "),
        family: family.join(" "),
        given: given.join(" "),
        titles,
        isPerson: true,
      };
    }
    return { full: text, family: "", given: "", titles: [], isPerson: false };
  }
  const { titles, rest } = splitTitles(words(text));
  if (rest.length === 0) return { full: text, family: "", given: "", titles: [], isPerson: false };
  if (!isNameWords(rest)) return { full: text, family: "", given: "", titles: [], isPerson: false };
  const family = familyOf(rest);
  const given = rest.slice(0, rest.length - family.split(" ").length).join(" ");
  return { full: text, family, given, titles, isPerson: rest.length >= 2 && rest.length <= 6 };
}
