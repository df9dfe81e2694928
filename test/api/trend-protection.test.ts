import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * The trend across waves of pseudonymous and anonymous surveys: every such wave shows what its own
 * protected results page shows, put onto the newest version's options, and nothing resting on
 * fewer than k (5) respondents. Four waves of one series:
 * - 2024, pseudonymous, version 1, three respondents: nothing but that;
 * - 2025, pseudonymous, version 1, fourteen respondents: small cells, options that version 2
 *   merges (single choice: shown only when every part is, one more withheld when merging leaves a
 *   lone withheld cell; multiple choice: the merged count would give away who chose both, withheld);
 * - 2026, anonymous, version 2, ten respondents: the same cells as its results page;
 * - 2027, identified, version 2, two respondents: every count, as before.
 */

type Json = Record<string, any>;

const t = (de: string, en = de) => ({ de, en });
const choice = (value: string, de: string) => ({ value, text: t(de) });
const newItem = (element: Json) => ({
  questionnaire: "actor",
  tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
  help: t("Bitte eine Angabe."),
  personalDataWarning: false,
  element,
});

const radio = (title: string, choices: Json[]) => ({ type: "radiogroup", title: t(title), choices });
const angebotV1 = radio("Gibt es ein Angebot?", [choice("ja", "Ja"), choice("eher_ja", "Eher ja"), choice("eher_nein", "Eher nein"), choice("nein", "Nein"), choice("keine_angabe", "Keine Angabe")]);
const angebotV2 = radio("Gibt es ein Angebot?", [choice("ja", "Ja"), choice("nein", "Nein"), choice("keine_angabe", "Keine Angabe"), choice("weiss_nicht", "Weiß nicht")]);
const treffV1 = radio("Wo treffen Sie sich?", [choice("a", "A"), choice("b", "B"), choice("c", "C"), choice("d", "D")]);
const treffV2 = radio("Wo treffen Sie sich?", [choice("ab", "A oder B"), choice("c", "C"), choice("d", "D")]);
const sprachenV1 = { type: "checkbox", title: t("Sprachen"), choices: [choice("deutsch", "Deutsch"), choice("russisch", "Russisch"), choice("polnisch", "Polnisch")] };
const sprachenV2 = { type: "checkbox", title: t("Sprachen"), choices: [choice("deutsch", "Deutsch"), choice("osteuropaeisch", "Osteuropäisch")] };
const zusammenarbeit = {
  type: "matrix",
  title: t("Zusammenarbeit"),
  rows: [choice("r1", "verlässlich"), choice("r2", "offen")],
  columns: [choice("gut", "gut"), choice("mittel", "mittel"), choice("schlecht", "schlecht")],
};

/** Version 2's option a version 1 value is counted under (the mappings below). */
const MAPPED: Record<string, Record<string, string>> = {
  angebot: { eher_ja: "ja", eher_nein: "nein" },
  treff: { a: "ab", b: "ab" },
  sprachen: { russisch: "osteuropaeisch", polnisch: "osteuropaeisch" },
};

const K = 5;

/** `count` answers built by `make`. */
const many = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);

/** Every count, n or respondents in a value, with its path. */
function countsIn(value: unknown, path = "", found: { path: string; value: number }[] = []) {
  if (Array.isArray(value)) value.forEach((item, index) => countsIn(item, `${path}[${index}]`, found));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (["count", "n"].includes(key) && typeof inner === "number") found.push({ path: `${path}.${key}`, value: inner });
      else countsIn(inner, `${path}.${key}`, found);
    }
  }
  return found;
}

