import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

const t = (de: string, en = de) => ({ de, en });
const choice = (value: string, de: string, en = de) => ({ value, text: t(de, en) });

/** The question types the client's form editor produces. */
const editorElements: Record<string, Record<string, unknown>> = {
  text: { type: "text", title: t("Name des Angebots", "Name of the offer"), placeholder: t("z. B. Elterncafé", "e.g. parents' café") },
  comment: { type: "comment", title: t("Was sollte sich ändern?", "What should change?") },
  number: { type: "text", inputType: "number", min: 0, title: t("Wie viele Plätze gibt es?", "How many places are there?") },
  year: { type: "text", inputType: "number", min: 1900, step: 1, maxValueExpression: "year(today())", title: t("Seit wann gibt es das Angebot?", "Since when has the offer existed?") },
  radiogroup: { type: "radiogroup", title: t("Ist das Angebot kostenlos?", "Is the offer free?"), choices: [choice("ja", "Ja", "Yes"), choice("nein", "Nein", "No")] },
  checkbox: {
    type: "checkbox",
    title: t("Welche Sprachen sprechen Sie?", "Which languages do you speak?"),
    choices: [choice("deutsch", "Deutsch", "German"), choice("tuerkisch", "Türkisch", "Turkish")],
    showOtherItem: true,
    otherText: t("Sonstiges", "Other"),
  },
  boolean: { type: "boolean", title: t("Gibt es eine Warteliste?", "Is there a waiting list?"), labelTrue: t("Ja", "Yes"), labelFalse: t("Nein", "No") },
  rating: { type: "rating", rateMin: 1, rateMax: 5, title: t("Wie zufrieden sind Sie?", "How satisfied are you?"), minRateDescription: t("gar nicht", "not at all"), maxRateDescription: t("sehr", "very") },
  matrix: {
    type: "matrix",
    title: t("Wie bewerten Sie die Zusammenarbeit?", "How do you rate the cooperation?"),
    rows: [choice("verlaesslich", "verlässlich", "reliable"), choice("offen", "offen", "open")],
    columns: [choice("trifft_zu", "trifft zu", "applies"), choice("trifft_nicht_zu", "trifft nicht zu", "does not apply")],
  },
  paneldynamic: {
    type: "paneldynamic",
    title: t("Welche Kooperationspartner haben Sie?", "Which partners do you have?"),
    panelAddText: t("Partner hinzufügen", "Add partner"),
    templateElements: [
      { type: "text", name: "partner", title: t("Partner", "Partner") },
      { type: "dropdown", name: "art", title: t("Art", "Kind"), choices: [choice("schule", "Schule", "School"), choice("kita", "Kita", "Day care")] },
    ],
  },
};

const newItem = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  questionnaire: "actor",
  tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
  help: t("Bitte eine Angabe.", "Please answer."),
  personalDataWarning: false,
  element,
  ...extra,
});

