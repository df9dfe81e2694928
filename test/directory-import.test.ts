import { describe, expect, it } from "vitest";
import { protectCell, toCsv } from "../server/directory/directory-export.ts";
import { fieldOfActionCode, lifePhaseCode } from "../server/directory/directory-vocabulary.ts";
import { readRecords, splitNames, suggestMapping, unprotectCell } from "../server/directory/import-mapping.ts";
import { decodeText, guessDelimiter, parseCsv, type TableRow } from "../server/directory/table-file.ts";

const rowsOf = (...rows: string[][]): TableRow[] => rows.map((cells, index) => ({ row: index + 2, cells }));

describe("column mapping suggestion", () => {
  it("recognises German and English header names regardless of case, hyphens and plural", () => {
    const headers = ["Name der Einrichtung", "Trägerart", "E-Mail-Adresse(n)", "Ansprechpartner:in", "Sozialraum", "Lebensphase(n)", "Handlungsfeld(er)", "Mitglied in", "Bemerkung"];
    expect(suggestMapping(headers, [])).toEqual({
      kind: null,
      name: 0,
      type: 1,
      emails: 2,
      contactPerson: 3,
      salutation: null,
      language: null,
      district: 4,
      lifePhases: 5,
      fieldsOfAction: 6,
      memberOf: 7,
      notes: 8,
    });
    expect(suggestMapping(["Institution", "Email address", "Contact person", "District", "Networks", "Notes"], [])).toMatchObject({
      name: 0,
      emails: 1,
      contactPerson: 2,
      district: 3,
      memberOf: 4,
      notes: 5,
    });
  });

  it('reads "Art" as the kind when its values are Einrichtung/Netzwerk, and as the type otherwise', () => {
    const kinds = suggestMapping(["Art", "Name", "Typ"], rowsOf(["Einrichtung", "Kita A", "Kita"], ["Netzwerk", "STK", "Stadtteilkonferenz"]));
    expect(kinds).toMatchObject({ kind: 0, name: 1, type: 2 });
    const types = suggestMapping(["Name", "Art"], rowsOf(["Kita A", "Kita"], ["Beratung B", "Beratungsstelle"]));
    expect(types).toMatchObject({ kind: null, name: 0, type: 1 });
  });

  it('gives "Netzwerk" to the name when no other name column exists, else to the memberships', () => {
    expect(suggestMapping(["Netzwerk", "E-Mail"], [])).toMatchObject({ name: 0, memberOf: null });
    expect(suggestMapping(["Name", "Netzwerk"], [])).toMatchObject({ name: 0, memberOf: 1 });
  });
});

describe("reading rows", () => {
  const mapping = { name: 0, emails: 1, lifePhases: 2, fieldsOfAction: 3, kind: 4 };

  it("accepts canon codes, German and English labels and short forms, in any case and with , ; | between", () => {
    const { records, rejected } = readRecords(
      rowsOf(["Kita A", "A@Kita.de; b@kita.de", "rund um die kita | SCHOOL", "Gesundheit, youth_welfare; Child and youth welfare", ""]),
      mapping,
      "institution",
    );
    expect(rejected).toEqual([]);
    expect(records[0]).toMatchObject({
      kind: "institution",
      emails: ["a@kita.de", "b@kita.de"],
      lifePhases: ["early_childhood", "school"],
      fieldsOfAction: ["health", "youth_welfare"],
    });
  });

  it("rejects a row with every reason it has, and keeps the row number", () => {
    const { records, rejected } = readRecords(rowsOf(["Kita B", "kita.de, ok@kita.de", "Rente", "Tanz", "Verein"], ["", "", "", "", ""]), mapping, "network");
    expect(records).toEqual([]);
    expect(rejected).toEqual([
      {
        row: 2,
        name: "Kita B",
        reasons: [
          expect.objectContaining({ code: "unknown_kind", messageDe: "Unbekannte Art „Verein“ (erwartet: Einrichtung oder Netzwerk)" }),
          expect.objectContaining({ code: "invalid_email", messageDe: "Ungültige E-Mail-Adresse „kita.de“: Es fehlt das @-Zeichen" }),
          expect.objectContaining({ code: "unknown_life_phase", message: 'Unknown life phase "Rente"' }),
          expect.objectContaining({ code: "unknown_field_of_action" }),
        ],
      },
      { row: 3, name: "", reasons: [expect.objectContaining({ code: "missing_name" })] },
    ]);
  });

  it("maps vocabulary words to codes and nothing else", () => {
    expect(lifePhaseCode("Von der Grundschule bis in die weiterführende Schule")).toBe("school");
    expect(lifePhaseCode("  pregnancy AND birth ")).toBe("pregnancy_birth");
    expect(lifePhaseCode("Rente")).toBeUndefined();
    expect(fieldOfActionCode("kinder- und jugendhilfe")).toBe("youth_welfare");
    expect(fieldOfActionCode("Social affairs")).toBe("social");
  });

  it("splits network names on ; or | and only on commas when there is nothing else", () => {
    expect(splitNames("Netzwerk Frühe Hilfen, Eving; STK Eving")).toEqual(["Netzwerk Frühe Hilfen, Eving", "STK Eving"]);
    expect(splitNames("STK Eving, STK Huckarde")).toEqual(["STK Eving", "STK Huckarde"]);
    expect(splitNames(" ; ")).toEqual([]);
  });
});

describe("CSV files", () => {
  it("decodes UTF-8 with and without BOM and falls back to Windows-1252", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("Größe")]))).toBe("Größe");
    expect(decodeText(new Uint8Array(Buffer.from("Größe")))).toBe("Größe");
    // "Größe – €" as Excel writes it on German Windows: ö, ß, en dash and euro are single bytes.
    expect(decodeText(new Uint8Array([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x20, 0x96, 0x20, 0x80]))).toBe("Größe – €");
  });

  it("guesses the separator from the header line, ignoring quoted ones", () => {
    expect(guessDelimiter('Name;"Träger, Art";E-Mail\nx;y;z')).toBe(";");
    expect(guessDelimiter("Name,E-Mail\n")).toBe(",");
    expect(guessDelimiter("Name\tE-Mail\tNotiz\n")).toBe("\t");
    expect(parseCsv('Name;Notiz\n"Kita ""Sonne""";"Zeile 1\nZeile 2"\n').slice(0, 2)).toEqual([
      { row: 1, cells: ["Name", "Notiz"] },
      { row: 2, cells: ['Kita "Sonne"', "Zeile 1\nZeile 2"] },
    ]);
  });

  it("neutralises cells a spreadsheet would run as a formula, and the import restores them", () => {
    for (const dangerous of ["=SUMME(A1)", "+49 202 123", "-Beratung", "@Kita", "\tx", "\rx"]) {
      expect(protectCell(dangerous)).toBe(`'${dangerous}`);
      expect(unprotectCell(protectCell(dangerous))).toBe(dangerous);
    }
    expect(protectCell("Kita = Kindertagesstätte")).toBe("Kita = Kindertagesstätte");
    expect(unprotectCell("'Sonne'")).toBe("'Sonne'");
    const csv = toCsv([["Name", "Notiz"], ["=1+1", "a;b"]]);
    expect(csv).toBe("\uFEFFName;Notiz\r\n'=1+1;\"a;b\"\r\n");
  });
});
