import { afterAll, beforeAll, expect, it } from "vitest";
import { readCanonFiles } from "../../server/canon/canon-file-format.ts";
import { loadCanon, refreshSearchText } from "../../server/canon/load-canon.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("canon loading and versions", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  it("loads every item of the canon files once, and nothing again on the next start", async () => {
    const modules = await readCanonFiles();
    const total = modules.reduce((sum, module) => sum + module.items.length, 0);
    const stored = await testApp.database.db.selectFrom("canon_items").select("item_id").execute();
    expect(stored).toHaveLength(total);
    expect(await loadCanon(testApp.database.db)).toEqual({ added: 0 });
  });

  it("adds a new version beside the old one, never overwriting, and surveys keep the version they picked", async () => {
    const { id } = await planner.json("POST", "/api/surveys", { title: "Welle 2025" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }] });

    const modules = await readCanonFiles();
    const profile = modules.find((module) => module.items.some((item) => item.id === "network.sphere"))!;
    const sphere = profile.items.find((item) => item.id === "network.sphere")!;
    const revised = {
      ...sphere,
      version: 2,
      element: { ...sphere.element, title: { de: "Welchen Wirkungskreis hat das Netzwerk?", en: "Which area does the network cover?" } },
    };
    const changedVersion1 = { ...sphere, element: { ...sphere.element, title: { de: "ÜBERSCHRIEBEN", en: "OVERWRITTEN" } } };
    expect(await loadCanon(testApp.database.db, [{ ...profile, items: [changedVersion1, revised] }])).toEqual({ added: 1 });

    const { items } = await planner.json("GET", "/api/canon/items?q=Wirkungskreis");
    const listed = items.filter((item: { itemId: string }) => item.itemId === "network.sphere");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 2, title: { de: "Welchen Wirkungskreis hat das Netzwerk?" } });

    const survey = await planner.json("GET", `/api/surveys/${id}`);
    expect(survey.items[0]).toMatchObject({ itemId: "network.sphere", version: 1, title: { de: "Auf welchen Wirkungskreis bezieht sich das Netzwerk?" } });
    const { definition } = await planner.json("GET", `/api/surveys/${id}/preview`);
    expect(definition.pages[0].elements[0].title.de).toBe("Auf welchen Wirkungskreis bezieht sich das Netzwerk?");
  });

  it("gives stored shipped versions the tags of the files without a new version, and leaves own items' tags alone", async () => {
    const db = testApp.database.db;
    // An installation from before the "all" tags: empty lists, so no filter found these items.
    const own = await planner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "network",
        tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
        help: { de: "Ein Wort genügt.", en: "One word is enough." },
        personalDataWarning: false,
        element: { type: "boolean", title: { de: "Gibt es ein Logo?", en: "Is there a logo?" } },
      },
      201,
    );
    const old = JSON.stringify({ lifePhases: [], fieldsOfAction: [], topics: ["structure"] });
    await db.updateTable("canon_items").set({ tags: old }).where("item_id", "in", ["actor.institution_name", "network.fruehe_hilfen_cooperation"]).execute();
    const versionsBefore = await db.selectFrom("canon_items").select(["item_id", "version"]).orderBy("item_id").orderBy("version").execute();
    await refreshSearchText(db); // the search text as that installation had it
    const underYouth = async () => (await planner.json("GET", "/api/canon/items?lifePhase=youth")).items.map((item: { itemId: string }) => item.itemId);
    const bySearch = async (q: string) => (await planner.json("GET", `/api/canon/items?q=${q}`)).items.map((item: { itemId: string }) => item.itemId);
    expect(await underYouth()).not.toContain("actor.institution_name");
    expect(await bySearch("Schwangerschaft")).not.toContain("network.fruehe_hilfen_cooperation");

    expect(await loadCanon(db)).toEqual({ added: 0 });
    const tagsOf = async (itemId: string) => (await db.selectFrom("canon_items").select("tags").where("item_id", "=", itemId).executeTakeFirstOrThrow()).tags;
    expect(await tagsOf("actor.institution_name")).toEqual({ lifePhases: "all", fieldsOfAction: "all", topics: ["structure"] });
    expect(await tagsOf("network.fruehe_hilfen_cooperation")).toEqual({
      lifePhases: ["pregnancy_birth", "early_childhood"],
      fieldsOfAction: ["youth_welfare", "health"],
      topics: ["cooperation", "coordination"],
    });
    expect(await tagsOf(own.itemId)).toEqual({ lifePhases: [], fieldsOfAction: [], topics: [] });
    expect(await db.selectFrom("canon_items").select(["item_id", "version"]).orderBy("item_id").orderBy("version").execute()).toEqual(versionsBefore);
    expect(await underYouth()).toContain("actor.institution_name");
    // The search text follows the tags: "Schwangerschaft" (a word of its life phase) finds the Frühe Hilfen item again.
    expect(await bySearch("Schwangerschaft")).toContain("network.fruehe_hilfen_cooperation");
  });

  it("gives items already in the database a fresh search text when loading, touching nothing else", async () => {
    const db = testApp.database.db;
    const before = await db.selectFrom("canon_items").selectAll().where("item_id", "=", "actor.hard_to_reach").executeTakeFirstOrThrow();
    await db.updateTable("canon_items").set({ search_text: "kita" }).where("item_id", "=", "actor.hard_to_reach").execute();
    await db.updateTable("canon_items").set({ search_text: "veraltet" }).where("questionnaire", "=", "standards").execute();
    const stale = (await planner.json("GET", "/api/canon/items?q=Kindertagesstätte")).items.map((item: { itemId: string }) => item.itemId);
    expect(stale).not.toContain("actor.hard_to_reach");

    expect(await loadCanon(db)).toEqual({ added: 0 });
    const after = await db.selectFrom("canon_items").selectAll().where("item_id", "=", "actor.hard_to_reach").executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const fresh = (await planner.json("GET", "/api/canon/items?q=Kindertagesstätte")).items.map((item: { itemId: string }) => item.itemId);
    expect(fresh).toContain("actor.hard_to_reach");
    expect((await planner.json("GET", "/api/canon/items?q=Präventionsstandards&questionnaire=standards")).items.length).toBe(8);
    expect(await refreshSearchText(db)).toBe(0);
  });
});
