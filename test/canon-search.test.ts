/**
 * German-aware search text (server/lib/search-text.ts) with the canon's synonyms
 * (server/canon/canon-search.ts), checked without a database: `matches` does what the SQL
 * `LIKE` conditions of `searchConditionOf` do.
 */
import { describe, expect, it } from "vitest";
import { canonSearchText, CANON_SYNONYMS } from "../server/canon/canon-search.ts";
import { compileSynonymGroups, foldForSearch, likePatternOf, searchableText, searchTermsOf, stemGerman, stemsOf } from "../server/lib/search-text.ts";

const synonyms = compileSynonymGroups(CANON_SYNONYMS);

/** What `search_text LIKE pattern` (for every term) answers, in JavaScript. */
function matches(stored: string, query: string): boolean {
  return searchTermsOf(query).every((term) => (term.wholeWordStart ? stored.includes(` ${term.stem}`) : stored.includes(term.stem)));
}

const textOf = (...parts: string[]) => searchableText(parts, synonyms);

describe("folding and stemming", () => {
  it("folds case, umlauts and ß", () => {
    expect(foldForSearch("Übergänge  GROSS Straße")).toBe("uebergaenge gross strasse");
  });

  it("gives one stem for the forms planners type", () => {
    const same = (...words: string[]) => expect(new Set(words.map((word) => stemsOf(word).join(" "))).size, words.join(" / ")).toBe(1);
    same("Kindertagesstätte", "Kindertagesstätten", "KINDERTAGESSTAETTE", "kindertagesstatte");
    same("Schule", "Schulen");
    same("Träger", "Trägers", "traeger");
    same("Jugendamt", "Jugendamtes", "Jugendämter");
    same("Kita", "Kitas", "KITA");
    same("Übergang", "Uebergang", "Ubergang");
  });

  it("implements CISTEM's rules (ge- prefix, doubled letters, endings)", () => {
    expect(stemGerman("gesundheit")).toBe(stemGerman("sundheit"));
    expect(stemGerman("schulen")).toBe("schul");
    expect(stemGerman("kindertagesstatten")).toBe("kindertagesstatt");
    expect(stemGerman("asd")).toBe("asd");
  });
});

describe("search terms", () => {
  it("drops stop words unless nothing else is left", () => {
    expect(searchTermsOf("Rund um die Kita").map((term) => term.stem)).toEqual(["rund", "kita"]);
    expect(searchTermsOf("die").map((term) => term.stem)).toEqual(["die"]);
  });

  it("matches short stems at word starts only and long stems inside compounds", () => {
    expect(likePatternOf(searchTermsOf("ASD")[0]!)).toBe("% asd%");
    expect(likePatternOf(searchTermsOf("Schule")[0]!)).toBe("%schul%");
    expect(matches(textOf("Angebote an Grundschulen"), "Schule")).toBe(true);
    expect(matches(textOf("Basdorf"), "ASD")).toBe(false);
    expect(matches(textOf("Vertrag mit dem Land"), "Träger")).toBe(false);
    expect(matches(textOf("Welche Träger sind beteiligt?"), "Trägers")).toBe(true);
  });

  it("needs every term", () => {
    expect(matches(textOf("Netzwerk der Kitas"), "Kita Netzwerk")).toBe(true);
    expect(matches(textOf("Netzwerk der Kitas"), "Kita Sport")).toBe(false);
  });
});

describe("synonyms and abbreviations", () => {
  const pairs: [string, string][] = [
    ["Wie viele Kitas gibt es im Stadtteil?", "Kindertagesstätte"],
    ["Kooperation mit Kindertagesstätten", "Kita"],
    ["Kooperation mit Kindertageseinrichtungen", "Kitas"],
    ["Zusammenarbeit mit dem Jugendamt", "ASD"],
    ["Kontakt zum ASD", "Jugendamt"],
    ["Kontakt zum Allgemeinen Sozialen Dienst", "ASD"],
    ["Angebote in der OGS", "Offene Ganztagsschule"],
    ["Angebote im Offenen Ganztag", "OGS"],
    ["Angebote der Offenen Ganztagsschule", "OGS"],
    ["Ist die Einrichtung ein Familienzentrum?", "Familienzentren"],
    ["Welche Familienzentren sind beteiligt?", "Familienzentrum"],
    ["Beratung für Eltern", "Elternteil"],
    ["Beratung für Alleinerziehende und jedes Elternteil", "Eltern"],
    ["Angebote für Geflüchtete", "Flüchtlinge"],
    ["Kinder mit Migrationshintergrund", "Zuwanderungsgeschichte"],
  ];
  it.each(pairs)("finds %j with %j", (text, query) => {
    expect(matches(textOf(text), query)).toBe(true);
  });

  it("does not invent meaning", () => {
    expect(matches(textOf("Angebote der Grundschule"), "OGS")).toBe(false);
    expect(matches(textOf("Sportverein"), "Kita")).toBe(false);
    expect(matches(textOf("Kontakt zum Gesundheitsamt"), "ASD")).toBe(false);
    expect(matches(textOf("Do you take part in the network?"), "Eltern")).toBe(false);
  });
});

describe("canon search text", () => {
  const item = {
    itemId: "own.kita_plaetze",
    element: { type: "text", title: { de: "Wie viele Plätze hat die Einrichtung?", en: "How many places does the institution have?" } },
    help: { de: "Gezählt am Stichtag.", en: "Counted on the reference date." },
    moduleTitle: { de: "Eigene Fragen", en: "Own questions" },
    tags: { lifePhases: ["early_childhood"], fieldsOfAction: ["youth_welfare"], topics: ["parents", "early_help"] },
  };
  const stored = canonSearchText(item);

  it("covers the element, help, module and the tags with their German and English labels", () => {
    for (const query of ["Plätze", "places", "Stichtag", "eigene", "Kindertagesstätte", "Jugendhilfe", "youth welfare", "Eltern", "early help"]) {
      expect(matches(stored, query), query).toBe(true);
    }
  });

  it("is a space-separated list of distinct stems", () => {
    expect(stored.startsWith(" ") && stored.endsWith(" ")).toBe(true);
    const words = stored.trim().split(" ");
    expect(new Set(words).size).toBe(words.length);
  });
});
