import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Survey series (waves) and the trend of canon questions across them: two waves of a
 * "Bestandsaufnahme" whose own items changed their options between the waves (renamed, merged,
 * dropped, added, and one change that breaks comparability), plus shipped items asked the same
 * way in both waves.
 */

type Json = Record<string, any>;

const t = (de: string, en = de) => ({ de, en });
const choice = (value: string, de: string, en = de) => ({ value, text: t(de, en) });

const newItem = (element: Json, extra: Json = {}) => ({
  questionnaire: "actor",
  tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
  help: t("Bitte eine Angabe.", "Please answer."),
  personalDataWarning: false,
  element,
  ...extra,
});

const cafe = (choices: Json[]) => ({ type: "radiogroup", title: t("Gibt es ein Elterncafé?", "Is there a parents' café?"), choices });
const cafeV1 = cafe([choice("ja", "Ja", "Yes"), choice("teilweise", "Teilweise", "Partly"), choice("nein", "Nein", "No"), choice("unbekannt", "Weiß nicht", "Don't know")]);
const cafeV2 = cafe([choice("ja", "Ja", "Yes"), choice("im_aufbau", "Im Aufbau", "Being set up"), choice("nein", "Nein", "No"), choice("geplant", "Geplant", "Planned")]);

const languages = (choices: Json[]) => ({ type: "checkbox", title: t("Welche Sprachen sprechen Sie?", "Which languages do you speak?"), choices });
const languagesV1 = languages([choice("deutsch", "Deutsch", "German"), choice("russisch", "Russisch", "Russian"), choice("polnisch", "Polnisch", "Polish")]);
const languagesV2 = languages([choice("deutsch", "Deutsch", "German"), choice("osteuropaeisch", "Osteuropäische Sprachen", "Eastern European languages")]);

const rating = (choices: Json[]) => ({ type: "radiogroup", title: t("Wie bewerten Sie die Lage?", "How do you rate the situation?"), choices });
const ratingV1 = rating([choice("gut", "Gut", "Good"), choice("schlecht", "Schlecht", "Bad")]);
const ratingV2 = rating([choice("hoch", "Hoch", "High"), choice("mittel", "Mittel", "Medium"), choice("niedrig", "Niedrig", "Low")]);

const matrix = (columns: Json[]) => ({
  type: "matrix",
  title: t("Wie erleben Sie die Zusammenarbeit?", "How do you experience the cooperation?"),
  rows: [choice("verlaesslich", "verlässlich", "reliable"), choice("offen", "offen", "open")],
  columns,
});
const matrixV1 = matrix([choice("trifft_zu", "trifft zu", "applies"), choice("teils", "teils", "partly"), choice("trifft_nicht_zu", "trifft nicht zu", "does not apply")]);
const matrixV2 = matrix([choice("trifft_zu", "trifft zu", "applies"), choice("teils_teils", "teils, teils", "partly"), choice("trifft_nicht_zu", "trifft nicht zu", "does not apply")]);

