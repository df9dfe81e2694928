import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCanon } from "../server/canon/load-canon.ts";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../server/db/connection.ts";
import { answersFor, randomAnswer } from "../server/example/answers.ts";
import { createExampleOrganisation, removeExample, type CreatedExample } from "../server/example/create-example.ts";
import { DISTRICT_GAPS, planMunicipality, WAVE_GAPS } from "../server/example/municipality-plan.ts";
import { gapMatrixAcrossWaves } from "../server/gaps/gap-comparison.ts";
import { seededRandom } from "../server/example/random.ts";
import { syntheticDirectory } from "../server/example/synthetic-directory.ts";
import { gapMatrix } from "../server/gaps/gap-matrix.ts";
import { setLogLevel } from "../server/lib/logger.ts";
import { findOrganisationSurvey } from "../server/lib/tenant-survey.ts";
import { validateSubmission, validationModel } from "../server/respond/validate-submission.ts";
import { loadTemplates } from "../server/surveys/load-templates.ts";
import { surveyTrend } from "../server/waves/trend.ts";
import { canonicalDump } from "./support/example-dump.ts";

/**
 * The example municipality's generator (server/example/): deterministic (the same seed and base
 * date give the same content, another seed other content), the size the issue asks for, answers
 * valid for the frozen surveys they answer, and data that shows what planners look for: gaps and
 * possible over-supply in the gap matrix, two waves with a trend.
 */
const BASE = new Date("2026-06-15T08:00:00Z");
const options = (seed: number | string) => ({ seed, baseDate: BASE, baseUrl: "http://kanon.test" });

describe("the seeded generator's building blocks", () => {
  it("draws the same numbers for the same seed, and independent streams per fork", () => {
    const draw = (seed: number | string) => Array.from({ length: 20 }, () => seededRandom(seed).next()).concat(Array.from({ length: 5 }, (_, index) => seededRandom(seed).fork(`f${index}`).int(0, 1000)));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw("musterstadt")).toEqual(draw("musterstadt"));
    const random = seededRandom(1);
    const values = Array.from({ length: 2000 }, () => random.int(1, 6));
    expect(new Set(values)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(random.sample([1, 2, 3, 4, 5], 3)).toHaveLength(3);
  });

  it("plans the same municipality for the same seed: ~8 districts, ~120 institutions, ~15 networks with members", () => {
    const plan = planMunicipality(seededRandom("musterstadt"), 2026);
    expect(planMunicipality(seededRandom("musterstadt"), 2026)).toEqual(plan);
    expect(planMunicipality(seededRandom("anders"), 2026)).not.toEqual(plan);
    expect(plan.districts).toHaveLength(8);
    expect(plan.districts).toContain("Nordstadt");
    expect(plan.institutions.length).toBeGreaterThanOrEqual(110);
    expect(plan.institutions.length).toBeLessThanOrEqual(130);
    expect(plan.networks).toHaveLength(15);
    expect(plan.networks.filter((network) => network.type === "Stadtteilkonferenz")).toHaveLength(8);
    expect(plan.networks.every((network) => network.members.length >= 3)).toBe(true);
    const names = plan.institutions.map((institution) => institution.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(plan.institutions.map((institution) => institution.email)).size).toBe(plan.institutions.length);
    expect(plan.institutions.every((institution) => institution.email.endsWith("@musterstadt.example"))).toBe(true);
    expect(names.some((name) => name.startsWith("kita "))).toBe(true);
    expect(names.some((name) => name.startsWith("familienzentrum "))).toBe(true);
    expect(names.some((name) => name.startsWith("jugendtreff ") || name.startsWith("jugendzentrum "))).toBe(true);
    expect(names.some((name) => name.startsWith("erziehungsberatungsstelle "))).toBe(true);
    expect(names.some((name) => name.startsWith("schulsozialarbeit "))).toBe(true);
  });

  it("answers only with what a question offers, and answers required questions", () => {
    const random = seededRandom(5);
    const radio = { type: "radiogroup", name: "q", isRequired: true, choices: [{ value: "a" }, { value: "b" }] };
    const year = { type: "text", name: "network.founding_year", inputType: "number", min: 1900, maxValueExpression: "year(today())" };
    for (let run = 0; run < 200; run++) {
      expect(["a", "b"]).toContain(randomAnswer(radio, random).q);
      const founded = randomAnswer(year, random, { skip: 0, year: 2026 })["network.founding_year"] as number;
      expect(founded).toBeGreaterThanOrEqual(1900);
      expect(founded).toBeLessThanOrEqual(2026);
    }
    const definition = {
      pages: [
        {
          elements: [
            { type: "boolean", name: "has_focus" },
            { type: "checkbox", name: "focus", visibleIf: "{has_focus} = true", choices: [{ value: "x" }] },
          ],
        },
      ],
    };
    for (let run = 0; run < 50; run++) {
      const answers = answersFor(definition, random, { skip: 0 });
      if (answers.has_focus !== true) expect(answers).not.toHaveProperty("focus");
    }
  });

  it("makes synthetic directories of any size for the benchmarks, the same for the same seed", () => {
    const directory = syntheticDirectory("bench", { districts: 12, institutions: 600 });
    expect(syntheticDirectory("bench", { districts: 12, institutions: 600 })).toEqual(directory);
    expect(directory.districts).toHaveLength(12);
    expect(new Set(directory.institutions.map((institution) => institution.name.toLowerCase())).size).toBe(600);
    expect(new Set(directory.institutions.map((institution) => institution.district))).toEqual(new Set(Array.from({ length: 12 }, (_, index) => index)));
  });
});

