/**
 * Invented but realistic German names for example data: districts (Stadtteile), people (contact
 * persons), the name stems institutions are called after, e-mail addresses made from names, and
 * short sentences for free-text answers. Shared by the example municipality (Musterstadt) and the
 * benchmarks' data generator. No real institution or person is meant.
 *
 * @example
 * districtNames(3);                        // ["Altstadt-Nord", "Altstadt-Süd", "Nordstadt"]
 * personName(seededRandom(1));             // "Sabine Krüger"
 * mailSlug("Kita Sonnenblume");            // "kita-sonnenblume"
 */
import { slug } from "../lib/slug.ts";
import type { Random } from "./random.ts";

/** Districts of a mid-sized German town, in the order planners would list them. */
export const DISTRICT_NAMES = [
  "Altstadt-Nord",
  "Altstadt-Süd",
  "Nordstadt",
  "Ostpark",
  "Südstadt",
  "Weststadt",
  "Hafenviertel",
  "Lindenhof",
  "Am Bruchfeld",
  "Kirchberg",
  "Auenviertel",
  "Heide",
  "Neustadt",
  "Bergheim",
  "Rosenhügel",
  "Mühlenbach",
] as const;

/** The first `count` district names; beyond the list, numbered ones ("Bezirk 17"). */
export function districtNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => DISTRICT_NAMES[index] ?? `Bezirk ${index + 1}`);
}

const FIRST_NAMES = [
  "Anna", "Sabine", "Fatma", "Olga", "Katarzyna", "Julia", "Miriam", "Aylin", "Petra", "Lena", "Sevgi", "Ines", "Claudia", "Nadia", "Jana",
  "Thomas", "Lukas", "Mehmet", "Jonas", "Stefan", "Andrzej", "Dimitri", "Markus", "Tobias", "Ali", "Frank", "Kemal", "Jan", "Sven", "Yusuf",
] as const;

const LAST_NAMES = [
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Krüger", "Koch", "Richter",
  "Wolf", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Lange", "Yılmaz", "Demir", "Kaya", "Nowak", "Kowalski", "Petrović",
  "Iwanow", "Schäfer", "Baumann", "Kühn", "Özdemir", "Lehmann", "Vogel", "Brandt", "Günther",
] as const;

/** An invented "First Last" name. */
export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

/**
 * Name stems institutions are called after ("Kita Sonnenblume", "Familienzentrum Regenbogen"):
 * the ones children's and family services in Germany typically carry.
 */
export const FRIENDLY_STEMS = [
  "Sonnenblume", "Regenbogen", "Pusteblume", "Löwenzahn", "Kunterbunt", "Wirbelwind", "Sternschnuppe", "Schatzkiste", "Spatzennest",
  "Zwergenland", "Arche Noah", "Marienkäfer", "Himmelszelt", "Abenteuerland", "Traumland", "Sonnenschein", "Pfiffikus", "Glühwürmchen",
  "Purzelbaum", "Rappelkiste", "Lummerland", "Kleine Strolche", "Villa Kunterbunt", "Wolkenburg", "Sausewind",
] as const;

/** Street and place names schools and youth centres are named after ("Grundschule Am Lindenplatz"). */
export const PLACE_STEMS = [
  "Am Lindenplatz", "Am Stadtgarten", "An der Mühle", "Am Wasserturm", "Im Grünen Winkel", "Am Kirchberg", "An der Aue", "Am Markt",
  "Am Park", "An der Alten Feuerwache", "Am Rosenhügel", "Im Lohfeld", "An der Bleiche", "Am Hafenbecken", "In der Heide",
] as const;

/** Lower-case ASCII, umlauts spelled out, words joined by hyphens: for e-mail local parts and file names. */
export function mailSlug(text: string): string {
  return slug(text);
}

/** Words planners' free-text answers are made of, for generated sentences. */
const WORDS = [
  "Kita", "Schule", "Räume", "Zeit", "Personal", "Kooperation", "Eltern", "Jugend", "Beratung", "Sprache", "Netzwerk", "Quartier",
  "verlässlich", "Austausch", "Übergang", "Familien", "Angebote", "Stadtteil", "Absprachen", "Vertrauen",
] as const;

/** A sentence of 3–12 words from the planners' vocabulary (for fillers and benchmarks). */
export function wordSentence(random: Random): string {
  const words = Array.from({ length: random.int(3, 12) }, () => random.pick(WORDS));
  const sentence = words.join(" ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