describeEachDatabase("waves: series and the trend across waves", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let intruder: PlannerClient;
  const ids = { cafe: "", languages: "", rating: "", matrix: "" };
  let wave1 = "";
  let wave2 = "";
  let seriesId = "";

  async function insertResponses(surveyId: string, answers: Json[], status: "submitted" | "draft" = "submitted") {
    await testApp.database.db
      .insertInto("responses")
      .values(
        answers.map((answer) => ({
          organisation_id: planner.organisationId,
          survey_id: surveyId,
          invitation_id: null,
          answers: JSON.stringify(answer),
          status,
          submitted_at: status === "submitted" ? new Date() : null,
        })),
      )
      .execute();
  }

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));

    ids.cafe = (await planner.json("POST", "/api/canon/items", newItem(cafeV1), 201)).itemId;
    ids.languages = (await planner.json("POST", "/api/canon/items", newItem(languagesV1), 201)).itemId;
    ids.rating = (await planner.json("POST", "/api/canon/items", newItem(ratingV1), 201)).itemId;
    ids.matrix = (await planner.json("POST", "/api/canon/items", newItem(matrixV1), 201)).itemId;

    // Wave 1 (2025) asks version 1 of the own items and two shipped items.
    wave1 = (await planner.json("POST", "/api/surveys", { title: "Bestandsaufnahme 2025" }, 201)).id;
    await planner.json("PATCH", `/api/surveys/${wave1}`, {
      items: [
        { itemId: ids.cafe, version: 1 },
        { itemId: ids.languages, version: 1 },
        { itemId: ids.rating, version: 1 },
        { itemId: ids.matrix, version: 1 },
        { itemId: "network.sphere", version: 1 },
        { itemId: "actor.capacity", version: 1 },
        { itemId: "actor.offers", version: 1 },
        { itemId: "network.founding_year", version: 1 },
      ],
    });
    await planner.json("POST", `/api/surveys/${wave1}/open`);
    const joined = await planner.json("PUT", `/api/surveys/${wave1}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2025" });
    seriesId = joined.series.id;

    await insertResponses(wave1, [
      // Offers: one institution lists one (beside an untouched row), two leave only empty rows.
      { [ids.cafe]: "ja", [ids.languages]: ["deutsch", "russisch", "polnisch"], [ids.rating]: "gut", "network.sphere": "stadtteil", "actor.capacity": 10, [ids.matrix]: { verlaesslich: "teils", offen: "trifft_zu" }, "actor.offers": [{ offer_name: "Elterncafé" }, {}], "network.founding_year": 2014 },
      { [ids.cafe]: "ja", [ids.languages]: ["russisch"], [ids.rating]: "gut", "network.sphere": "stadtteil", "actor.capacity": "20", [ids.matrix]: { verlaesslich: "trifft_zu" }, "actor.offers": [{}], "network.founding_year": 2013 },
      { [ids.cafe]: "ja", [ids.languages]: ["polnisch"], [ids.rating]: "gut", "network.sphere": "quartier", "actor.capacity": 30, "actor.offers": [{ offer_name: "  ", life_phases: [] }] },
      { [ids.cafe]: "ja", [ids.languages]: ["deutsch"], [ids.rating]: "schlecht" },
      { [ids.cafe]: "teilweise", [ids.languages]: [], [ids.rating]: "schlecht" },
      { [ids.cafe]: "teilweise" },
      { [ids.cafe]: "teilweise" },
      { [ids.cafe]: "nein" },
      { [ids.cafe]: "unbekannt" },
      { [ids.cafe]: "unbekannt", "actor.capacity": "" },
      { "network.sphere": "altwert" }, // a value no version offered (stray data)
    ]);
    // A draft never counts.
    await insertResponses(wave1, [{ [ids.cafe]: "nein", [ids.languages]: ["deutsch"], "actor.capacity": 1000 }], "draft");

    // The items change: renamed, merged, dropped and added options; one change breaks comparability.
    const revise = async (itemId: string, element: Json, optionMapping: Json) =>
      planner.json("PUT", `/api/canon/items/${itemId}`, { ...newItem(element), optionMapping, baseVersion: 1 });
    await revise(ids.cafe, cafeV2, { map: { teilweise: "im_aufbau", unbekannt: null }, break: false });
    await revise(ids.languages, languagesV2, { map: { russisch: "osteuropaeisch", polnisch: "osteuropaeisch" }, break: false });
    await revise(ids.rating, ratingV2, { map: { gut: "hoch", schlecht: "niedrig" }, break: true });
    await revise(ids.matrix, matrixV2, { map: { teils: "teils_teils" }, break: false });

    // Wave 2 (2026): a copy of wave 1 (so in the same series), upgraded to version 2.
    wave2 = (await planner.json("POST", `/api/surveys/${wave1}/duplicate`, {}, 201)).id;
    await planner.json("PATCH", `/api/surveys/${wave2}`, {
      title: "Bestandsaufnahme 2026",
      items: [
        { itemId: ids.cafe, version: 2 },
        { itemId: ids.languages, version: 2 },
        { itemId: ids.rating, version: 2 },
        { itemId: ids.matrix, version: 2 },
        { itemId: "network.sphere", version: 1 },
        { itemId: "actor.capacity", version: 1 },
        { itemId: "actor.offers", version: 1 },
        { itemId: "network.founding_year", version: 1 },
      ],
    });
    await planner.json("PUT", `/api/surveys/${wave2}/series`, { seriesId, waveLabel: "2026" });
    await planner.json("POST", `/api/surveys/${wave2}/open`);
    await insertResponses(wave2, [
      { [ids.cafe]: "ja", [ids.languages]: ["osteuropaeisch"], [ids.rating]: "hoch", "network.sphere": "stadtteil", "actor.capacity": 40, [ids.matrix]: { verlaesslich: "teils_teils" }, "actor.offers": [{ life_phases: ["youth"] }] },
      { [ids.cafe]: "ja", [ids.languages]: ["deutsch", "osteuropaeisch"], [ids.rating]: "mittel", "actor.capacity": 50, "actor.offers": [{}, {}] },
      { [ids.cafe]: "im_aufbau" },
      { [ids.cafe]: "geplant" },
      { [ids.cafe]: "nein" },
    ]);
  });
  afterAll(() => testApp.close());

  const questionOf = (trend: Json, canonId: string) => trend.questions.find((question: Json) => question.canonId === canonId);
  const optionsOf = (figures: Json) => Object.fromEntries(figures.options.map((option: Json) => [option.value, [option.count, option.percent, option.asked]]));

  describe("series", () => {
    it("keeps the copy in the series, lists the waves in order and shows each survey's place", async () => {
      const state = await planner.json("GET", `/api/surveys/${wave2}/series`);
      expect(state).toMatchObject({ surveyId: wave2, series: { id: seriesId, name: "Bestandsaufnahme" }, waveLabel: "2026" });
      expect(state.waves.map((wave: Json) => [wave.surveyId, wave.waveLabel, wave.status])).toEqual([
        [wave1, "2025", "open"],
        [wave2, "2026", "open"],
      ]);
      const { series } = await planner.json("GET", "/api/series");
      expect(series).toHaveLength(1);
      expect(series[0]).toMatchObject({ id: seriesId, name: "Bestandsaufnahme" });
      expect(series[0].waves.map((wave: Json) => wave.title)).toEqual(["Bestandsaufnahme 2025", "Bestandsaufnahme 2026"]);
      expect(await planner.json("GET", `/api/series/${seriesId}`)).toMatchObject({ id: seriesId, waves: [{ surveyId: wave1 }, { surveyId: wave2 }] });
    });

    it("refuses a wave label another wave of the series has (409), and bad input (400)", async () => {
      const taken = await planner.request("PUT", `/api/surveys/${wave2}/series`, { seriesId, waveLabel: "2025" });
      expect(taken.status).toBe(409);
      expect(((await taken.json()) as Json).error.code).toBe("wave_label_taken");
      for (const body of [
        { waveLabel: "2026" },
        { seriesId, newSeriesName: "Zweite", waveLabel: "2026" },
        { seriesId, waveLabel: "  " },
        { seriesId: "keine-id", waveLabel: "2026" },
        { newSeriesName: "", waveLabel: "2026" },
        { seriesId, waveLabel: "x".repeat(101) },
      ]) {
        const response = await planner.request("PUT", `/api/surveys/${wave2}/series`, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(((await response.json()) as Json).error.message).toEqual(expect.any(String));
      }
      expect((await planner.request("POST", "/api/series", { name: "" })).status).toBe(400);
      expect((await planner.request("GET", "/api/surveys/keine-id/trend")).status).toBe(400);
      expect((await planner.json("GET", `/api/surveys/${wave2}/series`)).waveLabel).toBe("2026");
    });

    it("creates, renames and deletes series; joining by name reuses an existing series; leaving clears the label", async () => {
      const created = await planner.json("POST", "/api/series", { name: "Netzwerkanalyse" }, 201);
      expect(created).toMatchObject({ name: "Netzwerkanalyse", waves: [] });
      const duplicate = await planner.request("POST", "/api/series", { name: "netzwerkanalyse" });
      expect(duplicate.status).toBe(409);
      expect(((await duplicate.json()) as Json).error.code).toBe("duplicate_series");
      expect(await planner.json("PATCH", `/api/series/${created.id}`, { name: "Netzwerkanalyse STK" })).toMatchObject({ name: "Netzwerkanalyse STK" });
      expect((await planner.request("PATCH", `/api/series/${created.id}`, { name: "Bestandsaufnahme" })).status).toBe(409);

      const survey = (await planner.json("POST", "/api/surveys", { title: "STK 2025" }, 201)).id;
      const joined = await planner.json("PUT", `/api/surveys/${survey}/series`, { newSeriesName: "Netzwerkanalyse STK", waveLabel: "2025" });
      expect(joined.series).toEqual({ id: created.id, name: "Netzwerkanalyse STK" });
      const left = await planner.json("DELETE", `/api/surveys/${survey}/series`);
      expect(left).toMatchObject({ series: null, waveLabel: "", waves: [] });

      await planner.json("PUT", `/api/surveys/${survey}/series`, { seriesId: created.id, waveLabel: "2025" });
      expect(await planner.json("DELETE", `/api/series/${created.id}`)).toEqual({ ok: true, releasedSurveys: 1 });
      expect(await planner.json("GET", `/api/surveys/${survey}/series`)).toMatchObject({ series: null, waveLabel: "" });
      expect((await planner.request("GET", `/api/series/${created.id}`)).status).toBe(404);
    });

    it("keeps series to their organisation (404 for another organisation's series and surveys)", async () => {
      expect((await intruder.json("GET", "/api/series")).series).toEqual([]);
      const own = (await intruder.json("POST", "/api/surveys", { title: "Dortmund 2026" }, 201)).id;
      const foreignSeries = await intruder.request("PUT", `/api/surveys/${own}/series`, { seriesId, waveLabel: "2026" });
      expect(foreignSeries.status).toBe(404);
      for (const [method, path, body] of [
        ["GET", `/api/series/${seriesId}`],
        ["PATCH", `/api/series/${seriesId}`, { name: "Übernommen" }],
        ["DELETE", `/api/series/${seriesId}`],
        ["GET", `/api/surveys/${wave1}/series`],
        ["PUT", `/api/surveys/${wave1}/series`, { newSeriesName: "Übernommen", waveLabel: "x" }],
        ["PUT", `/api/surveys/${wave1}/series`, {}],
        ["DELETE", `/api/surveys/${wave1}/series`],
        ["GET", `/api/surveys/${wave1}/trend`],
      ] as const) {
        expect((await intruder.request(method, path, body)).status, `${method} ${path}`).toBe(404);
      }
      // A series of the same name in another organisation is another series.
      const theirs = await intruder.json("PUT", `/api/surveys/${own}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2026" });
      expect(theirs.series.id).not.toBe(seriesId);
      expect((await planner.json("GET", `/api/series/${seriesId}`)).waves).toHaveLength(2);
      expect((await planner.json("GET", `/api/surveys/${wave1}/series`)).waveLabel).toBe("2025");
    });
  });

  describe("trend", () => {
    let trend: Json;

    beforeAll(async () => {
      trend = await planner.json("GET", `/api/surveys/${wave2}/trend`);
    });

    it("lists the waves in order with their submitted responses", () => {
      expect(trend).toMatchObject({ surveyId: wave2, inSeries: true, series: { id: seriesId, name: "Bestandsaufnahme" } });
      expect(trend.waves.map((wave: Json) => [wave.surveyId, wave.waveLabel, wave.current, wave.respondents])).toEqual([
        [wave1, "2025", false, 11],
        [wave2, "2026", true, 5],
      ]);
      expect(trend.questions.map((question: Json) => question.canonId)).toEqual([ids.cafe, ids.languages, ids.rating, ids.matrix, "network.sphere", "actor.capacity", "actor.offers", "network.founding_year"]);
    });

    it("puts wave 1's answers onto version 2's options: renamed options counted under the new one, the dropped one reported, the added one not asked", () => {
      const question = questionOf(trend, ids.cafe);
      expect(question).toMatchObject({ kind: "choice", version: 2, title: { de: "Gibt es ein Elterncafé?" } });
      expect(question.options.map((option: Json) => option.value)).toEqual(["ja", "im_aufbau", "nein", "geplant"]);
      const [first, second] = question.waves;
      expect(first).toMatchObject({ surveyId: wave1, asked: true, version: 1, comparable: true, incomparable: null, n: 10 });
      expect(optionsOf(first)).toEqual({ ja: [4, 40, true], im_aufbau: [3, 30, true], nein: [1, 10, true], geplant: [0, 0, false] });
      expect(first.dropped).toEqual([{ value: "unbekannt", label: { de: "Weiß nicht", en: "Don't know" }, count: 2, percent: 20, offered: true }]);
      expect(second).toMatchObject({ surveyId: wave2, version: 2, comparable: true, n: 5, dropped: [] });
      expect(optionsOf(second)).toEqual({ ja: [2, 40, true], im_aufbau: [1, 20, true], nein: [1, 20, true], geplant: [1, 20, true] });
    });

    it("counts a respondent once when two old options became one (multiple choice; percentages of n)", () => {
      const question = questionOf(trend, ids.languages);
      expect(question.kind).toBe("multiple");
      const [first, second] = question.waves;
      expect(first.n).toBe(4); // the empty selection is not an answer
      expect(optionsOf(first)).toEqual({ deutsch: [2, 50, true], osteuropaeisch: [3, 75, true] });
      expect(first.dropped).toEqual([]);
      expect(second.n).toBe(2);
      expect(optionsOf(second)).toEqual({ deutsch: [1, 50, true], osteuropaeisch: [2, 100, true] });
    });

    it("marks waves before a breaking change as incomparable and gives only their n", () => {
      const question = questionOf(trend, ids.rating);
      const [first, second] = question.waves;
      expect(first).toMatchObject({ comparable: false, incomparable: "break", breakVersion: 2, version: 1, n: 5, options: [], dropped: [] });
      expect(second).toMatchObject({ comparable: true, incomparable: null, n: 2 });
      expect(optionsOf(second)).toEqual({ hoch: [1, 50, true], mittel: [1, 50, true], niedrig: [0, 0, true] });
    });

    it("maps matrix columns per row", () => {
      const question = questionOf(trend, ids.matrix);
      expect(question).toMatchObject({ kind: "matrix", meanOf: "position" });
      expect(question.rows.map((row: Json) => row.value)).toEqual(["verlaesslich", "offen"]);
      const [first, second] = question.waves;
      expect(first.n).toBe(2);
      const [reliable, open] = first.rows;
      expect(reliable).toMatchObject({ value: "verlaesslich", n: 2, mean: 1.5 });
      expect(optionsOf(reliable)).toEqual({ trifft_zu: [1, 50, true], teils_teils: [1, 50, true], trifft_nicht_zu: [0, 0, true] });
      expect(open).toMatchObject({ value: "offen", n: 1, mean: 1 });
      expect(second.rows[0]).toMatchObject({ n: 1, mean: 2 });
      expect(second.rows[1]).toMatchObject({ n: 0, mean: null });
    });

    it("compares shipped items asked the same way, and numbers by mean and median", () => {
      const sphere = questionOf(trend, "network.sphere");
      expect(sphere.waves.map((wave: Json) => [wave.n, wave.options.find((option: Json) => option.value === "stadtteil").percent])).toEqual([
        [4, 50],
        [1, 100],
      ]);
      expect(sphere.waves[0].dropped).toEqual([{ value: "altwert", label: { de: "altwert", en: "altwert" }, count: 1, percent: 25, offered: false }]);
      const capacity = questionOf(trend, "actor.capacity");
      expect(capacity.kind).toBe("numeric");
      expect(capacity.scale).toBe("number");
      const founded = questionOf(trend, "network.founding_year");
      expect(founded).toMatchObject({ kind: "numeric", scale: "year" });
      expect(founded.waves[0]).toMatchObject({ n: 2, mean: 2013.5, median: 2013.5 });
      expect(sphere.scale).toBeNull();
      expect(capacity.waves.map((wave: Json) => [wave.n, wave.mean, wave.median])).toEqual([
        [3, 20, 20],
        [2, 45, 45],
      ]);
    });

    it("counts a list as answered only with an entry that has content (not empty default rows)", () => {
      const offers = questionOf(trend, "actor.offers");
      expect(offers.kind).toBe("other");
      expect(offers.waves.map((wave: Json) => wave.n)).toEqual([1, 1]);
    });

    it("gives the same picture from the older wave (onto the newest version any wave asked)", async () => {
      const older = await planner.json("GET", `/api/surveys/${wave1}/trend`);
      expect(older.waves.map((wave: Json) => wave.current)).toEqual([true, false]);
      const question = questionOf(older, ids.cafe);
      expect(question.version).toBe(2);
      expect(question.name).toBe(ids.cafe);
      expect(question.waves).toEqual(questionOf(trend, ids.cafe).waves);
    });

    it("says so when the survey is in no series", async () => {
      const alone = (await planner.json("POST", "/api/surveys", { title: "Einzeln" }, 201)).id;
      expect(await planner.json("GET", `/api/surveys/${alone}/trend`)).toEqual({ surveyId: alone, inSeries: false, series: null, waves: [], questions: [] });
    });

    it("shows a draft wave with its questions and no answers yet", async () => {
      const wave3 = (await planner.json("POST", `/api/surveys/${wave2}/duplicate`, {}, 201)).id;
      await planner.json("PUT", `/api/surveys/${wave3}/series`, { seriesId, waveLabel: "2027" });
      const next = await planner.json("GET", `/api/surveys/${wave3}/trend`);
      expect(next.waves.map((wave: Json) => [wave.waveLabel, wave.status, wave.current])).toEqual([
        ["2025", "open", false],
        ["2026", "open", false],
        ["2027", "draft", true],
      ]);
      const question = questionOf(next, ids.cafe);
      expect(question.waves.map((wave: Json) => wave.n)).toEqual([10, 5, 0]);
      await planner.json("DELETE", `/api/surveys/${wave3}/series`);
    });
  });
});