describe("the example municipality in the database [pglite]", () => {
  let handle: DatabaseHandle;
  let first: CreatedExample;
  let firstDump: Record<string, string[]>;

  beforeAll(async () => {
    setLogLevel("silent");
    handle = await openDatabase({ dataDir: "memory://" });
    await migrateToLatest(handle.db);
    await loadCanon(handle.db);
    await loadTemplates(handle.db);
    first = await createExampleOrganisation(handle.db, options("musterstadt"));
    firstDump = await canonicalDump(handle.db, first.organisationId);
  }, 120_000);
  afterAll(() => handle?.close());

  it("is created in a few seconds, with the counts the issue asks for", () => {
    console.info(`[example] created in ${first.ms} ms: ${JSON.stringify(first.counts)}`);
    expect(first.ms).toBeLessThan(30_000);
    expect(first.counts).toMatchObject({ districts: 8, networks: 15 });
    expect(first.counts.institutions).toBeGreaterThanOrEqual(110);
    expect(first.counts.institutions).toBeLessThanOrEqual(130);
    expect(first.counts.submitted).toBeGreaterThan(100);
    expect(first.counts.responses).toBeGreaterThan(first.counts.submitted);
    expect(firstDump.districts).toHaveLength(8);
    expect(firstDump.directory_entries!.length).toBe(first.counts.institutions + 15);
    expect(firstDump.network_members!.length).toBeGreaterThan(100);
    expect(firstDump.organisations![0]).toContain('"is_example":true');
  });

  it("has invitations in every state: submitted, drafts, opened, never opened, failed mails with the reason, reminded", async () => {
    const { db } = handle;
    const running = first.surveys[1]!;
    const invitations = await db
      .selectFrom("invitations")
      .leftJoin("responses", "responses.invitation_id", "invitations.id")
      .select(["invitations.mail_status", "invitations.failure_reason", "invitations.opened_at", "invitations.reminder_count", "responses.status"])
      .where("invitations.survey_id", "=", running.id)
      .execute();
    expect(invitations.filter((row) => row.status === "submitted").length).toBeGreaterThan(30);
    expect(invitations.filter((row) => row.status === "draft").length).toBeGreaterThan(3);
    expect(invitations.filter((row) => row.opened_at && !row.status).length).toBeGreaterThan(0);
    expect(invitations.filter((row) => row.mail_status === "sent" && !row.opened_at).length).toBeGreaterThan(5);
    const failed = invitations.filter((row) => row.mail_status === "failed");
    expect(failed).toHaveLength(3);
    expect(failed.every((row) => /^55\d /.test(row.failure_reason ?? ""))).toBe(true);
    expect(invitations.some((row) => row.reminder_count > 0)).toBe(true);
    // Nothing is left for the mail worker: every mail is delivered or refused, its link removed.
    const outbox = await db.selectFrom("mail_outbox").select(["status", "text_body"]).where("organisation_id", "=", first.organisationId).execute();
    expect(outbox.every((mail) => mail.status === "sent" || mail.status === "failed")).toBe(true);
    expect(outbox.some((mail) => mail.text_body.includes("/r/"))).toBe(false);
  });

  it("answers every survey with answers its frozen definition accepts", async () => {
    const { db } = handle;
    for (const { id } of first.surveys) {
      const survey = await findOrganisationSurvey(db, first.organisationId, id);
      const model = validationModel(id, () => survey.definition!);
      const submitted = await db.selectFrom("responses").select("answers").where("survey_id", "=", id).where("status", "=", "submitted").orderBy("updated_at").execute();
      expect(submitted.length).toBeGreaterThan(0);
      // Validating a repeatable list is slow in survey-core: every answer of the small surveys, a sample of the large ones.
      const sample = submitted.length > 30 ? submitted.filter((_, index) => index % 4 === 0) : submitted;
      for (const { answers } of sample) expect(validateSubmission(model, answers, "de"), `${survey.title}: ${JSON.stringify(answers).slice(0, 300)}`).toEqual([]);
    }
  }, 60_000);

  it("shows gaps and possible over-supply in the gap matrix of both waves, where the plan leaves districts without a life phase", async () => {
    const { db } = handle;
    for (const [wave, { id }] of first.surveys.slice(0, 2).entries()) {
      const matrix = await gapMatrix(db, first.organisationId, await findOrganisationSurvey(db, first.organisationId, id));
      expect(matrix.available).toBe(true);
      const cells = matrix.rows.flatMap((row) => row.cells.map((cell) => ({ ...cell, district: row.name })));
      expect(cells.filter((cell) => cell.flag === "gap").length).toBeGreaterThanOrEqual(1);
      expect(cells.filter((cell) => cell.flag === "over_supply").length).toBeGreaterThanOrEqual(1);
      for (const [district, phases] of [...Object.entries(DISTRICT_GAPS), ...Object.entries(WAVE_GAPS[wave]!)]) {
        for (const phase of phases) expect(cells.find((cell) => cell.district === district && cell.lifePhase === phase)).toMatchObject({ offers: 0, flag: "gap" });
      }
      expect(matrix.totals.offers).toBeGreaterThan(80);
    }
  });

  it("closes a gap and opens one between the waves, as the gap matrix's comparison shows", async () => {
    const { db } = handle;
    const running = await findOrganisationSurvey(db, first.organisationId, first.surveys[1]!.id);
    const matrix = await gapMatrixAcrossWaves(db, first.organisationId, running);
    expect(matrix.previousWave).toMatchObject({ waveLabel: "2025", closedGaps: 1, newGaps: 1 });
    const cell = (district: string, phase: string) => matrix.rows.find((row) => row.name === district)!.cells.find((candidate) => candidate.lifePhase === phase)!;
    expect(cell("Weststadt", "pregnancy_birth")).toMatchObject({ previous: 0, change: "closed" });
    expect(cell("Altstadt-Süd", "youth")).toMatchObject({ offers: 0, change: "new_gap" });
  });

  it("has two waves in one series whose trend shows change", async () => {
    const trend = await surveyTrend(handle.db, first.organisationId, first.surveys[1]!.id);
    expect(trend.inSeries).toBe(true);
    expect(trend.waves.map((wave) => [wave.waveLabel, wave.status])).toEqual([
      ["2025", "closed"],
      ["2026", "open"],
    ]);
    expect(trend.waves.every((wave) => wave.respondents > 30)).toBe(true);
    const access = trend.questions.find((question) => question.canonId === "actor.access_mode")!;
    const outreach = access.waves.map((wave) => wave.options.find((option) => option.value === "aufsuchend")!.percent!);
    expect(outreach[1]).toBeGreaterThan(outreach[0]!);
  });

  it("creates the same content for the same seed, and other content for another seed", async () => {
    await removeExample(handle.db, first.organisationId, "test");
    const again = await createExampleOrganisation(handle.db, options("musterstadt"));
    const againDump = await canonicalDump(handle.db, again.organisationId);
    expect(Object.keys(againDump).sort()).toEqual(Object.keys(firstDump).sort());
    for (const table of Object.keys(firstDump)) expect(againDump[table], table).toEqual(firstDump[table]);

    await removeExample(handle.db, again.organisationId, "test");
    const other = await createExampleOrganisation(handle.db, options(20_260_615));
    const otherDump = await canonicalDump(handle.db, other.organisationId);
    expect(otherDump.directory_entries).not.toEqual(firstDump.directory_entries);
    expect(otherDump.responses).not.toEqual(firstDump.responses);
    expect(otherDump.districts).toEqual(firstDump.districts);
  }, 120_000);
});
