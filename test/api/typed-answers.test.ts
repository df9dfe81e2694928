import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite, openImportedSurvey } from "../support/scenes.ts";

/**
 * Answers are typed at the door: a number question takes only finite numbers within ±10^12 (its
 * own range is checked on submit), text questions only text of sane length, also inside multiple
 * texts, repeatable sections and matrices. What does not fit is left out with a message at its
 * question and everything else of the save is kept; a submit with such a value, or out of the
 * question's range, is refused with the message at the question. Values stored before this check
 * existed never break results or exports.
 */
type Json = Record<string, any>;

const definition = {
  title: "Plätze und Angebote",
  pages: [
    {
      name: "seite1",
      elements: [
        { type: "text", name: "plaetze", title: "Wie viele Plätze?", inputType: "number", min: 0, max: 500 },
        { type: "text", name: "budget", title: "Budget in Euro", inputType: "number" },
        { type: "text", name: "einrichtung", title: "Name der Einrichtung" },
        { type: "comment", name: "hinweise", title: "Hinweise" },
        { type: "radiogroup", name: "traeger", title: "Träger", choices: ["kommunal", "frei"] },
        { type: "multipletext", name: "personal", title: "Personal", items: [{ name: "voll", inputType: "number" }, { name: "kontakt" }] },
        { type: "paneldynamic", name: "kurse", title: "Kurse", templateElements: [{ type: "text", name: "kurs" }, { type: "text", name: "teilnehmende", inputType: "number", min: 0 }] },
        { type: "matrixdropdown", name: "stadtteile", title: "Stadtteile", columns: [{ name: "anzahl", cellType: "text", inputType: "number" }], rows: ["nord", "sued"] },
      ],
    },
  ],
};

const worstValues: Json = {
  plaetze: "zwölf",
  budget: 1e160,
  einrichtung: { $gt: "" },
  hinweise: "x".repeat(60_000),
  personal: { voll: "1".repeat(400), kontakt: "Frau Özdemir" },
  kurse: [{ kurs: "Schwimmen", teilnehmende: "-" }, { kurs: "Yoga", teilnehmende: 12 }],
  stadtteile: { nord: { anzahl: [1, 2] }, sued: { anzahl: 4 } },
};

describeEachDatabase("answers typed at the door", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Herne"));
    surveyId = await openImportedSurvey(planner, "plaetze.json", definition, { closingDate: "2099-12-31" });
    const addresses = [1, 2, 3].map((n) => `einrichtung${n}@herne.de`);
    const links = await invite(testApp, planner, surveyId, addresses);
    tokens.push(...addresses.map((address) => links[address]!));
  });
  afterAll(() => testApp.close());

  it("keeps everything of a draft but the values that do not fit, and says so at each question", async () => {
    const answers = { ...worstValues, traeger: "frei" };
    const response = await testApp.request("PUT", `/api/r/${tokens[0]}/draft`, { answers, baseRevision: 0 });
    expect(response.status, await response.clone().text()).toBe(200);
    const saved = await response.json();
    const where = (saved.rejected as Json[]).map((entry) => [entry.question, entry.path.join("/")]);
    expect(where).toEqual([
      ["plaetze", ""],
      ["budget", ""],
      ["einrichtung", ""],
      ["hinweise", ""],
      ["personal", "voll"],
      ["kurse", "0/teilnehmende"],
      ["stadtteile", "nord/anzahl"],
    ]);
    const messages = new Map((saved.rejected as Json[]).map((entry) => [`${entry.question}/${entry.path.join("/")}`, entry.message]));
    expect(messages.get("plaetze/")).toEqual({ de: "Bitte geben Sie hier eine Zahl ein. Diese Eingabe wurde nicht gespeichert.", en: "Please enter a number here. This entry was not saved." });
    expect(messages.get("budget/")!.de).toBe("Bitte geben Sie eine Zahl von -1.000.000.000.000 bis 1.000.000.000.000 ein. Diese Eingabe wurde nicht gespeichert.");
    expect(messages.get("kurse/0/teilnehmende")!.de).toContain("Bitte geben Sie hier eine Zahl ein.");
    expect(messages.get("hinweise/")!.de).toContain("zu lang (höchstens 50.000 Zeichen)");

    const stored = (await (await testApp.request("GET", `/api/r/${tokens[0]}`)).json()).answers;
    expect(stored).toEqual({
      traeger: "frei",
      personal: { kontakt: "Frau Özdemir" },
      kurse: [{ kurs: "Schwimmen" }, { kurs: "Yoga", teilnehmende: 12 }],
      stadtteile: { nord: {}, sued: { anzahl: 4 } },
    });
  });

  it("refuses a submit with a value that does not fit, with the message at the question, and takes it once corrected", async () => {
    const submit = (answers: Json) => testApp.request("POST", `/api/r/${tokens[1]}/submit`, { answers, baseRevision: 1, locale: "de" });
    // A draft keeps a number out of the question's own range (it may be on its way to a right one) …
    const draft = await testApp.request("PUT", `/api/r/${tokens[1]}/draft`, { answers: { plaetze: 600 }, baseRevision: 0 });
    expect((await draft.json()).rejected).toBeUndefined();
    // … a submit does not, nor text where a number belongs.
    const refused = await submit({ plaetze: 600, budget: "viel", einrichtung: "Kita Nord" });
    expect(refused.status).toBe(422);
    const { error } = await refused.json();
    expect(error.code).toBe("validation_failed");
    const byQuestion = new Map((error.details.errors as Json[]).map((entry) => [entry.question, entry]));
    expect(byQuestion.get("plaetze")!.messages.join(" ")).toMatch(/500/);
    expect(byQuestion.get("budget")).toEqual({ question: "budget", page: 0, messages: ["Bitte geben Sie hier eine Zahl ein. Diese Eingabe wurde nicht gespeichert."] });
    const taken = await submit({ plaetze: 120, budget: "2500.50", einrichtung: "Kita Nord" });
    expect(taken.status, await taken.clone().text()).toBe(200);
  });

  it("never fails results or exports because of values stored before the check", async () => {
    // As an older Kanon stored them, written past the door.
    const response = await testApp.request("POST", `/api/r/${tokens[2]}/submit`, { answers: { plaetze: 10 }, baseRevision: 0 });
    expect(response.status).toBe(200);
    await testApp.database.db
      .updateTable("responses")
      .set({ answers: JSON.stringify({ ...worstValues, plaetze: "1".repeat(400), traeger: { x: 1 } }) as never })
      .where("survey_id", "=", surveyId)
      .where("status", "=", "submitted")
      .where("answers", "@>", JSON.stringify({ plaetze: 10 }) as never)
      .execute();
    const results = await planner.request("GET", `/api/surveys/${surveyId}/results`);
    expect(results.status, await results.clone().text()).toBe(200);
    const byName = new Map(((await results.json()).questions as Json[]).map((question) => [question.name, question]));
    // The good submission counts; the malformed values are ignored, not averaged.
    expect(byName.get("plaetze")).toMatchObject({ kind: "numeric", n: 1, mean: 120 });
    expect(byName.get("budget")).toMatchObject({ kind: "numeric", n: 1, mean: 2500.5 });
    for (const format of ["csv", "xlsx"]) {
      const exported = await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=${format}`);
      expect(exported.status, format).toBe(200);
    }
    const filtered = await planner.request("POST", `/api/surveys/${surveyId}/results/query`, { groupBy: { question: "traeger" } });
    expect(filtered.status, await filtered.clone().text()).toBe(200);
  });
});
