import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * "Did the gaps close since last year?": the gap matrix of a wave compares each cell with the wave
 * before in its series: the count then, gaps that closed, gaps that opened.
 */

type Json = Record<string, any>;

describeEachDatabase("gap matrix across waves", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  const districts: Record<string, string> = {};
  const entries: Record<string, string> = {};
  const waves: Record<"2025" | "2026" | "alone", string> = { "2025": "", "2026": "", alone: "" };

  async function openWave(title: string) {
    const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "actor.offers", version: 1 }] });
    await planner.json("POST", `/api/surveys/${id}/open`);
    return id as string;
  }

  /** Invites the institutions and stores their submitted offers lists. */
  async function offers(surveyId: string, listed: Record<string, string[][]>) {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { directoryEntryIds: Object.keys(listed).map((name) => entries[name]) });
    const invitations = await testApp.database.db.selectFrom("invitations").select(["id", "directory_entry_id"]).where("survey_id", "=", surveyId).execute();
    for (const [name, phasesPerOffer] of Object.entries(listed)) {
      await testApp.database.db
        .insertInto("responses")
        .values({
          organisation_id: planner.organisationId,
          survey_id: surveyId,
          invitation_id: invitations.find((invitation) => invitation.directory_entry_id === entries[name])!.id,
          answers: JSON.stringify({ "actor.offers": phasesPerOffer.map((phases, index) => ({ offer_name: `${name} ${index + 1}`, life_phases: phases })) }),
          status: "submitted",
          submitted_at: new Date(),
        })
        .execute();
      await releaseSeededAnswers(testApp.database.db);
    }
  }

  const cell = (matrix: Json, district: string, phase: string) =>
    matrix.rows.find((row: Json) => row.districtId === districts[district]).cells.find((candidate: Json) => candidate.lifePhase === phase);

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    for (const name of ["Nord", "Süd"]) districts[name] = (await planner.json("POST", "/api/directory/districts", { name }, 201)).id;
    entries["Kita Nord"] = (await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Kita Nord", districtId: districts.Nord, emails: ["kita@nord.de"] }, 201)).id;
    entries["Schule Süd"] = (await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Schule Süd", districtId: districts["Süd"], emails: ["schule@sued.de"] }, 201)).id;

    waves["2025"] = await openWave("Bestandsaufnahme 2025");
    const series = await planner.json("PUT", `/api/surveys/${waves["2025"]}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2025" });
    await offers(waves["2025"], { "Kita Nord": [["early_childhood"]], "Schule Süd": [["school"], ["school", "youth"]] });

    waves["2026"] = await openWave("Bestandsaufnahme 2026");
    await planner.json("PUT", `/api/surveys/${waves["2026"]}/series`, { seriesId: series.series.id, waveLabel: "2026" });
    // 2026: the Kita adds an offer around birth; the school's offers for school children ended.
    await offers(waves["2026"], { "Kita Nord": [["early_childhood"], ["pregnancy_birth"]], "Schule Süd": [["youth"]] });

    waves.alone = await openWave("Einzelbefragung");
    await offers(waves.alone, { "Kita Nord": [["early_childhood"]] });
  }, 120_000);
  afterAll(() => testApp?.close());

  it("marks the gaps that closed and opened since the wave before, with the counts then", async () => {
    const matrix = await planner.json("GET", `/api/surveys/${waves["2026"]}/gap-matrix`);
    expect(matrix.previousWave).toEqual({ surveyId: waves["2025"], title: "Bestandsaufnahme 2025", waveLabel: "2025", closedGaps: 1, newGaps: 1 });
    expect(cell(matrix, "Nord", "pregnancy_birth")).toMatchObject({ offers: 1, previous: 0, change: "closed", flag: null });
    expect(cell(matrix, "Süd", "school")).toMatchObject({ offers: 0, previous: 2, change: "new_gap", flag: "gap" });
    expect(cell(matrix, "Nord", "early_childhood")).toMatchObject({ offers: 1, previous: 1, change: null });
    expect(cell(matrix, "Süd", "youth")).toMatchObject({ offers: 1, previous: 1, change: null });
    // A gap then and now stays a gap, without a change.
    expect(cell(matrix, "Nord", "youth")).toMatchObject({ offers: 0, previous: 0, change: null, flag: "gap" });
  });

  it("compares protected waves without giving away a withheld cell: no count then, no change", async () => {
    // Pseudonymous waves of another series, k = 5; institutions placed by their district answer.
    const open = async (title: string) => {
      const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
      await planner.json("PATCH", `/api/surveys/${id}`, { items: ["actor.district", "actor.offers"].map((itemId) => ({ itemId, version: 1 })), privacyMode: "pseudonymous" });
      await planner.json("POST", `/api/surveys/${id}/open`);
      return id as string;
    };
    const listed = async (surveyId: string, phases: string[]) => {
      await testApp.database.db
        .insertInto("responses")
        .values(
          phases.map((phase, index) => ({
            organisation_id: planner.organisationId,
            survey_id: surveyId,
            invitation_id: null,
            answers: JSON.stringify({ "actor.district": "Nord", "actor.offers": [{ offer_name: `Angebot ${index}`, life_phases: [phase] }] }),
            status: "submitted" as const,
            submitted_at: new Date(),
          })),
        )
        .execute();
      await releaseSeededAnswers(testApp.database.db);
    };
    const before = await open("Angebote 2025 (pseudonym)");
    const series = await planner.json("PUT", `/api/surveys/${before}/series`, { newSeriesName: "Angebote pseudonym", waveLabel: "2025" });
    // 2025: early childhood from five institutions (shown), school from two (withheld).
    await listed(before, [...Array(5).fill("early_childhood"), "school", "school"]);
    const now = await open("Angebote 2026 (pseudonym)");
    await planner.json("PUT", `/api/surveys/${now}/series`, { seriesId: series.series.id, waveLabel: "2026" });
    // 2026: early childhood from one (withheld), no school, youth from five.
    await listed(now, ["early_childhood", ...Array(5).fill("youth")]);

    const matrix = await planner.json("GET", `/api/surveys/${now}/gap-matrix`);
    expect(matrix.protection).toEqual({ mode: "pseudonymous", k: 5 });
    expect(matrix.previousWave).toMatchObject({ surveyId: before, closedGaps: 1, newGaps: 0 });
    expect(cell(matrix, "Nord", "early_childhood")).toMatchObject({ offers: null, providers: null, previous: 5, change: null, flag: null });
    expect(cell(matrix, "Nord", "school")).toMatchObject({ offers: 0, previous: null, change: null, flag: "gap" });
    expect(cell(matrix, "Süd", "school")).toMatchObject({ offers: 0, previous: 0, change: null, flag: "gap" });
    expect(cell(matrix, "Nord", "youth")).toMatchObject({ offers: 5, previous: 0, change: "closed" });
    expect(JSON.stringify(matrix)).not.toMatch(/"previous":[12],|"offers":[1-4],/);
  });

  it("the first wave and a survey outside any series have nothing to compare with", async () => {
    for (const surveyId of [waves["2025"], waves.alone]) {
      const matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(matrix.previousWave).toBeNull();
      expect(cell(matrix, "Nord", "early_childhood")).toMatchObject({ offers: 1, previous: null, change: null });
    }
  });
});
