import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/** A SurveyJS survey as the free SurveyJS tools export it: several pages, a panel, one language, logic, types we do not support. */
const parentSurvey = {
  title: "Elternbefragung 2024",
  locale: "de",
  pages: [
    {
      name: "seite1",
      elements: [
        { type: "text", name: "name", title: "Wie heißt Ihre Einrichtung?", isRequired: true },
        {
          type: "radiogroup",
          name: "kita",
          title: { default: "Besucht Ihr Kind eine Kita?", en: "Does your child attend day care?" },
          choices: ["Ja", "Nein", { value: 3, text: "Weiß nicht" }],
          visibleIf: "{name} notempty",
        },
        {
          type: "panel",
          name: "angebote_panel",
          title: "Angebote",
          elements: [
            {
              type: "checkbox",
              name: "angebote",
              title: "Welche Angebote nutzen Sie?",
              choices: [{ value: "item1", text: "Elterncafé" }, { value: "item2", text: { de: "Beratung", en: "Counselling" } }],
              showOtherItem: true,
              otherText: "Anderes",
            },
            { type: "file", name: "upload", title: "Laden Sie ein Dokument hoch" },
          ],
        },
      ],
    },
    {
      name: "seite2",
      elements: [
        { type: "matrix", name: "zufriedenheit", title: "Wie zufrieden sind Sie mit …", columns: [1, 2, 3, 4, 5], rows: ["Öffnungszeiten", "Personal"] },
        { type: "html", name: "info", html: "<p>Danke!</p>" },
        { type: "signaturepad", name: "unterschrift", title: "Unterschrift" },
        { type: "rating", name: "gesamt", title: "Gesamtnote", rateValues: [1, 2, 3, 4, 5], description: "1 = schlecht, 5 = sehr gut" },
        { type: "text", name: "name", title: "Vorname Ihres Kindes" },
        { type: "comment", name: "anmerkungen", title: "Anmerkungen" },
        {
          type: "paneldynamic",
          name: "kinder",
          title: "Ihre Kinder",
          panelAddText: "Kind hinzufügen",
          templateElements: [
            { type: "text", name: "alter", title: "Alter", inputType: "number" },
            { type: "dropdown", name: "Art der Betreuung", title: "Betreuung", choices: ["Kita", "Tagespflege"] },
          ],
        },
      ],
    },
  ],
};