describeEachDatabase("trend across waves of pseudonymous and anonymous surveys", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  const ids = { angebot: "", treff: "", sprachen: "", matrix: "" };
  const waves = { w2024: "", w2025: "", w2026: "", w2027: "" };
  let trend: Json;

  async function insertResponses(surveyId: string, answers: Json[]) {
    await testApp.database.db
      .insertInto("responses")
      .values(answers.map((answer) => ({ organisation_id: planner.organisationId, survey_id: surveyId, invitation_id: null, answers: JSON.stringify(answer), status: "submitted" as const, submitted_at: new Date() })))
      .execute();
    await releaseSeededAnswers(testApp.database.db);
  }

  async function nextWave(from: string, label: string, seriesId: string, version: number, privacyMode: string) {
    const id = (await planner.json("POST", `/api/surveys/${from}/duplicate`, {}, 201)).id as string;
    await planner.json("PATCH", `/api/surveys/${id}`, {
      title: `Bestandsaufnahme ${label}`,
      privacyMode,
      items: [
        { itemId: ids.angebot, version },
        { itemId: ids.treff, version },
        { itemId: ids.sprachen, version },
        { itemId: ids.matrix, version: 1 },
        { itemId: "actor.capacity", version: 1 },
        { itemId: "network.sphere", version: 1 },
      ],
    });
    await planner.json("PUT", `/api/surveys/${id}/series`, { seriesId, waveLabel: label });
    await planner.json("POST", `/api/surveys/${id}/open`);
    return id;
  }

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ids.angebot = (await planner.json("POST", "/api/canon/items", newItem(angebotV1), 201)).itemId;
    ids.treff = (await planner.json("POST", "/api/canon/items", newItem(treffV1), 201)).itemId;
    ids.sprachen = (await planner.json("POST", "/api/canon/items", newItem(sprachenV1), 201)).itemId;
    ids.matrix = (await planner.json("POST", "/api/canon/items", newItem(zusammenarbeit), 201)).itemId;

    waves.w2024 = (await planner.json("POST", "/api/surveys", { title: "Bestandsaufnahme 2024" }, 201)).id;
    await planner.json("PATCH", `/api/surveys/${waves.w2024}`, {
      privacyMode: "pseudonymous",
      items: [
        { itemId: ids.angebot, version: 1 },
        { itemId: ids.treff, version: 1 },
        { itemId: ids.sprachen, version: 1 },
        { itemId: ids.matrix, version: 1 },
        { itemId: "actor.capacity", version: 1 },
        { itemId: "network.sphere", version: 1 },
      ],
    });
    await planner.json("POST", `/api/surveys/${waves.w2024}/open`);
    const seriesId = (await planner.json("PUT", `/api/surveys/${waves.w2024}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2024" })).series.id;
    await insertResponses(waves.w2024, [
      { [ids.angebot]: "ja", [ids.treff]: "c", "actor.capacity": 10 },
      { [ids.angebot]: "ja", [ids.treff]: "c" },
      { [ids.angebot]: "nein" },
    ]);

    waves.w2025 = await nextWave(waves.w2024, "2025", seriesId, 1, "pseudonymous");
    // angebot: ja 7, eher_ja 0, eher_nein 2, nein 1, keine_angabe 4; treff: a 1, b 2, c 5, d 6 … see the expectations.
    const angebot = [...many(7, () => ({ a: "ja" })), ...many(2, () => ({ a: "eher_nein" })), { a: "nein" }, ...many(4, () => ({ a: "keine_angabe" }))];
    const treff = ["a", "b", "b", ...many(5, () => "c"), ...many(6, () => "d")];
    const sprachen: string[][] = [
      ["deutsch", "russisch", "polnisch"], // the one who chose both: the merged count would say so
      ...many(5, () => ["deutsch", "russisch"]),
      ...many(4, () => ["deutsch", "polnisch"]),
      ...many(1, () => ["polnisch"]),
      ["deutsch"],
      [],
      [],
    ];
    await insertResponses(
      waves.w2025,
      angebot.map((entry, index) => ({
        [ids.angebot]: entry.a,
        [ids.treff]: treff[index],
        ...(sprachen[index]!.length > 0 ? { [ids.sprachen]: sprachen[index] } : {}),
        [ids.matrix]: index < 8 ? { r1: "gut" } : index < 12 ? { r1: "mittel", ...(index < 11 ? { r2: "gut" } : {}) } : { r1: "schlecht" },
        "actor.capacity": 10 + index * 3,
        ...(index < 3 ? { "network.sphere": "stadtteil" } : {}),
      })),
    );

    const revise = (itemId: string, element: Json, map: Record<string, string>) => planner.json("PUT", `/api/canon/items/${itemId}`, { ...newItem(element), optionMapping: { map, break: false }, baseVersion: 1 });
    await revise(ids.angebot, angebotV2, MAPPED.angebot!);
    await revise(ids.treff, treffV2, MAPPED.treff!);
    await revise(ids.sprachen, sprachenV2, MAPPED.sprachen!);

    waves.w2026 = await nextWave(waves.w2025, "2026", seriesId, 2, "anonymous");
    await insertResponses(
      waves.w2026,
      Array.from({ length: 10 }, (_, index) => ({
        [ids.angebot]: index < 5 ? "ja" : "nein",
        [ids.treff]: index < 6 ? "ab" : "c",
        [ids.sprachen]: index < 3 ? ["deutsch", "osteuropaeisch"] : ["deutsch"],
        [ids.matrix]: { r1: index < 5 ? "gut" : "mittel" },
        "actor.capacity": 20 + index,
      })),
    );

    waves.w2027 = await nextWave(waves.w2026, "2027", seriesId, 2, "identified");
    await insertResponses(waves.w2027, [{ [ids.angebot]: "ja", [ids.treff]: "d" }, { [ids.angebot]: "weiss_nicht", [ids.sprachen]: ["osteuropaeisch"] }]);

    trend = await planner.json("GET", `/api/surveys/${waves.w2027}/trend`);
  }, 120_000);
  afterAll(() => testApp?.close());

  const questionOf = (canonId: string) => trend.questions.find((question: Json) => question.canonId === canonId);
  const countsOf = (figures: Json) => Object.fromEntries(figures.options.map((option: Json) => [option.value, option.count]));
  const page = (surveyId: string) => planner.json("POST", `/api/surveys/${surveyId}/results/query`, {});

  it("marks the protected waves and shows no figure below k in them", () => {
    expect(trend.waves.map((wave: Json) => [wave.waveLabel, wave.respondents, wave.protection])).toEqual([
      ["2024", 3, { mode: "pseudonymous", k: K }],
      ["2025", 14, { mode: "pseudonymous", k: K }],
      ["2026", 10, { mode: "anonymous", k: K }],
      ["2027", 2, null],
    ]);
    for (const question of trend.questions) {
      for (const [index, figures] of question.waves.entries()) {
        if (trend.waves[index].protection === null) continue;
        for (const { path, value } of countsIn(figures)) expect(value === 0 || value >= K, `${question.canonId} ${trend.waves[index].waveLabel}${path} = ${value}`).toBe(true);
      }
    }
  });

  it("a wave with fewer than k respondents shows nothing but that", () => {
    for (const question of trend.questions) {
      expect(question.waves[0], question.canonId).toMatchObject({ asked: true, n: null, options: [], dropped: [], rows: [], mean: null, median: null });
    }
  });

  it("withholds small cells with complementary suppression, also where version 2 merged options", () => {
    const angebot = questionOf(ids.angebot).waves[1];
    expect(angebot.n).toBe(14);
    // ja = ja 7 + eher_ja 0: both shown on the results page; nein = eher_nein 2 + nein 1 and keine_angabe 4 withheld there.
    expect(countsOf(angebot)).toEqual({ ja: 7, nein: null, keine_angabe: null, weiss_nicht: 0 });
    expect(angebot.options.find((option: Json) => option.value === "ja").percent).toBe(50);
    expect(angebot.options.find((option: Json) => option.value === "nein").percent).toBeNull();
    // Multiple choice: osteuropaeisch would count the respondent who chose both once (11, not 6 + 6).
    const sprachen = questionOf(ids.sprachen).waves[1];
    expect(sprachen.n).toBe(12);
    expect(countsOf(sprachen)).toEqual({ deutsch: 11, osteuropaeisch: null });
    expect(sprachen.options.find((option: Json) => option.value === "deutsch").percent).toBe(91.7);
    // Matrix: r1 hides mittel 4 and schlecht 2 (and so its mean); r2 was answered by 3.
    const matrix = questionOf(ids.matrix).waves[1];
    expect(matrix.rows[0]).toMatchObject({ value: "r1", n: 14, mean: null });
    expect(countsOf(matrix.rows[0])).toEqual({ gut: 8, mittel: null, schlecht: null });
    expect(matrix.rows[1]).toMatchObject({ value: "r2", n: null, mean: null });
    expect(countsOf(matrix.rows[1])).toEqual({ gut: null, mittel: null, schlecht: null });
    // A question answered by fewer than k.
    expect(questionOf("network.sphere").waves[1]).toMatchObject({ n: null, options: [] });
  });

  const pageCounts = async (surveyId: string, name: string) =>
    Object.fromEntries((await page(surveyId)).questions.find((question: Json) => question.name === name).options.map((cell: Json) => [cell.value, cell.count]));

  it("withholds one more cell when a merge leaves a lone withheld one", async () => {
    // The 2025 page withholds a 1 and b 2 (two cells, not all ones) and shows c 5 and d 6; merged, ab
    // would be the only withheld cell of the trend's distribution, and n − c − d gives it: c goes too.
    expect(await pageCounts(waves.w2025, ids.treff)).toEqual({ a: null, b: null, c: 5, d: 6 });
    expect(countsOf(questionOf(ids.treff).waves[1])).toEqual({ ab: null, c: null, d: 6 });
  });

  it("a wave that asked the newest version shows its page's own cells", async () => {
    // 2026: ab 6, c 4 → the page withholds c and, as c alone would be n − ab, ab too.
    expect(await pageCounts(waves.w2026, ids.treff)).toEqual({ ab: null, c: null, d: 0 });
    expect(countsOf(questionOf(ids.treff).waves[2])).toEqual({ ab: null, c: null, d: 0 });
    expect(countsOf(questionOf(ids.angebot).waves[2])).toEqual({ ja: 5, nein: 5, keine_angabe: 0, weiss_nicht: 0 });
    expect(countsOf(questionOf(ids.sprachen).waves[2])).toEqual({ deutsch: 10, osteuropaeisch: null });
  });

  it("shows in every protected wave the figures of its results page, onto the newest version", async () => {
    let compared = 0;
    for (const [index, wave] of trend.waves.entries()) {
      if (wave.protection === null) continue;
      const results = await page(wave.surveyId);
      if (results.respondents === null) {
        for (const question of trend.questions) expect(question.waves[index].n).toBeNull();
        continue;
      }
      for (const question of trend.questions) {
        const figures = question.waves[index];
        const shown = results.questions.find((candidate: Json) => candidate.name === question.name || candidate.name === question.canonId);
        expect(shown, question.canonId).toBeDefined();
        expect(figures.n, `${question.canonId} ${wave.waveLabel}: n`).toBe(shown.n);
        if (figures.n === null) continue;
        if (question.kind === "numeric") {
          expect([figures.mean, figures.median]).toEqual([shown.mean, shown.median]);
          compared += 1;
          continue;
        }
        if (question.kind === "matrix") {
          for (const row of figures.rows) {
            const pageRow = shown.rows.find((candidate: Json) => candidate.value === row.value);
            expect(row.n).toBe(pageRow.n);
            if (row.n === null) continue;
            expect(countsOf(row)).toEqual(Object.fromEntries(pageRow.distribution.map((cell: Json) => [cell.value, cell.count])));
            expect(row.mean).toBe(pageRow.mean);
            compared += 1;
          }
          continue;
        }
        // Choice: a shown trend cell is the sum of the page's cells it is made of, all of them shown;
        // where the wave asked the newest version, the cells are the page's own.
        const mapped = (value: string) => (figures.version === question.version ? value : (MAPPED[Object.keys(ids).find((key) => ids[key as keyof typeof ids] === question.canonId) ?? ""]?.[value] ?? value));
        for (const option of figures.options) {
          const parts = shown.options.filter((cell: Json) => mapped(cell.value) === option.value);
          if (figures.version === question.version) expect(option.count, `${question.canonId} ${wave.waveLabel} ${option.value}`).toBe(parts.length > 0 ? parts[0].count : 0);
          if (option.count === null) continue;
          expect(parts.every((cell: Json) => cell.count !== null), `${question.canonId} ${option.value}`).toBe(true);
          expect(option.count).toBe(parts.reduce((sum: number, cell: Json) => sum + cell.count, 0));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(5);
  });

  it("leaves identified waves as they were: every count, small ones too", () => {
    const angebot = questionOf(ids.angebot).waves[3];
    expect(angebot).toMatchObject({ n: 2 });
    expect(countsOf(angebot)).toEqual({ ja: 1, nein: 0, keine_angabe: 0, weiss_nicht: 1 });
    expect(countsOf(questionOf(ids.sprachen).waves[3])).toEqual({ deutsch: 0, osteuropaeisch: 1 });
  });

  it("gives the same picture from a protected wave", async () => {
    const fromProtected = await planner.json("GET", `/api/surveys/${waves.w2025}/trend`);
    for (const question of fromProtected.questions) {
      expect(question.waves, question.canonId).toEqual(trend.questions.find((candidate: Json) => candidate.canonId === question.canonId).waves);
    }
  });
});
