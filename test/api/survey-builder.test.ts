import { Model } from "survey-core";
import "../../server/lib/canon-survey-properties.ts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

const networkPages = [
  {
    id: "profil",
    title: { de: "Profil", en: "Profile" },
    elements: [
      { itemId: "network.name", version: 1, required: true },
      { itemId: "network.has_focus", version: 1, required: false },
      { itemId: "network.focus_topics", version: 1, required: false, visibleIf: "{network.has_focus} = true" },
    ],
  },
  {
    id: "zusammenarbeit",
    title: { de: "Zusammenarbeit", en: "" },
    elements: [{ itemId: "network.cooperation_depth", version: 1, required: true }],
  },
];

describeEachDatabase("the questionnaire builder", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    ({ id: surveyId } = await planner.json("POST", "/api/surveys", { title: "Netzwerkbefragung 2026" }, 201));
  });
  afterAll(() => testApp.close());

  it("stores pages with required flags and conditions, and texts in two languages", async () => {
    const survey = await planner.json("PATCH", `/api/surveys/${surveyId}`, {
      pages: networkPages,
      intro: "Bitte antworten Sie für Ihr Netzwerk.",
      introEn: "Please answer for your network.",
      titleEn: "Network survey 2026",
      closingText: "Danke!\n\nWir melden uns.",
    });
    expect(survey.pages.map((page: { id: string }) => page.id)).toEqual(["profil", "zusammenarbeit"]);
    expect(survey.pages[0].elements[2]).toMatchObject({ itemId: "network.focus_topics", visibleIf: "{network.has_focus} = true", required: false });
    expect(survey.pages[0].elements[1].choices.map((choice: { value: string }) => choice.value)).toEqual(["true", "false"]);
    expect(survey.items.map((item: { itemId: string }) => item.itemId)).toEqual([
      "network.name",
      "network.has_focus",
      "network.focus_topics",
      "network.cooperation_depth",
    ]);
    expect(survey.texts).toMatchObject({ titleEn: "Network survey 2026", closingText: "Danke!\n\nWir melden uns.", closingTextEn: "" });
  });

  it("previews a definition survey-core accepts, with pages, required questions and working conditions", async () => {
    const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
    expect(definition.title).toEqual({ de: "Netzwerkbefragung 2026", en: "Network survey 2026" });
    expect(definition.pages[1].title).toEqual({ de: "Zusammenarbeit", en: "Zusammenarbeit" });
    expect(definition.completedHtml.de).toBe("<p>Danke!</p><p>Wir melden uns.</p>");
    const model = new Model(definition);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.pageCount).toBe(2);
    expect(model.getQuestionByName("network.name").isRequired).toBe(true);
    const conditional = model.getQuestionByName("network.focus_topics");
    expect(conditional.isVisible).toBe(false);
    model.setValue("network.has_focus", true);
    expect(conditional.isVisible).toBe(true);
    model.locale = "en";
    expect(model.title).toBe("Network survey 2026");
    expect(model.pages[0]!.title).toBe("Profile");
  });

  it("rejects conditions that do not parse or point at later questions, keeping the stored structure", async () => {
    const broken = structuredClone(networkPages);
    broken[0]!.elements[2]!.visibleIf = "{network.has_focus} = = true";
    const unparsable = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: broken });
    expect(unparsable.status).toBe(400);
    const unparsableError = ((await unparsable.json()) as any).error;
    expect(unparsableError).toMatchObject({ code: "invalid_condition", details: { itemId: "network.focus_topics" } });
    // Planners read the message: the question by its title, no ids or expression.
    expect(unparsableError.messageDe).toMatch(/^Die Bedingung der Frage „[^“]+“ kann nicht ausgewertet werden\.$/);
    expect(unparsableError.messageDe).not.toContain("network.");

    const forward = structuredClone(networkPages);
    forward[0]!.elements[1]!.visibleIf = "{network.cooperation_depth} = 'x'";
    const pointsForward = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: forward });
    expect(pointsForward.status).toBe(400);
    const forwardError = ((await pointsForward.json()) as any).error;
    expect(forwardError.details.unknown).toEqual(["network.cooperation_depth"]);
    expect(`${forwardError.messageDe} ${forwardError.message}`).not.toMatch(/network\.|\{/);

    const duplicatePage = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: [networkPages[0], networkPages[0]] });
    expect(duplicatePage.status).toBe(400);

    const survey = await planner.json("GET", `/api/surveys/${surveyId}`);
    expect(survey.pages[0].elements[1].visibleIf).toBeUndefined();
    expect(survey.pages[0].elements[2].visibleIf).toBe("{network.has_focus} = true");
  });

  it("exports the survey as a SurveyJS JSON file", async () => {
    const response = await planner.request("GET", `/api/surveys/${surveyId}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("Netzwerkbefragung-2026.json");
    const exported = (await response.json()) as any;
    const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
    expect(exported).toEqual(definition);
  });

  it("duplicates a survey into a new draft with the same questions and versions", async () => {
    const { id } = await planner.json("POST", `/api/surveys/${surveyId}/duplicate`, undefined, 201);
    const copy = await planner.json("GET", `/api/surveys/${id}`);
    expect(copy).toMatchObject({ title: "Netzwerkbefragung 2026 (Kopie)", status: "draft", closingDate: null });
    expect(copy.pages).toEqual((await planner.json("GET", `/api/surveys/${surveyId}`)).pages);
  });

  it("starts surveys from the shipped templates: the Wuppertal network analysis and the Dortmund member survey", async () => {
    const { templates } = await planner.json("GET", "/api/templates");
    const names = templates.map((template: { name: string }) => template.name);
    expect(names).toEqual(expect.arrayContaining(["Netzwerkanalyse Stadtteilkonferenzen", "Mitgliederbefragung eines Netzwerks"]));
    const wuppertal = templates.find((template: { name: string }) => template.name === "Netzwerkanalyse Stadtteilkonferenzen");
    expect(wuppertal).toMatchObject({ own: false, pageCount: 4 });

    const { id } = await planner.json("POST", "/api/surveys", { title: "Stadtteilkonferenzen Wuppertal 2026", templateId: wuppertal.id }, 201);
    const survey = await planner.json("GET", `/api/surveys/${id}`);
    expect(survey.title).toBe("Stadtteilkonferenzen Wuppertal 2026");
    expect(survey.texts.intro).toMatch(/Netzwerkstrukturen/);
    expect(survey.items.map((item: { itemId: string }) => item.itemId)).toEqual(expect.arrayContaining(["network.founding_year", "network.sphere", "network.goals_written", "network.main_topics"]));
    const { definition } = await planner.json("GET", `/api/surveys/${id}/preview`);
    const model = new Model(definition);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.getQuestionByName("network.coordination_fte").isVisible).toBe(false);
    model.setValue("network.coordination", "hauptamtlich_verankert");
    expect(model.getQuestionByName("network.coordination_fte").isVisible).toBe(true);
    expect((await planner.json("POST", `/api/surveys/${id}/open`)).status).toBe("open");
  });

  it("saves a survey as the organisation's template, hidden from other organisations", async () => {
    const { id } = await planner.json("POST", "/api/templates", { surveyId, name: "Unsere Netzwerkbefragung" }, 201);
    const { templates } = await planner.json("GET", "/api/templates");
    expect(templates.find((template: { id: string }) => template.id === id)).toMatchObject({ own: true, pageCount: 2, questionCount: 4 });

    const { planner: other } = await addOrganisation(testApp, "Kreis Unna");
    const otherTemplates = (await other.json("GET", "/api/templates")).templates;
    expect(otherTemplates.some((template: { id: string }) => template.id === id)).toBe(false);
    expect((await other.request("POST", "/api/surveys", { title: "Klau", templateId: id })).status).toBe(404);
    expect((await other.request("DELETE", `/api/templates/${id}`)).status).toBe(404);
    expect((await other.request("POST", `/api/surveys/${surveyId}/duplicate`)).status).toBe(404);
    expect((await other.request("GET", `/api/surveys/${surveyId}/export`)).status).toBe(404);

    const fromTemplate = await planner.json("POST", "/api/surveys", { title: "Welle 2027", templateId: id }, 201);
    expect((await planner.json("GET", `/api/surveys/${fromTemplate.id}`)).items).toHaveLength(4);
    await planner.json("DELETE", `/api/templates/${id}`);
    expect((await planner.json("GET", "/api/templates")).templates.some((template: { id: string }) => template.id === id)).toBe(false);
  });

  it("freezes pages and questions once the survey is open", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/open`);
    const change = await planner.request("PATCH", `/api/surveys/${surveyId}`, { pages: [networkPages[0]] });
    expect(change.status).toBe(409);
    const texts = await planner.json("PATCH", `/api/surveys/${surveyId}`, { closingDate: "2099-01-31" });
    expect(texts.closingDate).toBe("2099-01-31");
  });
});
