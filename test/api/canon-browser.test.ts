import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

interface Item {
  itemId: string;
  version: number;
  questionnaire: string;
  module: string;
  own: boolean;
  tags: { lifePhases: string[] | "all"; fieldsOfAction: string[] | "all"; topics: string[] };
  title: { de: string; en: string };
}

const LIFE_PHASES = ["pregnancy_birth", "early_childhood", "school", "youth"];
const FIELDS_OF_ACTION = ["health", "youth_welfare", "education", "social", "sport", "culture"];
/** General items: they apply to every life phase and field of action, so every filter finds them. */
const GENERAL_ITEMS = ["actor.institution_name", "actor.funding_sources", "network.name", "network.member_sectors", "standards.transitions", "municipal.strategic_goals"];

/** Tagged with the code, or with "all". */
const appliesTo = (list: string[] | "all", code: string) => list === "all" || list.includes(code);
const specificallyTagged = (list: string[] | "all", code: string) => list !== "all" && list.includes(code);
const idsOf = (items: Item[]) => items.map((item) => item.itemId);

describeEachDatabase("canon browser: filters, German search, facets", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let other: PlannerClient;
  let ownKitaItemId: string;
  let ownGeneralItemId: string;

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
        tags: { lifePhases: ["early_childhood"], fieldsOfAction: ["youth_welfare"], topics: ["capacity_planning"] },
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
    // "Alle Lebensphasen" ticked, and every field of action ticked one by one: stored as "all" both.
    const general = await planner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "actor",
        tags: { lifePhases: "all", fieldsOfAction: [...FIELDS_OF_ACTION].reverse(), topics: [] },
        help: { de: "Ein Wort genügt.", en: "One word is enough." },
        personalDataWarning: false,
        element: { type: "boolean", title: { de: "Hat Ihre Einrichtung einen Internetauftritt?", en: "Does your institution have a website?" } },
      },
      201,
    );
    ownGeneralItemId = general.itemId;
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
    expect(earlyChildhood.every((item) => appliesTo(item.tags.lifePhases, "early_childhood"))).toBe(true);

    const youthWelfare = await list("fieldOfAction=youth_welfare");
    expect(youthWelfare.map((item) => item.itemId)).toEqual(expect.arrayContaining(["network.fruehe_hilfen_cooperation", ownKitaItemId]));
    expect(youthWelfare.every((item) => appliesTo(item.tags.fieldsOfAction, "youth_welfare"))).toBe(true);

    const parents = await list("topic=parents");
    expect(parents.map((item) => item.itemId)).toContain("standards.strengthen_parents");
    expect(parents.every((item) => item.tags.topics.includes("parents"))).toBe(true);

    const combined = await list("questionnaire=network&topic=cooperation&q=Jugendamt");
    expect(combined.length).toBeGreaterThan(0);
    expect(combined.every((item) => item.questionnaire === "network" && item.tags.topics.includes("cooperation"))).toBe(true);

    expect((await list("own=true")).map((item) => item.itemId).sort()).toEqual([ownKitaItemId, ownGeneralItemId].sort());
    expect((await list("own=false")).map((item) => item.itemId)).not.toContain(ownKitaItemId);
  });

  it("finds under every life phase the items about it and the general items, and only the former on request", async () => {
    const all = await list("");
    const general = all.filter((item) => item.tags.lifePhases === "all");
    expect(general.length).toBeGreaterThan(100);
    for (const phase of LIFE_PHASES) {
      const found = await list(`lifePhase=${phase}`);
      expect(found.length, phase).toBeGreaterThan(100);
      expect(found.every((item) => appliesTo(item.tags.lifePhases, phase)), phase).toBe(true);
      expect(idsOf(found), phase).toEqual(expect.arrayContaining([...GENERAL_ITEMS, ownGeneralItemId]));
      const specific = await list(`lifePhase=${phase}&includeGeneral=false`);
      expect(specific.every((item) => specificallyTagged(item.tags.lifePhases, phase)), phase).toBe(true);
      expect(found.length, phase).toBe(specific.length + general.length);
    }
    // Kita: the questions about Frühe Hilfen and about families without a Kita place, and the own Kita item.
    const kita = idsOf(await list("lifePhase=early_childhood&includeGeneral=false"));
    expect(kita).toEqual(expect.arrayContaining(["actor.hard_to_reach", "network.fruehe_hilfen_cooperation", ownKitaItemId]));
    expect(kita).not.toContain("actor.institution_name");
    expect(idsOf(await list("lifePhase=pregnancy_birth&includeGeneral=false"))).toContain("network.fruehe_hilfen_cooperation");
    const youth = idsOf(await list("lifePhase=youth&includeGeneral=false"));
    expect(youth).not.toContain("network.fruehe_hilfen_cooperation");
    expect(youth).not.toContain(ownKitaItemId);
  });

  it("finds under every field of action the items about it and the general items", async () => {
    const generalCount = (await list("")).filter((item) => item.tags.fieldsOfAction === "all").length;
    for (const field of FIELDS_OF_ACTION) {
      const found = await list(`fieldOfAction=${field}`);
      expect(found.length, field).toBeGreaterThan(100);
      expect(found.every((item) => appliesTo(item.tags.fieldsOfAction, field)), field).toBe(true);
      expect(idsOf(found), field).toEqual(expect.arrayContaining([...GENERAL_ITEMS, ownGeneralItemId]));
      const specific = await list(`fieldOfAction=${field}&includeGeneral=false`);
      expect(specific.every((item) => specificallyTagged(item.tags.fieldsOfAction, field)), field).toBe(true);
      expect(found.length, field).toBe(specific.length + generalCount);
    }
    expect(idsOf(await list("fieldOfAction=social&includeGeneral=false"))).toContain("actor.entitlement_guidance");
    expect(idsOf(await list("fieldOfAction=health&includeGeneral=false"))).toContain("network.fruehe_hilfen_cooperation");
    expect(idsOf(await list("fieldOfAction=youth_welfare&includeGeneral=false"))).toEqual(expect.arrayContaining(["network.fruehe_hilfen_cooperation", ownKitaItemId]));
    expect(idsOf(await list("fieldOfAction=sport&includeGeneral=false"))).not.toContain("actor.entitlement_guidance");
    // Both filters: general in both, or about both.
    expect(idsOf(await list("lifePhase=early_childhood&fieldOfAction=health&includeGeneral=false"))).toEqual(["network.fruehe_hilfen_cooperation"]);
    const both = await list("lifePhase=early_childhood&fieldOfAction=social");
    expect(idsOf(both)).toEqual(expect.arrayContaining(["actor.hard_to_reach", "actor.entitlement_guidance", "actor.institution_name"]));
    expect(idsOf(both)).not.toContain("network.fruehe_hilfen_cooperation");
  });

  it("stores an own item that applies to every life phase or field of action as \"all\", and keeps \"all\" out of the search", async () => {
    const [stored] = await list("own=true&q=Internetauftritt");
    expect(stored).toMatchObject({ itemId: ownGeneralItemId, tags: { lifePhases: "all", fieldsOfAction: "all", topics: [] } });
    const versions = await planner.json("GET", `/api/canon/items/${ownGeneralItemId}/versions`);
    expect(versions.versions[0].tags).toEqual({ lifePhases: "all", fieldsOfAction: "all", topics: [] });
    // "all" adds no words: a search for a life phase finds what is about it, not every general item.
    expect(await idsFor("Jugendphase")).not.toContain("actor.institution_name");
    expect((await idsFor("Kita")).length).toBeLessThan(20);
    // An unknown code, or another word than "all", is refused at the field.
    for (const lifePhases of [["kita"], "alle"]) {
      const response = await planner.request("POST", "/api/canon/items", {
        questionnaire: "actor",
        tags: { lifePhases, fieldsOfAction: [], topics: [] },
        help: { de: "Hilfe", en: "Help" },
        personalDataWarning: false,
        element: { type: "boolean", title: { de: "Frage?", en: "Question?" } },
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain("tags.lifePhases");
    }
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
    expect(facets.fieldsOfAction).toContainEqual({
      id: "youth_welfare",
      label: { de: "Kinder- und Jugendhilfe", en: "Child and youth welfare" },
      itemCount: (await list("fieldOfAction=youth_welfare")).length,
      specificCount: (await list("fieldOfAction=youth_welfare&includeGeneral=false")).length,
    });
    // Each count is what the filter finds, with and without the general items.
    for (const phase of facets.lifePhases as { id: string; itemCount: number; specificCount: number }[]) {
      expect(phase.itemCount, phase.id).toBe((await list(`lifePhase=${phase.id}`)).length);
      expect(phase.specificCount, phase.id).toBe((await list(`lifePhase=${phase.id}&includeGeneral=false`)).length);
    }
    for (const field of facets.fieldsOfAction as { id: string; itemCount: number; specificCount: number }[]) {
      expect(field.itemCount, field.id).toBe((await list(`fieldOfAction=${field.id}`)).length);
      expect(field.specificCount, field.id).toBe((await list(`fieldOfAction=${field.id}&includeGeneral=false`)).length);
    }
    expect(facets.lifePhases.find((phase: { id: string }) => phase.id === "early_childhood").specificCount).toBeGreaterThanOrEqual(3);
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
