import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { buildYouthXlsForm, youthLimeSurvey } from "../support/questionnaire-files.ts";

/**
 * "Fragebogen importieren": a realistic multi-page SurveyJS youth survey becomes a draft survey
 * with its pages, section, names, codes, required flags, conditions and checks; it opens, is
 * answered through the respondent API (the server checks required questions and conditions),
 * and its export carries exactly the original names and codes. LimeSurvey and XLSForm files of
 * the same questionnaire import into the same shape; the report lists what was dropped; the
 * respondent sees no provenance and no client-data warning; bad files get a 400 with a reason.
 */
const youthJson = readFileSync(new URL("../fixtures/jugendbefragung.surveyjs.json", import.meta.url), "utf8");
const base64 = (content: string | Uint8Array) => Buffer.from(content).toString("base64");

type Json = Record<string, any>;

/** Every element of a definition (pages, panels, nested), by name. */
function elementsByName(definition: Json): Map<string, Json> {
  const found = new Map<string, Json>();
  const walk = (elements: Json[] | undefined) => {
    for (const element of elements ?? []) {
      if (element.name) found.set(element.name, element);
      walk(element.elements);
    }
  };
  for (const page of definition.pages ?? []) walk(page.elements);
  return found;
}

describeEachDatabase("questionnaire import", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let imported: Json;

  const importFile = (fileName: string, content: string | Uint8Array, extra: Json = {}) =>
    planner.request("POST", "/api/surveys/import", { fileName, contentBase64: base64(content), ...extra });

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    const response = await importFile("jugendbefragung.json", youthJson, { canonLabel: "Jugendbefragung 2024" });
    imported = await response.json();
    expect(response.status, JSON.stringify(imported)).toBe(201);
  });
  afterAll(() => testApp.close());

  it("makes a draft survey with the file's pages, section, names, codes, required flags and conditions", async () => {
    expect(imported).toMatchObject({ title: "Jugendbefragung Freizeit 2024", format: "surveyjs", pageCount: 3 });
    const survey = await planner.json("GET", `/api/surveys/${imported.surveyId}`);
    expect(survey.status).toBe("draft");
    expect(survey.pages.map((page: Json) => [page.id, page.title?.de])).toEqual([
      ["ueber_dich", "Über dich"],
      ["freizeit", "Deine Freizeit"],
      ["ideen", "Deine Ideen"],
    ]);
    expect(survey.items.map((item: Json) => [item.itemId, item.type, item.own, item.required])).toEqual([
      ["alter", "dropdown", true, true],
      ["schule", "radiogroup", true, true],
      ["schulform", "dropdown", true, true],
      ["jugendzentrum_block", "panel", true, false],
      ["stunden_sport", "text", true, false],
      ["wichtig", "ranking", true, false],
      ["angebote", "matrixdropdown", true, false],
      ["aktivitaeten", "paneldynamic", true, false],
      ["wuensche", "comment", true, false],
      ["plz", "text", true, false],
    ]);
    expect(survey.items.find((item: Json) => item.itemId === "schulform").visibleIf).toBe("{schule} = 'ja'");
    expect(survey.items.find((item: Json) => item.itemId === "jugendzentrum_block")).toMatchObject({ names: ["jugendzentrum_block", "jz_besuch", "jz_zufrieden"], questionCount: 2 });
    expect(survey.items.find((item: Json) => item.itemId === "alter").choices.map((choice: Json) => choice.value)).toEqual(["10-11", "12-13", "14-15", "16-17"]);
    expect(survey.texts).toMatchObject({ intro: expect.stringContaining("Freizeit verbringst"), closingText: expect.stringContaining("Danke fürs Mitmachen!") });
    expect(survey.importSource).toMatchObject({ format: "surveyjs", fileName: "jugendbefragung.json" });
  });

  it("lists per question what could not be kept, in German and English", () => {
    const entries = imported.report as Json[];
    const about = (question: string) => entries.filter((entry) => entry.question === question);
    expect(about("foto")).toMatchObject([{ action: "skipped", reason: { de: expect.stringContaining("Datei-Uploads"), en: expect.stringContaining("File uploads") } }]);
    expect(about("hinweis_html")).toMatchObject([{ action: "skipped", reason: { en: expect.stringContaining("scripts") } }]);
    expect(about("wuensche").map((entry) => entry.property).sort()).toEqual(["choicesByUrl", "creatorOnlyField"]);
    expect(about("plz")).toMatchObject([{ action: "dropped", property: "validators", reason: { de: expect.stringContaining("(a+)+$") } }]);
    expect(entries.find((entry) => entry.question === "" && /logoPosition/.test(entry.reason.de))).toBeDefined();
    for (const entry of entries) expect(entry.reason.de && entry.reason.en, JSON.stringify(entry)).toBeTruthy();
  });

  it("also takes the questions into the canon under the free-text label, and the survey's questions refer to them", async () => {
    expect(imported.canon).toMatchObject({ questionnaire: "Jugendbefragung 2024", itemCount: 11 });
    const { items } = await planner.json("GET", `/api/canon/items?questionnaire=${encodeURIComponent("Jugendbefragung 2024")}`);
    expect(items).toHaveLength(11);
    const age = items.find((item: Json) => item.importSource?.questionName === "alter");
    expect(age).toMatchObject({ own: true, origin: "import", questionnaire: "Jugendbefragung 2024", personalDataWarning: false, importSource: { format: "surveyjs", fileName: "jugendbefragung.json" } });
    expect(age.element.choices.map((choice: Json) => choice.value)).toEqual(["10-11", "12-13", "14-15", "16-17"]);
    const comment = items.find((item: Json) => item.importSource?.questionName === "wuensche");
    expect(comment.personalDataWarning).toBe(false);
    expect(comment.help).toEqual({ de: "Schreib, was dir einfällt.", en: "Schreib, was dir einfällt." });
    const facets = await planner.json("GET", "/api/canon/facets");
    expect(facets.questionnaires.map((entry: Json) => entry.id)).toEqual(["actor", "network", "standards", "municipal", "Jugendbefragung 2024"]);
    const { definition } = await planner.json("GET", `/api/surveys/${imported.surveyId}/preview`);
    expect(elementsByName(definition).get("alter")).toMatchObject({ name: "alter", canonId: age.itemId, canonVersion: 1 });
    expect(elementsByName(definition).get("jz_besuch")!.canonId).toMatch(/^own\./);
  });

  it("lets the builder move, require, condition and remove the survey's own questions, and copies keep them", async () => {
    const { surveyId } = await (await importFile("kopie.json", youthJson)).json();
    const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
    const pages = survey.pages.map((page: Json) => ({
      id: page.id,
      title: page.title,
      elements: page.elements.map((element: Json) => ({ name: element.itemId, required: element.required, ...(element.visibleIf ? { visibleIf: element.visibleIf } : {}) })),
    }));
    // Move "plz" to the first page, make "wichtig" required, condition "wuensche" on a question inside the section, drop "angebote", add a canon question.
    const plz = pages[2].elements.pop();
    pages[0].elements.push(plz);
    pages[1].elements.find((element: Json) => element.name === "wichtig").required = true;
    pages[2].elements.find((element: Json) => element.name === "wuensche").visibleIf = "{jz_besuch} = 3";
    pages[1].elements = pages[1].elements.filter((element: Json) => element.name !== "angebote");
    pages[2].elements.push({ itemId: "network.sphere", version: 1, required: false });
    const saved = await planner.json("PATCH", `/api/surveys/${surveyId}`, { pages });
    expect(saved.pages[0].elements.map((element: Json) => element.itemId)).toEqual(["alter", "schule", "schulform", "plz"]);
    expect(saved.items.find((item: Json) => item.itemId === "wichtig").required).toBe(true);
    expect(saved.items.find((item: Json) => item.itemId === "network.sphere")).toMatchObject({ own: false, version: 1 });
    const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
    const elements = elementsByName(definition);
    expect(elements.get("wichtig")!.isRequired).toBe(true);
    expect(elements.get("wuensche")!.visibleIf).toBe("{jz_besuch} = 3");
    expect(elements.has("angebote")).toBe(false);
    expect(elements.get("plz")!.validators).toHaveLength(1);
    expect(definition.triggers).toHaveLength(1);

    const unknown = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: [{ id: "p", title: null, elements: [{ name: "erfunden", required: false }] }] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe("unknown_survey_element");
    const later = structuredClone(pages);
    later[0].elements[0].visibleIf = "{wuensche} notempty";
    const badCondition = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: later });
    expect((await badCondition.json()).error.code).toBe("invalid_condition");

    const { id: copyId } = await planner.json("POST", `/api/surveys/${surveyId}/duplicate`, undefined, 201);
    const copy = await planner.json("GET", `/api/surveys/${copyId}`);
    expect(copy.items.map((item: Json) => item.itemId)).toEqual(saved.items.map((item: Json) => item.itemId));
    const { id: templateId } = await planner.json("POST", "/api/templates", { surveyId, name: "Jugend-Vorlage" }, 201);
    const { id: fromTemplate } = await planner.json("POST", "/api/surveys", { title: "Aus Vorlage", templateId }, 201);
    expect((await planner.json("GET", `/api/surveys/${fromTemplate}`)).items.map((item: Json) => item.itemId)).toEqual(saved.items.map((item: Json) => item.itemId));
    const exported = await planner.json("GET", `/api/surveys/${surveyId}/export`);
    expect(elementsByName(exported).get("alter")!.choices[1]).toEqual({ value: "12-13", text: "12 bis 13 Jahre" });
  });

  describe("answered and exported", () => {
    let token: string;
    let definition: Json;

    beforeAll(async () => {
      await planner.json("PATCH", `/api/surveys/${imported.surveyId}`, { closingDate: "2099-12-31" });
      await planner.json("POST", `/api/surveys/${imported.surveyId}/open`);
      await planner.json("POST", `/api/surveys/${imported.surveyId}/invitations`, { recipients: [{ email: "jugend@example.org", name: "" }] });
      await testApp.mailWorker.runOnce();
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      token = tokenFromMail(mails.find((mail: Json) => mail.to.includes("jugend@")).text);
      const view = await (await testApp.request("GET", `/api/r/${token}`)).json();
      definition = view.definition;
    });

    it("gives the respondent the survey whole, without provenance or the client-data warning", () => {
      const text = JSON.stringify(definition);
      expect(text).not.toMatch(/Importiert|imported|jugendbefragung\.json|importSource/i);
      expect(text).not.toContain("Klient");
      expect(text).not.toContain("clients");
      const elements = elementsByName(definition);
      expect(elements.get("schulform")).toMatchObject({ isRequired: true, visibleIf: "{schule} = 'ja'", showOtherItem: true });
      expect(elements.get("jz_zufrieden")).toMatchObject({ type: "rating", visibleIf: "{jz_besuch} > 1" });
      expect(elements.get("wuensche")!.description).toBe("Schreib, was dir einfällt.");
      expect(elements.get("plz")!.validators).toEqual([{ type: "regex", regex: "^[0-9]{5}$", text: "Bitte fünf Ziffern." }]);
      expect(definition.triggers).toEqual([{ type: "complete", expression: "{alter} = 'abbruch'" }]);
      expect(elements.has("foto")).toBe(false);
    });

    it("checks required questions, conditions and validators on submit", async () => {
      const submit = (answers: Json) => testApp.request("POST", `/api/r/${token}/submit`, { answers, baseRevision: 0 });
      const missing = await submit({ alter: "12-13", schule: "ja", stunden_sport: 99, plz: "42" });
      expect(missing.status).toBe(422);
      const { error } = await missing.json();
      const byQuestion = new Map((error.details.errors as Json[]).map((entry) => [entry.question, entry]));
      expect([...byQuestion.keys()].sort()).toEqual(["plz", "schulform", "stunden_sport"]);
      // Not at school: the school type is hidden and no longer required.
      const hidden = await submit({ alter: "12-13", schule: "nein" });
      expect(hidden.status, await hidden.clone().text()).toBe(200);
    });

    it("exports exactly the original names and codes", async () => {
      const { surveyId } = imported;
      // A second respondent with every kind of answer.
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "jugend2@example.org", name: "" }] });
      await testApp.mailWorker.runOnce();
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      const second = tokenFromMail(mails.find((mail: Json) => mail.to.includes("jugend2@")).text);
      const answers = {
        alter: "14-15",
        schule: "ja",
        schulform: "GY",
        jz_besuch: 3,
        jz_zufrieden: 4,
        stunden_sport: 6,
        wichtig: ["sport", "freunde", "musik", "medien"],
        angebote: { jz: { kenne: true, note: 2 }, sv: { kenne: false } },
        aktivitaeten: [{ aktivitaet: "Skaterpark", ort: "park" }],
        wuensche: "Mehr Bänke am Spielplatz",
        plz: "42103",
      };
      const response = await testApp.request("POST", `/api/r/${second}/submit`, { answers, baseRevision: 0 });
      expect(response.status, await response.clone().text()).toBe(200);

      const csv = await (await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=csv&values=codes`)).text();
      const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((row) => row.length > 1);
      const header = rows[0]!;
      for (const name of ["alter", "schule", "schulform", "jz_besuch", "jz_zufrieden", "stunden_sport", "wichtig", "wichtig.sport", "angebote.jz.kenne", "angebote.jz.note", "angebote.sv.kenne", "wuensche", "plz"]) {
        expect(header, name).toContain(name);
      }
      const row = rows.find((candidate) => candidate.includes("14-15"))!;
      expect(row[header.indexOf("alter")]).toBe("14-15");
      expect(row[header.indexOf("schulform")]).toBe("GY");
      expect(row[header.indexOf("jz_besuch")]).toBe("3");
      expect(row[header.indexOf("jz_zufrieden")]).toBe("4");
      expect(row[header.indexOf("plz")]).toBe("42103");
      expect(row[header.indexOf("wichtig")]).toBe("sport; freunde; musik; medien");
      // A ranking's column per option holds its place; a matrix of dropdowns has a column per row and column.
      expect(["wichtig.freunde", "wichtig.sport", "wichtig.musik", "wichtig.medien"].map((name) => row[header.indexOf(name)])).toEqual(["2", "1", "3", "4"]);
      expect(row[header.indexOf("angebote.jz.kenne")]).toBe("true");
      expect(row[header.indexOf("angebote.jz.note")]).toBe("2");
      expect(row[header.indexOf("angebote.sv.kenne")]).toBe("false");
      expect(row[header.indexOf("angebote.sv.note")]).toBe("");
      const labelled = await (await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=csv&values=labels`)).text();
      const labelRows = Papa.parse<string[]>(labelled.replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((line) => line.length > 1);
      const noteColumn = labelRows[0]!.indexOf("Welche Angebote kennst und nutzt du? – Jugendzentrum – Schulnote");
      expect(noteColumn).toBeGreaterThan(-1);
      expect(labelRows.find((line) => line.includes("14 bis 15 Jahre"))![noteColumn]).toBe("2");

      const results = await planner.json("GET", `/api/surveys/${surveyId}/results`);
      const byName = new Map((results.questions as Json[]).map((question) => [question.name, question]));
      expect(byName.get("alter")).toMatchObject({ kind: "choice" });
      expect(byName.get("jz_besuch")).toMatchObject({ kind: "choice" });
      // The ranking: per option, how often it took each place, and its mean rank.
      const ranking = byName.get("wichtig")!;
      expect(ranking).toMatchObject({ kind: "matrix", type: "ranking", n: 1, meanOf: "value" });
      expect(ranking.columns.map((column: Json) => column.label.de)).toEqual(["Platz 1", "Platz 2", "Platz 3", "Platz 4"]);
      const ranks = Object.fromEntries((ranking.rows as Json[]).map((row) => [row.value, [row.label.de, row.mean, row.distribution.map((cell: Json) => cell.count)]]));
      expect(ranks).toEqual({
        freunde: ["Freunde treffen", 2, [0, 1, 0, 0]],
        sport: ["Sport", 1, [1, 0, 0, 0]],
        musik: ["Musik", 3, [0, 0, 1, 0]],
        medien: ["Handy und Computer", 4, [0, 0, 0, 1]],
      });
      // The matrix of dropdowns: a part per row and column, aggregated like a question of the cell's type.
      const matrix = byName.get("angebote")!;
      expect(matrix).toMatchObject({ kind: "multipletext", type: "matrixdropdown", n: 1 });
      const cells = new Map((matrix.items as Json[]).map((item) => [item.name, item]));
      expect([...cells.keys()]).toEqual(["jz.kenne", "jz.note", "sv.kenne", "sv.note", "bib.kenne", "bib.note"]);
      expect(cells.get("jz.note")).toMatchObject({ kind: "choice", type: "dropdown", n: 1, title: { de: "Jugendzentrum: Schulnote" } });
      expect(cells.get("jz.note")!.options.map((option: Json) => [option.value, option.count])).toEqual([["1", 0], ["2", 1], ["3", 0], ["4", 0], ["5", 0], ["6", 0]]);
      expect(cells.get("sv.kenne")!.options.map((option: Json) => [option.label.de, option.count])).toEqual([["Ja", 0], ["Nein", 1]]);
      expect(cells.get("bib.kenne")).toMatchObject({ kind: "choice", n: 0 });
    });

    it("compares with a later wave that picks the questions from the canon", async () => {
      const { surveyId } = imported;
      const { items } = await planner.json("GET", `/api/canon/items?questionnaire=${encodeURIComponent("Jugendbefragung 2024")}`);
      const age = items.find((item: Json) => item.importSource?.questionName === "alter");
      const { id: wave2 } = await planner.json("POST", "/api/surveys", { title: "Jugendbefragung 2025" }, 201);
      await planner.json("PATCH", `/api/surveys/${wave2}`, { items: [{ itemId: age.itemId, version: 1 }] });
      const { series } = await planner.json("PUT", `/api/surveys/${surveyId}/series`, { newSeriesName: "Jugendbefragung", waveLabel: "2024" });
      await planner.json("PUT", `/api/surveys/${wave2}/series`, { seriesId: series.id, waveLabel: "2025" });
      const trend = await planner.json("GET", `/api/surveys/${wave2}/trend`);
      const question = (trend.questions as Json[]).find((candidate) => candidate.canonId === age.itemId)!;
      expect(question.options.map((option: Json) => option.value)).toEqual(["10-11", "12-13", "14-15", "16-17"]);
      const [first] = question.waves;
      expect(first).toMatchObject({ surveyId, comparable: true, n: 2 });
      expect(first.options.filter((option: Json) => option.count > 0).map((option: Json) => [option.value, option.count])).toEqual([
        ["12-13", 1],
        ["14-15", 1],
      ]);
    });
  });

  it("imports the LimeSurvey export of the questionnaire into the same shape", async () => {
    const response = await importFile("jugendbefragung.lss", youthLimeSurvey);
    const result = await response.json();
    expect(response.status, JSON.stringify(result)).toBe(201);
    expect(result).toMatchObject({ format: "limesurvey", title: "Jugendbefragung Freizeit 2024", pageCount: 2, canon: null });
    const survey = await planner.json("GET", `/api/surveys/${result.surveyId}`);
    expect(survey.pages.map((page: Json) => page.title?.de)).toEqual(["Über dich", "Deine Freizeit"]);
    expect(survey.items.map((item: Json) => [item.itemId, item.type, item.required])).toEqual([
      ["alter", "dropdown", true],
      ["schule", "radiogroup", true],
      ["schulform", "dropdown", true],
      ["jzbesuch", "radiogroup", false],
      ["hobbys", "checkbox", false],
      ["jzgefallen", "rating", false],
      ["angebote", "matrix", false],
      ["wichtig", "ranking", false],
      ["wuensche", "comment", false],
    ]);
    expect(survey.items.find((item: Json) => item.itemId === "alter").choices.map((choice: Json) => choice.value)).toEqual(["A1", "A2", "A3", "A4"]);
    expect(survey.items.find((item: Json) => item.itemId === "schulform").visibleIf).toBe("(({schule} = 'Y'))");
    expect(survey.items.find((item: Json) => item.itemId === "jzgefallen").visibleIf).toBe("{jzbesuch} != 'N' and {hobbys} contains 'SQ002'");
    const { definition } = await planner.json("GET", `/api/surveys/${result.surveyId}/preview`);
    expect(elementsByName(definition).get("alter")!.title).toEqual({ de: "Wie alt bist du?", en: "How old are you?" });
    expect(elementsByName(definition).get("angebote")).toMatchObject({ rows: [{ value: "SQ001" }, { value: "SQ002" }], columns: [1, 2, 3, 4, 5] });
    const report = result.report as Json[];
    expect(report.find((entry) => entry.question === "foto")).toMatchObject({ action: "skipped" });
    expect(report.find((entry) => entry.question === "wuensche" && entry.property === "relevance")).toMatchObject({ reason: { de: expect.stringContaining("regexMatch") } });
    expect(report.find((entry) => entry.property === "array_filter")).toMatchObject({ question: "angebote" });
  });

  it("imports the XLSForm of the questionnaire into the same shape", async () => {
    const response = await importFile("jugendbefragung.xlsx", await buildYouthXlsForm());
    const result = await response.json();
    expect(response.status, JSON.stringify(result)).toBe(201);
    expect(result).toMatchObject({ format: "xlsform", title: "Jugendbefragung Freizeit 2024", pageCount: 2 });
    const survey = await planner.json("GET", `/api/surveys/${result.surveyId}`);
    expect(survey.pages.map((page: Json) => page.title?.de)).toEqual(["Über dich", "Deine Freizeit"]);
    expect(survey.items.map((item: Json) => [item.itemId, item.type, item.required])).toEqual([
      ["alter", "dropdown", true],
      ["schule", "radiogroup", true],
      ["schulform", "radiogroup", true],
      ["treff", "panel", false],
      ["hobbys", "checkbox", false],
      ["freunde_anzahl", "text", false],
      ["wichtig", "ranking", false],
      ["aktivitaeten", "paneldynamic", false],
      ["wuensche", "comment", false],
    ]);
    expect(survey.items.find((item: Json) => item.itemId === "alter").choices.map((choice: Json) => choice.value)).toEqual(["10-11", "12-13", "14-15", "16-17"]);
    expect(survey.items.find((item: Json) => item.itemId === "schulform").visibleIf).toBe("{schule} = 'ja'");
    const { definition } = await planner.json("GET", `/api/surveys/${result.surveyId}/preview`);
    const elements = elementsByName(definition);
    expect(elements.get("alter")!.title).toEqual({ de: "Wie alt bist du?", en: "How old are you?" });
    expect(elements.get("jz_zufrieden")).toMatchObject({ type: "rating", rateMin: 1, rateMax: 5, visibleIf: "{jz_besuch} = 'woechentlich' or {jz_besuch} = 'taeglich'" });
    expect(elements.get("stunden_sport")!.validators).toEqual([{ type: "expression", expression: "{stunden_sport} empty or ({stunden_sport} >= 0 and {stunden_sport} <= 40)", text: "Bitte 0 bis 40 Stunden." }]);
    expect(elements.get("aktivitaeten")!.templateElements.map((element: Json) => element.name)).toEqual(["aktivitaet", "ort"]);
    const report = result.report as Json[];
    expect(report.find((entry) => entry.question === "ort_gps")).toMatchObject({ action: "skipped" });

    // Answered: the constraint applies once there is an answer, like in XLSForm.
    await planner.json("PATCH", `/api/surveys/${result.surveyId}`, { closingDate: "2099-12-31" });
    await planner.json("POST", `/api/surveys/${result.surveyId}/open`);
    await planner.json("POST", `/api/surveys/${result.surveyId}/invitations`, { recipients: [{ email: "xlsform@example.org", name: "" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const token = tokenFromMail(mails.find((mail: Json) => mail.to.includes("xlsform@")).text);
    const tooMuch = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { alter: "12-13", schule: "nein", stunden_sport: 99 }, baseRevision: 0 });
    expect(tooMuch.status).toBe(422);
    expect((await tooMuch.json()).error.details.errors.map((entry: Json) => entry.question)).toEqual(["stunden_sport"]);
    const fine = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { alter: "12-13", schule: "nein" }, baseRevision: 0 });
    expect(fine.status, await fine.clone().text()).toBe(200);
    expect(report.find((entry) => entry.question === "freunde_anzahl" && entry.property === "relevant")).toBeDefined();
  });

  it("keeps answering health checks while the largest questionnaire it takes is imported, and refuses larger ones quickly", async () => {
    const choices = Array.from({ length: 20 }, (_, index) => ({ value: `c${index}`, text: `Antwort ${index}` }));
    const pages = Array.from({ length: 50 }, (_, page) => ({
      name: `seite_${page}`,
      elements: Array.from({ length: 30 }, (_, index) => ({
        type: index % 3 === 0 ? "dropdown" : index % 3 === 1 ? "checkbox" : "text",
        name: `f_${page}_${index}`,
        title: `Frage ${index} auf Seite ${page}`,
        ...(index % 3 === 2 ? { validators: [{ type: "regex", regex: "^[0-9]{1,5}$" }, { type: "regex", regex: "^(a+)+$" }] } : { choices }),
        ...(index > 0 ? { visibleIf: `{f_${page}_${index - 1}} notempty or {f_${page}_0} = 'c1'` } : {}),
      })),
    }));
    const largest = JSON.stringify({ title: "Sehr großer Fragebogen", pages });
    const latencies: number[] = [];
    let done = false;
    const importing = importFile("gross.json", largest).then((response) => {
      done = true;
      return response;
    });
    while (!done) {
      const started = performance.now();
      const health = await testApp.request("GET", "/api/health");
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await importing;
    const result = await response.json();
    expect(response.status, JSON.stringify(result).slice(0, 500)).toBe(201);
    expect(result.questionCount).toBe(1500);
    expect(result.report.filter((entry: Json) => entry.property === "validators")).toHaveLength(500);
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(1500);

    const tooMany = JSON.stringify({ elements: Array.from({ length: 10_000 }, (_, index) => ({ type: "text", name: `q${index}` })) });
    const deepXml = `<?xml version="1.0"?><document>${"<a>".repeat(1_000_000)}</document>`;
    for (const [fileName, content, code] of [
      ["zehntausend.json", tooMany, "questionnaire_too_large"],
      ["tief.lss", deepXml, "questionnaire_too_large"],
    ] as const) {
      const started = performance.now();
      const refused = await importFile(fileName, content);
      expect(refused.status, fileName).toBe(400);
      expect((await refused.json()).error.code, fileName).toBe(code);
      expect(performance.now() - started, fileName).toBeLessThan(3000);
    }
    const huge = await importFile("riesig.json", `{"pages": [], "x": "${"x".repeat(6 * 1024 * 1024)}"}`);
    expect([400, 413]).toContain(huge.status);
    expect((await huge.json()).error.messageDe).toBeTruthy();
  });

  it("refuses bad files with a clear 400", async () => {
    const cases: [string, string | Uint8Array, string][] = [
      ["kaputt.json", '{"pages": [ { "elements": [] }, ]}', "invalid_json"],
      ["liste.json", "[1, 2]", "not_a_surveyjs_survey"],
      ["leer.json", JSON.stringify({ pages: [{ elements: [{ type: "file", name: "datei" }] }] }), "nothing_to_import"],
      ["bild.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), "unsupported_format"],
      ["alt.lss", '<?xml version="1.0"?><document><LimeSurveyDocType>Label set</LimeSurveyDocType></document>', "not_a_limesurvey_survey"],
      ["kaputt.lss", "<document><LimeSurveyDocType>Survey</LimeSurveyDocType><groups>", "invalid_xml"],
      ["entitaeten.lss", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><document>&lol2;</document>', "invalid_xml"],
      ["kein.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), "not_an_xlsform"],
    ];
    for (const [fileName, content, code] of cases) {
      const response = await importFile(fileName, content);
      expect(response.status, fileName).toBe(400);
      const { error } = await response.json();
      expect(error.code, fileName).toBe(code);
      expect(error.messageDe, fileName).toBeTruthy();
      expect(error.message, fileName).toBeTruthy();
    }
  });
});