describeEachDatabase("organisation canon: own items, versions, option mappings, retiring, isolation", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let other: PlannerClient;

  const errorOf = async (response: Response) => (await response.json()).error;
  const listIds = async (client: PlannerClient, query = "") =>
    (await client.json("GET", `/api/canon/items?${query}`)).items.map((item: { itemId: string }) => item.itemId) as string[];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: other } = await addOrganisation(testApp, "Stadt Dortmund"));
  });
  afterAll(() => testApp.close());

  describe("creating", () => {
    it.each(Object.entries(editorElements))("accepts a %s question from the form editor", async (_type, element) => {
      const created = await planner.json("POST", "/api/canon/items", newItem(element), 201);
      expect(created.itemId).toMatch(/^own\.[a-z][a-z0-9_]*$/);
      expect(created).toMatchObject({ version: 1, own: true, origin: "editor", retired: false, questionnaire: "actor", module: "own.actor", moduleTitle: { de: "Eigene Fragen" } });
      expect(created.element).toMatchObject({ type: element.type, name: created.itemId, canonId: created.itemId, canonVersion: 1, title: element.title });
      const row = await testApp.database.db.selectFrom("canon_items").selectAll().where("item_id", "=", created.itemId).executeTakeFirstOrThrow();
      expect(row.organisation_id).toBe(planner.organisationId);
      expect(row.created_by).not.toBeNull();
      expect(row.origin).toBe("editor");
      expect(await listIds(planner, "own=true")).toContain(created.itemId);
    });

    it("makes the id from the German title, unique every time, and always warns on comments", async () => {
      const element = { type: "comment", title: t("Anzahl der Kita-Plätze", "Number of day-care places") };
      const first = await planner.json("POST", "/api/canon/items", newItem(element), 201);
      const second = await planner.json("POST", "/api/canon/items", newItem(element), 201);
      expect(first.itemId).toMatch(/^own\.anzahl_der_kita_plaetze_[a-z0-9]+$/);
      expect(second.itemId).not.toBe(first.itemId);
      expect(first.personalDataWarning).toBe(true);
    });

    it("puts items into an own module or a shipped one (with the canon's title)", async () => {
      const own = await planner.json("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "own.kita_bedarf", title: t("Kita-Bedarf", "Day-care demand") } }), 201);
      expect(own).toMatchObject({ module: "own.kita_bedarf", moduleTitle: { de: "Kita-Bedarf", en: "Day-care demand" } });
      const shipped = await planner.json("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "actor.profile", title: t("Egal", "Whatever") } }), 201);
      expect(shipped).toMatchObject({ module: "actor.profile", moduleTitle: { de: "Profil der Einrichtung" } });
      expect((await errorOf(await planner.request("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "network.profile", title: t("X") } }))))).toMatchObject({ code: "module_questionnaire_mismatch" });
      expect((await errorOf(await planner.request("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "actor.erfunden", title: t("X") } }))))).toMatchObject({ code: "unknown_module" });
    });

    const rejected: [string, Record<string, unknown>, string][] = [
      ["a bare string title", { type: "text", title: "Nur Deutsch" }, "invalid_request"],
      ["a half-localized choice", { type: "radiogroup", title: t("Frage"), choices: [{ value: "ja", text: { de: "Ja" } }] }, "invalid_request"],
      ["a choice value that is no code", { type: "radiogroup", title: t("Frage"), choices: [{ value: "Ja!", text: t("Ja") }] }, "invalid_request"],
      ["requiredness", { type: "text", title: t("Frage"), isRequired: true }, "invalid_request"],
      ["logic", { type: "text", title: t("Frage"), visibleIf: "{x} = 1" }, "invalid_request"],
      ["a description (help is separate)", { type: "text", title: t("Frage"), description: t("Hilfe") }, "invalid_request"],
      ["an unsupported type", { type: "file", title: t("Datei") }, "invalid_request"],
      ["a panel", { type: "panel", title: t("Gruppe"), elements: [] }, "invalid_request"],
      ["the year input type survey-core does not have", { type: "text", inputType: "year", title: t("Jahr") }, "invalid_request"],
      ["a property survey-core does not know", { type: "text", title: t("Frage"), colour: "red" }, "invalid_element"],
      ["a wrongly typed nested question", { type: "paneldynamic", title: t("Liste"), templateElements: [{ type: "gibtsnicht", name: "x", title: t("X") }] }, "invalid_element"],
    ];
    it.each(rejected)("rejects %s with a reason", async (_what, element, code) => {
      const response = await planner.request("POST", "/api/canon/items", newItem(element));
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(20);
      expect(error.messageDe.length).toBeGreaterThan(20);
    });

    it("rejects missing help, tags or an empty questionnaire, and takes an own questionnaire label", async () => {
      for (const body of [
        { ...newItem(editorElements.text!), help: undefined },
        { ...newItem(editorElements.text!), tags: { lifePhases: ["kindheit"], fieldsOfAction: [], topics: [] } },
        { ...newItem(editorElements.text!), questionnaire: " " },
      ]) {
        expect((await planner.request("POST", "/api/canon/items", body)).status).toBe(400);
      }
      // Organisation items may carry their own questionnaire label (e.g. of an imported survey).
      const own = await planner.json("POST", "/api/canon/items", { ...newItem(editorElements.text!), questionnaire: "Jugendbefragung 2024" }, 201);
      expect(own.questionnaire).toBe("Jugendbefragung 2024");
      await planner.json("POST", `/api/canon/items/${own.itemId}/retire`);
    });
  });

  describe("versions", () => {
    it("saves an edit as version 2; version 1 stays unchanged and the survey that picked it keeps it", async () => {
      const v1Element = { type: "radiogroup", title: t("Gibt es einen Elternbeirat?", "Is there a parents' council?"), choices: [choice("ja", "Ja", "Yes"), choice("nein", "Nein", "No")] };
      const created = await planner.json("POST", "/api/canon/items", newItem(v1Element), 201);
      const { id: surveyId } = await planner.json("POST", "/api/surveys", { title: "Welle 2025" }, 201);
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: created.itemId, version: 1 }] });

      const v2Element = { ...v1Element, title: t("Gibt es einen gewählten Elternbeirat?", "Is there an elected parents' council?") };
      const v2 = await planner.json("PUT", `/api/canon/items/${created.itemId}`, { ...newItem(v2Element), baseVersion: 1 });
      expect(v2).toMatchObject({ itemId: created.itemId, version: 2, own: true, origin: "editor", title: { de: "Gibt es einen gewählten Elternbeirat?" } });

      const { versions } = await planner.json("GET", `/api/canon/items/${created.itemId}/versions`);
      expect(versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
      expect(versions[0].element).toEqual({ ...v1Element, name: created.itemId });
      expect(versions[0].optionMapping).toBeNull();
      expect(versions[1].optionMapping).toBeNull(); // same answer values, no mapping needed
      expect(versions[1].createdAt).toEqual(expect.any(String));

      const listed = (await planner.json("GET", "/api/canon/items?own=true")).items.filter((item: { itemId: string }) => item.itemId === created.itemId);
      expect(listed).toHaveLength(1);
      expect(listed[0].version).toBe(2);

      const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
      const question = JSON.stringify(definition);
      expect(question).toContain("Gibt es einen Elternbeirat?");
      expect(question).not.toContain("gewählten");

      const conflict = await planner.request("PUT", `/api/canon/items/${created.itemId}`, { ...newItem(v2Element), baseVersion: 1 });
      expect(conflict.status).toBe(409);
      expect((await errorOf(conflict)).code).toBe("version_conflict");
    });

    it("requires an option mapping covering every old value when the choices change, and stores it", async () => {
      const element = (choices: { value: string; text: { de: string; en: string } }[]) => ({ type: "radiogroup", title: t("Wie oft trifft sich das Netzwerk?", "How often does the network meet?"), choices });
      const created = await planner.json(
        "POST",
        "/api/canon/items",
        newItem(element([choice("woechentlich", "wöchentlich", "weekly"), choice("monatlich", "monatlich", "monthly"), choice("seltener", "seltener", "less often")])),
        201,
      );
      const path = `/api/canon/items/${created.itemId}`;
      const revised = newItem(element([choice("monatlich", "monatlich", "monthly"), choice("quartal", "vierteljährlich", "quarterly"), choice("jaehrlich", "jährlich", "yearly")]));

      const missing = await planner.request("PUT", path, revised);
      expect(missing.status).toBe(400);
      const missingError = await errorOf(missing);
      expect(missingError.code).toBe("option_mapping_required");
      expect(missingError.details.unmapped).toEqual(["woechentlich", "seltener"]);
      expect(missingError.messageDe).toContain("woechentlich");

      const partial = await planner.request("PUT", path, { ...revised, optionMapping: { map: { woechentlich: null }, break: false } });
      expect((await errorOf(partial)).details.unmapped).toEqual(["seltener"]);

      const wrongTarget = await planner.request("PUT", path, { ...revised, optionMapping: { map: { woechentlich: null, seltener: "nie" }, break: false } });
      expect(wrongTarget.status).toBe(400);
      expect(await errorOf(wrongTarget)).toMatchObject({ code: "option_mapping_invalid", details: { unknownNewValues: ["nie"] } });

      const wrongSource = await planner.request("PUT", path, { ...revised, optionMapping: { map: { woechentlich: null, seltener: "quartal", taeglich: null }, break: false } });
      expect(await errorOf(wrongSource)).toMatchObject({ code: "option_mapping_invalid", details: { unknownOldValues: ["taeglich"] } });

      const saved = await planner.json("PUT", path, { ...revised, optionMapping: { map: { woechentlich: null, seltener: "quartal" }, break: true } });
      expect(saved.version).toBe(2);
      const { versions } = await planner.json("GET", `${path}/versions`);
      expect(versions[1].optionMapping).toEqual({ fromVersion: 1, map: { woechentlich: null, monatlich: "monatlich", seltener: "quartal" }, break: true });
      const row = await testApp.database.db.selectFrom("canon_items").select("option_mapping").where("item_id", "=", created.itemId).where("version", "=", 2).executeTakeFirstOrThrow();
      expect(row.option_mapping).toEqual({ fromVersion: 1, map: { woechentlich: null, monatlich: "monatlich", seltener: "quartal" }, break: true });
      expect(versions[0].element.choices.map((entry: { value: string }) => entry.value)).toEqual(["woechentlich", "monatlich", "seltener"]);
    });

    it("treats rating scales and matrix columns as answer values too", async () => {
      const rating = await planner.json("POST", "/api/canon/items", newItem(editorElements.rating!), 201);
      const wider = newItem({ ...editorElements.rating!, rateMax: 7 });
      expect((await errorOf(await planner.request("PUT", `/api/canon/items/${rating.itemId}`, wider))).code).toBe("option_mapping_required");
      await planner.json("PUT", `/api/canon/items/${rating.itemId}`, { ...wider, optionMapping: { map: {}, break: false } });
      const { versions } = await planner.json("GET", `/api/canon/items/${rating.itemId}/versions`);
      expect(versions[1].optionMapping).toEqual({ fromVersion: 1, map: { 1: "1", 2: "2", 3: "3", 4: "4", 5: "5" }, break: false });

      const matrix = await planner.json("POST", "/api/canon/items", newItem(editorElements.matrix!), 201);
      const renamedColumn = newItem({ ...editorElements.matrix!, columns: [choice("trifft_zu", "trifft zu", "applies"), choice("trifft_eher_nicht_zu", "trifft eher nicht zu", "rather does not apply")] });
      const error = await errorOf(await planner.request("PUT", `/api/canon/items/${matrix.itemId}`, renamedColumn));
      expect(error).toMatchObject({ code: "option_mapping_required", details: { unmapped: ["trifft_nicht_zu"] } });
    });

    it("keeps the module on edits unless told otherwise, and checks it against a changed questionnaire", async () => {
      const inDefault = await planner.json("POST", "/api/canon/items", newItem(editorElements.text!), 201);
      const moved = await planner.json("PUT", `/api/canon/items/${inDefault.itemId}`, newItem(editorElements.text!, { questionnaire: "network" }));
      expect(moved).toMatchObject({ version: 2, questionnaire: "network", module: "own.network" });

      const inOwnModule = await planner.json("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "own.kooperation", title: t("Kooperation vor Ort", "Local cooperation") } }), 201);
      const edited = await planner.json("PUT", `/api/canon/items/${inOwnModule.itemId}`, { ...newItem(editorElements.number!), module: undefined });
      expect(edited).toMatchObject({ version: 2, module: "own.kooperation", moduleTitle: { de: "Kooperation vor Ort" } });

      const inShipped = await planner.json("POST", "/api/canon/items", newItem(editorElements.text!, { module: { id: "actor.profile", title: t("Profil") } }), 201);
      const mismatch = await planner.request("PUT", `/api/canon/items/${inShipped.itemId}`, newItem(editorElements.text!, { questionnaire: "network" }));
      expect((await errorOf(mismatch)).code).toBe("module_questionnaire_mismatch");
    });

    it("answers versions for shipped items, and keeps shipped items read-only (403)", async () => {
      const { versions, own } = await planner.json("GET", "/api/canon/items/network.sphere/versions");
      expect(own).toBe(false);
      expect(versions[0]).toMatchObject({ version: 1, origin: "canon", optionMapping: null });
      for (const [method, path, body] of [
        ["PUT", "/api/canon/items/network.sphere", newItem(editorElements.text!)],
        ["POST", "/api/canon/items/network.sphere/retire"],
        ["POST", "/api/canon/items/network.sphere/unretire"],
      ] as const) {
        const response = await planner.request(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect((await errorOf(response)).code).toBe("canon_item_read_only");
      }
      expect((await planner.request("GET", "/api/canon/items/own.gibt_es_nicht/versions")).status).toBe(404);
      expect((await planner.request("PUT", "/api/canon/items/own.gibt_es_nicht", newItem(editorElements.text!))).status).toBe(404);
    });
  });

  describe("retiring", () => {
    it("hides a retired item from the list (unless asked), keeps it in surveys, and brings it back", async () => {
      const created = await planner.json("POST", "/api/canon/items", newItem({ type: "boolean", title: t("Nutzen Sie die Zukunftswerkstatt?", "Do you use the future workshop?") }), 201);
      const { id: surveyId } = await planner.json("POST", "/api/surveys", { title: "Mit zurückgezogener Frage" }, 201);
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: created.itemId, version: 1 }] });

      const retired = await planner.json("POST", `/api/canon/items/${created.itemId}/retire`);
      expect(retired).toMatchObject({ itemId: created.itemId, retired: true });
      expect(await listIds(planner)).not.toContain(created.itemId);
      expect((await planner.json("GET", "/api/canon/items?q=Zukunftswerkstatt")).items).toEqual([]);
      const withRetired = (await planner.json("GET", "/api/canon/items?includeRetired=true&q=Zukunftswerkstatt")).items;
      expect(withRetired).toMatchObject([{ itemId: created.itemId, retired: true }]);
      expect((await planner.json("GET", `/api/canon/items/${created.itemId}/versions`)).retired).toBe(true);
      const facets = await planner.json("GET", "/api/canon/facets");
      const ownActor = facets.modules.find((module: { id: string }) => module.id === "own.actor");
      expect(ownActor.itemCount).toBe((await planner.json("GET", "/api/canon/items?module=own.actor")).items.length);

      const { definition } = await planner.json("GET", `/api/surveys/${surveyId}/preview`);
      expect(JSON.stringify(definition)).toContain("Nutzen Sie die Zukunftswerkstatt?");
      // Kept where it was used (re-saving the survey keeps it), but not picked anew elsewhere.
      await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: "network.sphere", version: 1 }, { itemId: created.itemId, version: 1 }] });
      const { id: otherSurvey } = await planner.json("POST", "/api/surveys", { title: "Neue Umfrage" }, 201);
      const pickRetired = await planner.request("PATCH", `/api/surveys/${otherSurvey}`, { items: [{ itemId: created.itemId, version: 1 }] });
      expect(pickRetired.status).toBe(400);
      expect((await errorOf(pickRetired)).code).toBe("item_retired");

      expect(await planner.json("POST", `/api/canon/items/${created.itemId}/retire`)).toMatchObject({ retired: true }); // idempotent
      const editWhileRetired = await planner.request("PUT", `/api/canon/items/${created.itemId}`, newItem(editorElements.boolean!));
      expect(editWhileRetired.status).toBe(409);
      expect((await errorOf(editWhileRetired)).code).toBe("item_retired");

      expect(await planner.json("POST", `/api/canon/items/${created.itemId}/unretire`)).toMatchObject({ retired: false });
      expect(await listIds(planner)).toContain(created.itemId);
    });
  });

  describe("tenant isolation", () => {
    it("never shows an organisation's items to another one: 404 on every item route", async () => {
      const secret = await planner.json("POST", "/api/canon/items", newItem({ type: "text", title: t("Geheime Wuppertaler Frage", "Secret Wuppertal question") }, { module: { id: "own.wuppertal", title: t("Wuppertal intern") } }), 201);
      const path = `/api/canon/items/${secret.itemId}`;

      expect(await listIds(other)).not.toContain(secret.itemId);
      expect(await listIds(other, "includeRetired=true&own=true")).toEqual([]);
      expect((await other.json("GET", "/api/canon/items?q=Wuppertaler")).items).toEqual([]);
      expect((await other.json("GET", "/api/canon/items?module=own.wuppertal")).items).toEqual([]);
      expect((await other.json("GET", "/api/canon/facets")).modules.map((module: { id: string }) => module.id)).not.toContain("own.wuppertal");

      for (const [method, route, body] of [
        ["GET", `${path}/versions`],
        ["PUT", path, newItem({ type: "text", title: t("Übernommen") })],
        ["POST", `${path}/retire`],
        ["POST", `${path}/unretire`],
      ] as const) {
        const response = await other.request(method, route, body);
        expect(response.status, `${method} ${route}`).toBe(404);
        expect((await errorOf(response)).code).toBe("not_found");
      }

      const { id: foreignSurvey } = await other.json("POST", "/api/surveys", { title: "Dortmund" }, 201);
      const pick = await other.request("PATCH", `/api/surveys/${foreignSurvey}`, { items: [{ itemId: secret.itemId, version: 1 }] });
      expect(pick.status).toBe(400);

      const { versions } = await planner.json("GET", `${path}/versions`);
      expect(versions).toHaveLength(1);
      expect(versions[0].element.title.de).toBe("Geheime Wuppertaler Frage");
    });

    it("needs the CSRF token for changes", async () => {
      const response = await testApp.request("POST", "/api/canon/items", newItem(editorElements.text!), { cookie: planner.cookie });
      expect(response.status).toBe(403);
    });
  });

  it("documents the canon routes in the OpenAPI description", async () => {
    const document = await (await testApp.request("GET", "/api/openapi.json")).json();
    for (const path of ["/api/canon/items", "/api/canon/facets", "/api/canon/items/{itemId}", "/api/canon/items/{itemId}/versions", "/api/canon/items/{itemId}/retire", "/api/canon/items/{itemId}/unretire"]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.paths["/api/canon/items"].post.requestBody).toBeDefined();
    expect(document.paths["/api/canon/items/{itemId}"].put.responses["403"]).toBeDefined();
  });
});
