import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite, openImportedSurvey, submitAnswers } from "../support/scenes.ts";

/**
 * Rankings and matrices with cells (matrixdropdown, matrixdynamic) say what they count: a
 * ranking as places per option with its mean rank, a matrix of dropdowns as one figure per row
 * and column like a question of the cell's type, a matrix with rows the respondent adds as a list
 * whose untouched rows do not count; the export has a column per cell and a list per matrix of
 * added rows.
 */
type Json = Record<string, any>;

const definition = {
  title: "Angebote im Quartier",
  pages: [
    {
      name: "seite1",
      elements: [
        { type: "ranking", name: "prioritaet", title: "Was ist am dringendsten?", choices: [{ value: "kita", text: "Kita-Plätze" }, { value: "jugend", text: "Jugendtreff" }, { value: "beratung", text: "Beratung" }] },
        {
          type: "matrixdropdown",
          name: "zielgruppen",
          title: "Wen erreichen Sie?",
          cellType: "checkbox",
          choices: [{ value: "gut", text: "gut erreicht" }, { value: "schlecht", text: "schwer erreicht" }],
          columns: [{ name: "eltern", title: "Eltern" }, { name: "anzahl", title: "Anzahl", cellType: "text", inputType: "number" }, { name: "summe", cellType: "expression", expression: "1" }],
          rows: [{ value: "ost", text: "Ost" }, { value: "west", text: "West" }],
        },
        {
          type: "matrixdynamic",
          name: "kurse",
          title: "Ihre Kurse",
          rowCount: 2,
          columns: [
            { name: "kurs", title: "Kurs", cellType: "text" },
            { name: "plaetze", title: "Plätze", cellType: "text", inputType: "number" },
            { name: "kostenlos", title: "Kostenlos", cellType: "boolean", defaultValue: true },
          ],
        },
      ],
    },
  ],
};

const answersOf: Json[] = [
  { prioritaet: ["kita", "beratung", "jugend"], zielgruppen: { ost: { eltern: ["gut"], anzahl: 12 } }, kurse: [{ kurs: "Yoga für Eltern", plaetze: 10, kostenlos: true }, { kostenlos: true }] },
  { prioritaet: ["kita", "jugend", "beratung"], zielgruppen: { ost: { eltern: ["gut", "schlecht"] }, west: { anzahl: 4 } }, kurse: [{ kostenlos: true }, { kostenlos: true }] },
  { prioritaet: ["jugend", "kita", "beratung"], zielgruppen: { west: {} }, kurse: [{ kurs: "Schwimmen", plaetze: 8, kostenlos: false }, { kurs: "Erste Hilfe", kostenlos: true }] },
];

describeEachDatabase("results of rankings and matrices with cells", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  let byName: Map<string, Json>;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Bochum"));
    surveyId = await openImportedSurvey(planner, "quartier.json", definition, { closingDate: "2099-12-31" });
    const tokens = await invite(testApp, planner, surveyId, answersOf.map((_, index) => `einrichtung${index}@example.org`));
    for (const [index, answers] of answersOf.entries()) await submitAnswers(testApp, tokens[`einrichtung${index}@example.org`]!, answers, { baseRevision: 0 });
    const results = await planner.json("GET", `/api/surveys/${surveyId}/results`);
    byName = new Map((results.questions as Json[]).map((question) => [question.name, question]));
  });
  afterAll(() => testApp.close());

  it("shows a ranking as the places each option took and its mean rank", () => {
    const ranking = byName.get("prioritaet")!;
    expect(ranking).toMatchObject({ kind: "matrix", type: "ranking", n: 3, meanOf: "value" });
    const rows = Object.fromEntries((ranking.rows as Json[]).map((row) => [row.label.de, { mean: row.mean, places: row.distribution.map((cell: Json) => cell.count) }]));
    expect(rows).toEqual({
      "Kita-Plätze": { mean: 4 / 3, places: [2, 1, 0] },
      Jugendtreff: { mean: 2, places: [1, 1, 1] },
      Beratung: { mean: 8 / 3, places: [0, 1, 2] },
    });
  });

  it("shows a matrix of dropdowns cell by cell, each like a question of its type, without computed cells", () => {
    const matrix = byName.get("zielgruppen")!;
    // The third respondent's empty row is no answer.
    expect(matrix).toMatchObject({ kind: "multipletext", type: "matrixdropdown", n: 2 });
    const cells = new Map((matrix.items as Json[]).map((item) => [item.name, item]));
    expect([...cells.keys()]).toEqual(["ost.eltern", "ost.anzahl", "west.eltern", "west.anzahl"]);
    expect(cells.get("ost.eltern")).toMatchObject({ kind: "multiple", type: "checkbox", n: 2, title: { de: "Ost: Eltern" } });
    expect(cells.get("ost.eltern")!.options.map((option: Json) => [option.label.de, option.count])).toEqual([["gut erreicht", 2], ["schwer erreicht", 1]]);
    expect(cells.get("ost.anzahl")).toMatchObject({ kind: "numeric", n: 1, mean: 12 });
    expect(cells.get("west.anzahl")).toMatchObject({ kind: "numeric", n: 1, mean: 4 });
    expect(cells.get("west.eltern")).toMatchObject({ kind: "multiple", n: 0 });
  });

  it("shows a matrix with added rows as a list in which untouched rows do not count", () => {
    const list = byName.get("kurse")!;
    // Rows holding only the column's default (kostenlos: true) are untouched.
    expect(list).toMatchObject({ kind: "paneldynamic", type: "matrixdynamic", n: 2, entries: 3 });
    const fields = new Map((list.fields as Json[]).map((field) => [field.name, field]));
    expect(fields.get("kurs")).toMatchObject({ kind: "text", n: 3 });
    expect([...(fields.get("kurs")!.texts as string[])].sort()).toEqual(["Erste Hilfe", "Schwimmen", "Yoga für Eltern"]);
    expect(fields.get("plaetze")).toMatchObject({ kind: "numeric", n: 2, mean: 9 });
    expect(fields.get("kostenlos")!.options.map((option: Json) => [option.value, option.count])).toEqual([["true", 2], ["false", 1]]);
  });

  it("exports a column per cell and the added rows as a list of their own", async () => {
    const csv = await (await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=csv&values=codes`)).text();
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((row) => row.length > 1);
    const header = rows[0]!;
    for (const name of ["prioritaet.kita", "zielgruppen.ost.eltern", "zielgruppen.ost.eltern.gut", "zielgruppen.ost.anzahl", "zielgruppen.west.anzahl"]) expect(header, name).toContain(name);
    expect(header.some((name) => name.includes("summe"))).toBe(false);
    expect(header.some((name) => name.startsWith("kurse"))).toBe(false);
    const values = rows.slice(1).map((row) => [row[header.indexOf("prioritaet.kita")], row[header.indexOf("zielgruppen.ost.eltern")], row[header.indexOf("zielgruppen.west.anzahl")]]);
    expect(values.sort()).toEqual([
      ["1", "gut", ""],
      ["1", "gut; schlecht", "4"],
      ["2", "", ""],
    ].sort());

    const xlsx = await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=xlsx&values=codes`);
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets.find((candidate) => candidate.getRow(1).values.toString().includes("plaetze"));
    expect(sheet, workbook.worksheets.map((candidate) => candidate.name).join(", ")).toBeDefined();
    // Three rows with content, none of the untouched ones.
    expect(sheet!.actualRowCount - 1).toBe(3);
  });
});
