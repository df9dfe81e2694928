import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

interface Item {
  itemId: string;
  version: number;
  questionnaire: string;
  module: string;
  own: boolean;
  tags: { lifePhases: string[]; fieldsOfAction: string[]; topics: string[] };
  title: { de: string; en: string };
}

describeEachDatabase("canon browser: filters, German search, facets", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let other: PlannerClient;
  let ownKitaItemId: string;

  const list = async (query: string): Promise<Item[]> => (await planner.json("GET", `/api/canon/items?${query}`)).items;
  const idsFor = async (q: string) => (await list(`q=${encodeURIComponent(q)}`)).map((item) => item.itemId);

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: other } = await addOrganisation(testApp, "Stadt Dortmund"));
    const created = await planner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "actor",
        module: { id: "own.betreuung", title: { de: "Betreuung vor Ort", en: "Local childcare" } },
        tags: { lifePhases: [], fieldsOfAction: ["youth_welfare"], topics: ["capacity_planning"] },
        help: { de: "Stand: 1. März.", en: "As of 1 March." },
        personalDataWarning: false,
        element: {
          type: "text",
          inputType: "number",
          min: 0,
          title: { de: "Wie viele Plätze bietet Ihre Kindertagesstätte?", en: "How many places does your day-care centre offer?" },
        },
      },
      201,
    );
    ownKitaItemId = created.itemId;
  });
  afterAll(() => testApp.close());

  it("filters by questionnaire, module, life phase, field of action and topic", async () => {
    const all = await list("");
    expect(all.length).toBeGreaterThan(100);

    const network = await list("questionnaire=network");
    expect(network.length).toBeGreaterThan(20);
    expect(network.every((item) => item.questionnaire === "network")).toBe(true);

    const profile = await list("module=actor.profile");
    expect(profile).toHaveLength(9);
    expect(profile.every((item) => item.module === "actor.profile")).toBe(true);

    const earlyChildhood = await list("lifePhase=early_childhood");
    expect(earlyChildhood.map((item) => item.itemId)).toContain("network.fruehe_hilfen_cooperation");
    expect(earlyChildhood.every((item) => item.tags.lifePhases.includes("early_childhood"))).toBe(true);

    const youthWelfare = await list("fieldOfAction=youth_welfare");
    expect(youthWelfare.map((item) => item.itemId)).toEqual(expect.arrayContaining(["network.fruehe_hilfen_cooperation", ownKitaItemId]));
    expect(youthWelfare.every((item) => item.tags.fieldsOfAction.includes("youth_welfare"))).toBe(true);

    const parents = await list("topic=parents");
    expect(parents.map((item) => item.itemId)).toContain("standards.strengthen_parents");
    expect(parents.every((item) => item.tags.topics.includes("parents"))).toBe(true);

    const combined = await list("questionnaire=network&topic=cooperation&q=Jugendamt");
    expect(combined.length).toBeGreaterThan(0);
    expect(combined.every((item) => item.questionnaire === "network" && item.tags.topics.includes("cooperation"))).toBe(true);

    expect((await list("own=true")).map((item) => item.itemId)).toEqual([ownKitaItemId]);
    expect((await list("own=false")).map((item) => item.itemId)).not.toContain(ownKitaItemId);
  });

  it("finds Kita in items about Kindertagesstätten and vice versa", async () => {
    // actor.hard_to_reach says "Kita" and never "Kindertagesstätte"; the fruehe_hilfen item is only tagged early childhood.
    const byLongForm = await idsFor("Kindertagesstätte");
    expect(byLongForm).toEqual(expect.arrayContaining(["actor.hard_to_reach", "network.fruehe_hilfen_cooperation", ownKitaItemId]));
    const byShortForm = await idsFor("Kita");
    expect(byShortForm).toEqual(expect.arrayContaining(["actor.hard_to_reach", ownKitaItemId]));
    expect(await idsFor("Kitas")).toEqual(byShortForm);
    expect(await idsFor("KINDERTAGESSTAETTEN")).toEqual(byLongForm);
  });

  it("ignores case and umlauts", async () => {
    const withUmlaut = await idsFor("Übergänge");
    expect(withUmlaut.length).toBeGreaterThan(0);
    expect(await idsFor("uebergaenge")).toEqual(withUmlaut);
    expect(await idsFor("UBERGANGE")).toEqual(withUmlaut);
    expect(await idsFor("Trägers")).toEqual(await idsFor("traeger"));
  });

  it("matches word stems and compounds", async () => {
    const schule = await idsFor("Schule");
    expect(await idsFor("Schulen")).toEqual(schule);
    expect(schule).toContain("standards.transitions");
    expect(await idsFor("Familienzentren")).toEqual(await idsFor("Familienzentrum"));
    expect(await idsFor("Familienzentren")).toContain("actor.institution_name");
    expect(await idsFor("Elternteil")).toContain("standards.strengthen_parents");
  });

  it("knows the abbreviations of the field", async () => {
    expect(await idsFor("ASD")).toContain("network.fruehe_hilfen_cooperation"); // worded "Jugendamt"
    expect(await idsFor("Jugendamt")).toEqual(expect.arrayContaining(await idsFor("Allgemeiner Sozialer Dienst")));
    const ogs = await idsFor("OGS");
    expect(ogs).toContain("actor.institution_type");
    expect(await idsFor("Offene Ganztagsschule")).toEqual(expect.arrayContaining(ogs));
  });

  it("finds nothing for words the canon does not contain, and combines words with AND", async () => {
    expect(await idsFor("Raumfahrt")).toEqual([]);
    const both = await idsFor("Kita Jugendamt");
    expect(both.length).toBeGreaterThan(0);
    const kita = await idsFor("Kita");
    const jugendamt = await idsFor("Jugendamt");
    expect(both.every((id) => kita.includes(id) && jugendamt.includes(id))).toBe(true);
  });

  it("lists facets: modules with titles and counts, topics in use, life phases and fields of action with labels", async () => {
    const facets = await planner.json("GET", "/api/canon/facets");
    const profile = facets.modules.find((module: { id: string }) => module.id === "actor.profile");
    expect(profile).toEqual({ id: "actor.profile", questionnaire: "actor", title: { de: "Profil der Einrichtung", en: "Institution profile" }, itemCount: 9, own: false });
    expect(facets.modules.find((module: { id: string }) => module.id === "own.betreuung")).toMatchObject({
      questionnaire: "actor",
      title: { de: "Betreuung vor Ort" },
      itemCount: 1,
      own: true,
    });
    const all = await list("");
    const moduleTotal = facets.modules.reduce((sum: number, module: { itemCount: number }) => sum + module.itemCount, 0);
    expect(moduleTotal).toBe(all.length);
    expect(facets.questionnaires.map((questionnaire: { id: string }) => questionnaire.id)).toEqual(["actor", "network", "standards", "municipal"]);
    expect(facets.questionnaires[0]).toMatchObject({ label: { de: "Akteursfragebogen", en: "Actor questionnaire" } });

    expect(facets.lifePhases.map((phase: { id: string }) => phase.id)).toEqual(["pregnancy_birth", "early_childhood", "school", "youth"]);
    expect(facets.lifePhases[1]).toMatchObject({ label: { de: "Rund um die Kita" } });
    expect(facets.fieldsOfAction).toContainEqual({ id: "youth_welfare", label: { de: "Kinder- und Jugendhilfe", en: "Child and youth welfare" }, itemCount: (await list("fieldOfAction=youth_welfare")).length });
    expect(facets.topics).toContainEqual({ id: "structure", label: { de: "Struktur", en: "Structure" }, itemCount: (await list("topic=structure")).length });
    expect(facets.topics).toContainEqual({ id: "capacity_planning", label: { de: "capacity planning", en: "capacity planning" }, itemCount: 1 });
  });

  it("shows another organisation neither the own item nor its module or topic", async () => {
    const items = (await other.json("GET", "/api/canon/items?q=Kindertagesstätte")).items.map((item: Item) => item.itemId);
    expect(items).not.toContain(ownKitaItemId);
    expect(items).toContain("actor.hard_to_reach");
    const facets = await other.json("GET", "/api/canon/facets");
    expect(facets.modules.map((module: { id: string }) => module.id)).not.toContain("own.betreuung");
    expect(facets.topics.map((topic: { id: string }) => topic.id)).not.toContain("capacity_planning");
  });

  it("rejects overlong queries and needs a session", async () => {
    const response = await planner.request("GET", `/api/canon/items?q=${"a".repeat(201)}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_request");
    expect((await testApp.request("GET", "/api/canon/facets")).status).toBe(401);
  });
});