describeEachDatabase("canon import from SurveyJS", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let other: PlannerClient;
  let result: {
    module: { id: string; title: { de: string; en: string } };
    created: { itemId: string; title: { de: string; en: string }; type: string }[];
    skipped: { name: string; reason: string; reasonDe: string }[];
  };

  const versionsOf = async (itemId: string) => (await planner.json("GET", `/api/canon/items/${itemId}/versions`)).versions;
  const storedElement = async (title: string) => {
    const created = result.created.find((item) => item.title.de === title)!;
    expect(created, title).toBeDefined();
    return (await versionsOf(created.itemId))[0].element;
  };

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: other } = await addOrganisation(testApp, "Stadt Dortmund"));
    result = await planner.json("POST", "/api/canon/import", { json: JSON.stringify(parentSurvey, null, 2) }, 201);
  });
  afterAll(() => testApp.close());

  it("creates one own item per question of every page and panel, in the survey's order, in a module named after the survey", async () => {
    expect(result.module.title).toEqual({ de: "Elternbefragung 2024", en: "Elternbefragung 2024" });
    expect(result.module.id).toMatch(/^own\.elternbefragung_2024_[a-z0-9]+$/);
    expect(result.created.map((item) => [item.title.de, item.type])).toEqual([
      ["Wie heißt Ihre Einrichtung?", "text"],
      ["Besucht Ihr Kind eine Kita?", "radiogroup"],
      ["Welche Angebote nutzen Sie?", "checkbox"],
      ["Wie zufrieden sind Sie mit …", "matrix"],
      ["Gesamtnote", "rating"],
      ["Vorname Ihres Kindes", "text"],
      ["Anmerkungen", "comment"],
      ["Ihre Kinder", "paneldynamic"],
    ]);
    const listed = (await planner.json("GET", `/api/canon/items?module=${result.module.id}`)).items;
    expect(listed.map((item: { itemId: string }) => item.itemId)).toEqual(result.created.map((item) => item.itemId));
    expect(listed.every((item: { own: boolean; origin: string; version: number; questionnaire: string }) => item.own && item.origin === "import" && item.version === 1 && item.questionnaire === "actor")).toBe(true);
    const facets = await planner.json("GET", "/api/canon/facets");
    expect(facets.modules).toContainEqual({ id: result.module.id, questionnaire: "actor", title: result.module.title, itemCount: 8, own: true });
  });

  it("reports unsupported and display-only elements as skipped, with reasons", () => {
    expect(result.skipped.map((entry) => entry.name)).toEqual(["upload", "info", "unterschrift"]);
    expect(result.skipped[0]!.reason).toContain('"file"');
    expect(result.skipped[0]!.reasonDe).toContain("„file“");
    expect(result.skipped[1]!.reason).toMatch(/only displays content/);
    expect(result.skipped[2]!.reason).toContain("signaturepad");
  });

  it("gives duplicate names unique ids", () => {
    const ids = result.created.map((item) => item.itemId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^own\.[a-z][a-z0-9_]*$/.test(id))).toBe(true);
  });

  it("turns single-language strings into German and English and choice values into codes", async () => {
    const kita = await storedElement("Besucht Ihr Kind eine Kita?");
    expect(kita.title).toEqual({ de: "Besucht Ihr Kind eine Kita?", en: "Does your child attend day care?" });
    expect(kita.choices).toEqual([
      { value: "ja", text: { de: "Ja", en: "Ja" } },
      { value: "nein", text: { de: "Nein", en: "Nein" } },
      { value: "v3", text: { de: "Weiß nicht", en: "Weiß nicht" } },
    ]);
    expect(kita.visibleIf).toBeUndefined();

    const offers = await storedElement("Welche Angebote nutzen Sie?");
    expect(offers.choices[1]).toEqual({ value: "item2", text: { de: "Beratung", en: "Counselling" } });
    expect(offers).toMatchObject({ showOtherItem: true, otherText: { de: "Anderes", en: "Anderes" } });

    const matrix = await storedElement("Wie zufrieden sind Sie mit …");
    expect(matrix.columns.map((column: { value: string }) => column.value)).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(matrix.rows[0]).toEqual({ value: "oeffnungszeiten", text: { de: "Öffnungszeiten", en: "Öffnungszeiten" } });

    const rating = await storedElement("Gesamtnote");
    expect(rating).toMatchObject({ rateMin: 1, rateMax: 5, rateStep: 1 });
    expect(rating.rateValues).toBeUndefined();
    expect(rating.description).toBeUndefined();
    const ratingItem = (await planner.json("GET", `/api/canon/items?module=${result.module.id}`)).items.find((item: { type: string }) => item.type === "rating");
    expect(ratingItem.help).toEqual({ de: "1 = schlecht, 5 = sehr gut", en: "1 = schlecht, 5 = sehr gut" });

    const required = await storedElement("Wie heißt Ihre Einrichtung?");
    expect(required.isRequired).toBeUndefined();

    const list = await storedElement("Ihre Kinder");
    expect(list.panelAddText).toEqual({ de: "Kind hinzufügen", en: "Kind hinzufügen" });
    expect(list.templateElements.map((element: { name: string }) => element.name)).toEqual(["alter", "art_der_betreuung"]);
    expect(list.templateElements[1].choices).toEqual([
      { value: "kita", text: { de: "Kita", en: "Kita" } },
      { value: "tagespflege", text: { de: "Tagespflege", en: "Tagespflege" } },
    ]);
  });

  it("warns about personal data on free-text questions and finds imported items in the search", async () => {
    const items = (await planner.json("GET", `/api/canon/items?module=${result.module.id}`)).items as { type: string; personalDataWarning: boolean; title: { de: string } }[];
    expect(items.find((item) => item.type === "comment")!.personalDataWarning).toBe(true);
    expect(items.find((item) => item.type === "matrix")!.personalDataWarning).toBe(false);
    const found = (await planner.json("GET", "/api/canon/items?q=Elterncafe")).items.map((item: { itemId: string }) => item.itemId);
    expect(found).toContain(result.created[2]!.itemId);
  });

  it("lets a survey use imported items", async () => {
    const { id } = await planner.json("POST", "/api/surveys", { title: "Mit Import" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: result.created.map((item) => ({ itemId: item.itemId, version: 1 })) });
    const { definition } = await planner.json("GET", `/api/surveys/${id}/preview`);
    const text = JSON.stringify(definition);
    expect(text).toContain("Besucht Ihr Kind eine Kita?");
    expect(text).toContain(result.created[7]!.itemId);
  });

  it("imports a survey with top-level elements into the chosen questionnaire and module title", async () => {
    const imported = await planner.json(
      "POST",
      "/api/canon/import",
      {
        json: JSON.stringify({ elements: [{ type: "boolean", name: "b", title: { de: "Gibt es ein Netzwerk?", en: "Is there a network?" } }] }),
        questionnaire: "network",
        moduleTitle: { de: "Netzwerkfragen", en: "Network questions" },
      },
      201,
    );
    expect(imported.module.title).toEqual({ de: "Netzwerkfragen", en: "Network questions" });
    expect(imported.created).toHaveLength(1);
    expect(imported.skipped).toEqual([]);
    const [item] = (await planner.json("GET", `/api/canon/items?module=${imported.module.id}`)).items;
    expect(item).toMatchObject({ questionnaire: "network", origin: "import", title: { de: "Gibt es ein Netzwerk?", en: "Is there a network?" } });
  });

  it("rejects invalid JSON with the parser's reason and position", async () => {
    const broken = '{\n  "pages": [\n    { "elements": [] },\n  ]\n}';
    const response = await planner.request("POST", "/api/canon/import", { json: broken });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_json");
    expect(error.details.reason).toMatch(/JSON/);
    expect(error.details).toMatchObject({ line: 4, column: 3 });
    expect(error.details.position).toBe(broken.indexOf("]\n}"));
    expect(error.message).toContain("line 4, column 3");
    expect(error.messageDe).toContain("Zeile 4, Spalte 3");
  });

  it("rejects what is not a SurveyJS survey, and a survey without importable questions", async () => {
    for (const json of ["[1, 2]", '"Umfrage"', '{"title": "Nur ein Titel"}', '{"pages": "keine Liste"}']) {
      const response = await planner.request("POST", "/api/canon/import", { json });
      expect(response.status, json).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("not_a_surveyjs_survey");
      expect(error.messageDe).toContain("SurveyJS");
    }
    const nothing = await planner.request("POST", "/api/canon/import", { json: JSON.stringify({ elements: [{ type: "file", name: "datei" }] }) });
    expect(nothing.status).toBe(400);
    const { error } = await nothing.json();
    expect(error.code).toBe("nothing_to_import");
    expect(error.details.skipped).toMatchObject([{ name: "datei" }]);
    expect((await planner.request("POST", "/api/canon/import", { json: "" })).status).toBe(400);
  });

  it("keeps imported items to the importing organisation", async () => {
    const foreign = (await other.json("GET", "/api/canon/items?own=true")).items;
    expect(foreign).toEqual([]);
    const searched = (await other.json("GET", "/api/canon/items?q=Elterncafe")).items.map((item: { itemId: string }) => item.itemId);
    expect(searched).toContain("actor.offers"); // the shipped canon mentions it too
    expect(searched.filter((id: string) => id.startsWith("own."))).toEqual([]);
    expect((await other.request("GET", `/api/canon/items/${result.created[0]!.itemId}/versions`)).status).toBe(404);
  });
});
