import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { addOrganisation, createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * The gap matrix: offers from the actor questionnaire's offers list (`actor.offers`) counted by
 * district × life phase, gaps and possible over-supply flagged by the documented rule, the
 * drill-down to a cell's offers, and the privacy modes (institutions named only when identified).
 */

type Json = Record<string, any>;

const PHASES = ["pregnancy_birth", "early_childhood", "school", "youth"] as const;
const DISTRICTS = ["Elberfeld", "Barmen", "Vohwinkel", "Ronsdorf"] as const;
const OFFER_TYPES = ["beratung", "kurs_gruppe", "offener_treff", "betreuung", "hausbesuch"];
const PLACES = ["zuhause", "wohnquartier", "kita_familienzentrum", "schule", "eigene_raeume"];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)]!;
  return { next, int, pick };
}

let offerCounter = 0;
/** One offer entry as the respondent page stores it. */
function offer(phases: string[] | undefined, extra: Json = {}): Json {
  offerCounter += 1;
  return {
    offer_name: `Angebot ${String(offerCounter).padStart(3, "0")}`,
    offer_type: OFFER_TYPES[offerCounter % OFFER_TYPES.length],
    ...(phases === undefined ? {} : { life_phases: phases }),
    place: PLACES[offerCounter % PLACES.length],
    ...extra,
  };
}
const times = (count: number, make: () => Json) => Array.from({ length: count }, make);

/** The plain computation the SQL is checked against: cells by district name × phase, and the unplaced row. */
function referenceCells(respondents: { district: string | null; offers: Json[] }[]) {
  const cells = new Map<string, number>();
  for (const respondent of respondents) {
    for (const entry of respondent.offers) {
      for (const phase of new Set<string>(entry.life_phases ?? [])) {
        if (!PHASES.includes(phase as never)) continue;
        const key = `${respondent.district ?? "–"}|${phase}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
    }
  }
  return cells;
}

/** Institutions (respondents) with at least one offer per cell, as the protected matrix counts them. */
function referenceProviders(respondents: { district: string | null; offers: Json[] }[]) {
  const providers = new Map<string, number>();
  for (const respondent of respondents) {
    const cells = new Set(respondent.offers.flatMap((entry) => [...new Set<string>(entry.life_phases ?? [])].filter((phase) => PHASES.includes(phase as never))));
    for (const phase of cells) {
      const key = `${respondent.district ?? "–"}|${phase}`;
      providers.set(key, (providers.get(key) ?? 0) + 1);
    }
  }
  return providers;
}

function referenceFlags(cells: Map<string, number>) {
  const values = DISTRICTS.flatMap((district) => PHASES.map((phase) => cells.get(`${district}|${phase}`) ?? 0)).filter((value) => value > 0).sort((a, b) => a - b);
  const middle = Math.floor(values.length / 2);
  const median = values.length === 0 ? null : values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
  const flags = new Map<string, string | null>();
  for (const district of DISTRICTS) {
    for (const phase of PHASES) {
      const value = cells.get(`${district}|${phase}`) ?? 0;
      flags.set(`${district}|${phase}`, value === 0 ? "gap" : median !== null && value >= 2 * median && value >= 3 ? "over_supply" : null);
    }
  }
  return { median, flags };
}

/** The matrix as `district|phase → [offers, flag]`. */
function cellsOf(matrix: Json) {
  const cells: Record<string, [number, string | null]> = {};
  for (const row of matrix.rows) {
    row.cells.forEach((cell: Json) => {
      cells[`${row.districtId === null ? "–" : row.name}|${cell.lifePhase}`] = [cell.offers, cell.flag];
    });
  }
  return cells;
}

describeEachDatabase("gap matrix: offers by district × life phase", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let intruder: PlannerClient;
  const districtIds: Record<string, string> = {};
  const entries: Record<string, string> = {};

  async function openSurvey(title: string, items: string[], privacyMode: "identified" | "pseudonymous" | "anonymous" = "identified") {
    const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: items.map((itemId) => ({ itemId, version: 1 })), privacyMode });
    await planner.json("POST", `/api/surveys/${id}/open`);
    return id as string;
  }

  /** Invites the named directory entries and returns their invitation ids. */
  async function invite(surveyId: string, names: string[]) {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { directoryEntryIds: names.map((name) => entries[name]) });
    const rows = await testApp.database.db.selectFrom("invitations").select(["id", "directory_entry_id"]).where("survey_id", "=", surveyId).execute();
    return Object.fromEntries(names.map((name) => [name, rows.find((row) => row.directory_entry_id === entries[name])!.id]));
  }

  async function insertResponse(surveyId: string, invitationId: string | null, answers: Json, status: "submitted" | "draft" = "submitted") {
    await testApp.database.db
      .insertInto("responses")
      .values({
        organisation_id: planner.organisationId,
        survey_id: surveyId,
        invitation_id: invitationId,
        answers: JSON.stringify(answers),
        status,
        submitted_at: status === "submitted" ? new Date() : null,
      })
      .execute();
    await releaseSeededAnswers(testApp.database.db);
  }

  const cell = (surveyId: string, district: string, lifePhase: string) =>
    planner.json("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=${encodeURIComponent(district)}&lifePhase=${encodeURIComponent(lifePhase)}`);

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));
    for (const name of DISTRICTS) districtIds[name] = (await planner.json("POST", "/api/directory/districts", { name }, 201)).id;
    const institutions: [string, string][] = [
      ["Kita Sonnenschein", "Elberfeld"],
      ["Beratungsstelle Elberfeld", "Elberfeld"],
      ["Familienzentrum Barmen", "Barmen"],
      ["JuZe Vohwinkel", "Vohwinkel"],
      ["Kita Ronsdorf", "Ronsdorf"],
    ];
    for (const [name, district] of institutions) {
      const slug = name.toLowerCase().replace(/[^a-z]+/g, "-");
      entries[name] = (await planner.json("POST", "/api/directory/entries", { kind: "institution", name, districtId: districtIds[district], emails: [`${slug}@wuppertal.de`] }, 201)).id;
    }
  });
  afterAll(() => testApp.close());

  describe("an identified stocktaking", () => {
    let surveyId = "";
    let matrix: Json;
    const offersOf: Record<string, Json[]> = {};

    beforeAll(async () => {
      offerCounter = 0;
      surveyId = await openSurvey("Bestandsaufnahme 2026", ["actor.institution_name", "actor.district", "actor.offers"]);
      const invitations = await invite(surveyId, ["Kita Sonnenschein", "Beratungsstelle Elberfeld", "Familienzentrum Barmen", "JuZe Vohwinkel"]);
      // Concentrated: the Kita in Elberfeld lists twelve early-childhood offers (four also around birth).
      offersOf.kita = [...times(8, () => offer(["early_childhood"])), ...times(4, () => offer(["pregnancy_birth", "early_childhood"]))];
      offersOf.beratung = [
        ...times(3, () => offer(["early_childhood", "school"])),
        offer(undefined, { offer_name: "Ohne Lebensphase" }),
        { offer_name: " ", life_phases: [] }, // entries without any answer are no offers
        {},
      ];
      offersOf.barmen = [
        offer(["pregnancy_birth"], { offer_type: "other", "offer_type-Comment": "Hebammensprechstunde" }),
        offer(["pregnancy_birth"]),
        offer(["early_childhood"]),
        offer(["early_childhood"]),
      ];
      offersOf.juze = [offer(["youth"]), offer(["youth"]), offer(["school", "youth", "unbekannt"])];
      await insertResponse(surveyId, invitations["Kita Sonnenschein"]!, { "actor.institution_name": "Kita Sonnenschein gGmbH", "actor.offers": offersOf.kita });
      await insertResponse(surveyId, invitations["Beratungsstelle Elberfeld"]!, { "actor.district": "Barmen", "actor.offers": offersOf.beratung });
      await insertResponse(surveyId, invitations["Familienzentrum Barmen"]!, { "actor.offers": offersOf.barmen });
      await insertResponse(surveyId, invitations["JuZe Vohwinkel"]!, { "actor.offers": offersOf.juze });
      // Respondents outside the directory: placed by their district answer (any case), or not at all.
      await insertResponse(surveyId, null, { "actor.institution_name": "Schulsozialarbeit", "actor.district": "  barmen ", "actor.offers": [offer(["school"])] });
      await insertResponse(surveyId, null, { "actor.institution_name": "Streetwork", "actor.district": "Mars", "actor.offers": [offer(["youth"], { offer_name: "Streetwork am Bahnhof" })] });
      await insertResponse(surveyId, null, { "actor.institution_name": "Ohne Liste" });
      // A draft never counts.
      await insertResponse(surveyId, null, { "actor.district": "Ronsdorf", "actor.offers": times(5, () => offer(["youth"])) }, "draft");

      // One respondent through the real respondent page: invited by address, answering the district question.
      await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "kinderarzt@praxis.de", name: "Kinderarztpraxis Dr. Özdemir" }] });
      await testApp.mailWorker.runOnce();
      const { mails } = await planner.json("GET", "/api/dev/mailbox");
      const token = tokenFromMail(mails.find((mail: Json) => mail.to.includes("kinderarzt@praxis.de")).text);
      const submit = await testApp.request("POST", `/api/r/${token}/submit`, {
        answers: { "actor.district": "Vohwinkel", "actor.offers": [{ offer_name: "U-Untersuchungen", life_phases: ["pregnancy_birth", "early_childhood"] }] },
        page: 0,
        baseRevision: 0,
      });
      expect(submit.status).toBe(200);

      matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
    });

    it("counts each offer once per life phase it serves, per district, from submitted responses only", () => {
      expect(matrix).toMatchObject({
        surveyId,
        available: true,
        reason: null,
        privacyMode: "identified",
        panel: { name: "actor.offers", title: { de: "Bitte beschreiben Sie Ihre Angebote." } },
        districtSource: { offerField: null, directory: true, answerQuestion: "actor.district" },
        rule: { overSupplyFactor: 2, overSupplyMinimum: 3 },
      });
      expect(matrix.lifePhases.map((phase: Json) => phase.value)).toEqual([...PHASES]);
      expect(matrix.lifePhases[1].label).toEqual({ de: "Rund um die Kita (frühe Kindheit)", en: "Early childhood (day care)" });
      expect(matrix.rows.map((row: Json) => [row.districtId, row.name])).toEqual([
        [districtIds.Elberfeld, "Elberfeld"],
        [districtIds.Barmen, "Barmen"],
        [districtIds.Vohwinkel, "Vohwinkel"],
        [districtIds.Ronsdorf, "Ronsdorf"],
        [null, ""],
      ]);
      // The directory district wins over the answer (the Beratungsstelle said "Barmen", the directory says Elberfeld).
      expect(cellsOf(matrix)).toEqual({
        "Elberfeld|pregnancy_birth": [4, "over_supply"],
        "Elberfeld|early_childhood": [15, "over_supply"],
        "Elberfeld|school": [3, null],
        "Elberfeld|youth": [0, "gap"],
        "Barmen|pregnancy_birth": [2, null],
        "Barmen|early_childhood": [2, null],
        "Barmen|school": [1, null],
        "Barmen|youth": [0, "gap"],
        "Vohwinkel|pregnancy_birth": [1, null],
        "Vohwinkel|early_childhood": [1, null],
        "Vohwinkel|school": [1, null],
        "Vohwinkel|youth": [3, null],
        "Ronsdorf|pregnancy_birth": [0, "gap"],
        "Ronsdorf|early_childhood": [0, "gap"],
        "Ronsdorf|school": [0, "gap"],
        "Ronsdorf|youth": [0, "gap"],
        "–|pregnancy_birth": [0, null],
        "–|early_childhood": [0, null],
        "–|school": [0, null],
        "–|youth": [1, null],
      });
      // Non-empty cells 1,1,1,1,2,2,3,3,4,15: median 2, so over-supply needs ≥ 4 (and ≥ 3): Elberfeld × Kita (15) and × birth (4), not the 3s.
      expect(matrix.median).toBe(2);
    });

    it("keeps row totals, providers, offers without a phase and the totals", () => {
      const rows = Object.fromEntries(matrix.rows.map((row: Json) => [row.name || "–", [row.total, row.providers, row.noLifePhase]]));
      expect(rows).toEqual({ Elberfeld: [16, 2, 1], Barmen: [5, 2, 0], Vohwinkel: [4, 2, 0], Ronsdorf: [0, 0, 0], "–": [1, 1, 0] });
      expect(matrix.rows[0].cells[1]).toMatchObject({ lifePhase: "early_childhood", offers: 15, providers: 2 });
      expect(matrix.totals).toEqual({ respondents: 8, offers: 26, providers: 7, noDistrict: 1, noLifePhase: 1 });
    });

    it("lists a cell's offers with the institution, names and labelled fields", async () => {
      const listed = await cell(surveyId, districtIds.Barmen!, "pregnancy_birth");
      expect(listed).toMatchObject({
        surveyId,
        district: { id: districtIds.Barmen, name: "Barmen" },
        lifePhase: { value: "pregnancy_birth", label: { de: "Rund um Schwangerschaft und Geburt" } },
        showsInstitutions: true,
        privacyMode: "identified",
        total: 2,
        truncated: false,
      });
      expect(listed.offers.map((entry: Json) => [entry.institution, entry.name])).toEqual([
        ["Familienzentrum Barmen", offersOf.barmen![0]!.offer_name],
        ["Familienzentrum Barmen", offersOf.barmen![1]!.offer_name],
      ]);
      const fields = Object.fromEntries(listed.offers[0].fields.map((field: Json) => [field.name, field.values.map((value: Json) => value.de)]));
      expect(fields.offer_type).toEqual(["Sonstiges: Hebammensprechstunde"]);
      expect(fields.life_phases).toEqual(["Rund um Schwangerschaft und Geburt"]);
      expect(listed.offers[0].fields.find((field: Json) => field.name === "offer_type").title).toEqual({ de: "Art des Angebots", en: "Type of offer" });

      const kita = await cell(surveyId, districtIds.Elberfeld!, "early_childhood");
      expect(kita.total).toBe(15);
      expect(new Set(kita.offers.map((entry: Json) => entry.institution))).toEqual(new Set(["Kita Sonnenschein", "Beratungsstelle Elberfeld"]));
      // Outside the directory, the institution is the respondent's own answer, or the invitation's name.
      expect((await cell(surveyId, districtIds.Barmen!, "school")).offers.map((entry: Json) => entry.institution)).toEqual(["Schulsozialarbeit"]);
      expect((await cell(surveyId, districtIds.Vohwinkel!, "early_childhood")).offers).toEqual([
        { name: "U-Untersuchungen", institution: "Kinderarztpraxis Dr. Özdemir", fields: [{ name: "life_phases", title: { de: "Lebensphasen", en: "Life phases" }, values: [{ de: "Rund um Schwangerschaft und Geburt", en: "Pregnancy and birth" }, { de: "Rund um die Kita (frühe Kindheit)", en: "Early childhood (day care)" }] }] },
      ]);
    });

    it("drills down to gaps, offers without a district and offers without a life phase", async () => {
      expect(await cell(surveyId, districtIds.Ronsdorf!, "youth")).toMatchObject({ total: 0, offers: [] });
      const unplaced = await cell(surveyId, "none", "youth");
      expect(unplaced).toMatchObject({ district: { id: null, name: "" }, total: 1 });
      expect(unplaced.offers[0]).toMatchObject({ name: "Streetwork am Bahnhof", institution: "Streetwork" });
      const noPhase = await cell(surveyId, districtIds.Elberfeld!, "none");
      expect(noPhase).toMatchObject({ lifePhase: { value: null, label: null }, total: 1 });
      expect(noPhase.offers[0]).toMatchObject({ name: "Ohne Lebensphase", institution: "Beratungsstelle Elberfeld" });
    });

    it("refuses unknown life phases and malformed districts (400) and districts of another organisation (404)", async () => {
      const unknownPhase = await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=none&lifePhase=rente`);
      expect(unknownPhase.status).toBe(400);
      expect(((await unknownPhase.json()) as Json).error).toMatchObject({ code: "unknown_life_phase", message: expect.stringContaining("rente") });
      expect((await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=Elberfeld&lifePhase=youth`)).status).toBe(400);
      expect((await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?lifePhase=youth`)).status).toBe(400);
      expect((await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=none`)).status).toBe(400);
      const foreignDistrict = (await intruder.json("POST", "/api/directory/districts", { name: "Eving" }, 201)).id;
      expect((await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=${foreignDistrict}&lifePhase=youth`)).status).toBe(404);
    });

    it("is the organisation's own: another organisation gets 404", async () => {
      expect((await intruder.request("GET", `/api/surveys/${surveyId}/gap-matrix`)).status).toBe(404);
      expect((await intruder.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=none&lifePhase=youth`)).status).toBe(404);
      expect((await intruder.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers`)).status).toBe(404);
    });
  });

  describe("a pseudonymous stocktaking with generated offers (and its identified twin)", () => {
    let surveyId = "";
    let twinId = "";
    let matrix: Json;
    let twin: Json;
    // The smallest k an organisation can set, so that some cells of 17 respondents are shown.
    const k = 3;
    const respondents: { district: string | null; offers: Json[] }[] = [];
    const setK = (value: number) => testApp.database.db.updateTable("organisations").set({ min_cell_size: value }).where("id", "=", planner.organisationId).execute();

    afterAll(() => setK(5));
    beforeAll(async () => {
      await setK(k);
      offerCounter = 100;
      surveyId = await openSurvey("Bestandsaufnahme pseudonym", ["actor.district", "actor.offers"], "pseudonymous");
      twinId = await openSurvey("Bestandsaufnahme namentlich", ["actor.district", "actor.offers"]);
      const names = Object.keys(entries);
      const invitations = await invite(surveyId, names);
      const twinInvitations = await invite(twinId, names);
      const rnd = random(2026);
      const districtOf: Record<string, string> = {
        "Kita Sonnenschein": "Elberfeld",
        "Beratungsstelle Elberfeld": "Elberfeld",
        "Familienzentrum Barmen": "Barmen",
        "JuZe Vohwinkel": "Vohwinkel",
        "Kita Ronsdorf": "Ronsdorf",
      };
      // Offers concentrate on early childhood in Elberfeld and on youth in Vohwinkel; Ronsdorf lists none.
      const phaseWeights: Record<string, number[]> = {
        Elberfeld: [0.3, 0.9, 0.2, 0],
        Barmen: [0.4, 0.4, 0.3, 0.1],
        Vohwinkel: [0, 0.1, 0.3, 0.9],
        Ronsdorf: [0, 0, 0, 0],
      };
      // The same answers go into both surveys: the twin shows every count, the pseudonymous one protects them.
      const insertBoth = async (name: string | null, answers: Json) => {
        await insertResponse(surveyId, name === null ? null : invitations[name]!, answers);
        await insertResponse(twinId, name === null ? null : twinInvitations[name]!, answers);
      };
      for (const name of names) {
        const district = districtOf[name]!;
        const count = district === "Ronsdorf" ? 0 : rnd.int(2, 9);
        const offers = times(count, () => offer(PHASES.filter((_, index) => rnd.next() < phaseWeights[district]![index]!)));
        respondents.push({ district, offers });
        await insertBoth(name, { "actor.district": rnd.pick(DISTRICTS), "actor.offers": offers });
      }
      // Respondents outside the directory, placed by their answer, or not at all.
      for (let index = 0; index < 12; index++) {
        const answer = rnd.pick([...DISTRICTS.slice(0, 3), "Nirgendwo"]);
        const offers = times(rnd.int(0, 3), () => offer(PHASES.filter(() => rnd.next() < 0.4)));
        respondents.push({ district: answer === "Nirgendwo" ? null : answer, offers });
        await insertBoth(null, { "actor.district": answer.toUpperCase(), "actor.offers": offers });
      }
      matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      twin = await planner.json("GET", `/api/surveys/${twinId}/gap-matrix`);
    });

    it("matches a plain computation cell by cell, with gaps and over-supply by the rule (identified)", () => {
      const expected = referenceCells(respondents);
      const { median, flags } = referenceFlags(expected);
      expect(twin.median).toBe(median);
      const actual = cellsOf(twin);
      for (const district of DISTRICTS) {
        for (const phase of PHASES) {
          const key = `${district}|${phase}`;
          expect(actual[key], key).toEqual([expected.get(key) ?? 0, flags.get(key)]);
        }
      }
      const unplaced = [...expected.entries()].filter(([key]) => key.startsWith("–|"));
      if (unplaced.length > 0) for (const [key, value] of unplaced) expect(actual[key]).toEqual([value, null]);
      expect(Object.values(actual).some(([, flag]) => flag === "over_supply")).toBe(true);
      expect(PHASES.every((phase) => actual[`Ronsdorf|${phase}`]![1] === "gap")).toBe(true);
      expect(twin.totals.offers).toBe(respondents.reduce((sum, respondent) => sum + respondent.offers.length, 0));
      expect(twin.protection).toBeNull();
    });

    it("pseudonymous: withholds the cells of fewer than k institutions (and, by column, enough others), their sums and their flags", () => {
      const offers = referenceCells(respondents);
      const providers = referenceProviders(respondents);
      expect(matrix.protection).toEqual({ mode: "pseudonymous", k });
      const actual = cellsOf(matrix);
      const shown: number[] = [];
      let withheld = 0;
      for (const row of matrix.rows) {
        const name = row.districtId === null ? "–" : row.name;
        for (const phase of PHASES) {
          const key = `${name}|${phase}`;
          const institutions = providers.get(key) ?? 0;
          if (institutions > 0 && institutions < k) expect(actual[key], key).toEqual([null, null]);
          if (actual[key]![0] === null) {
            withheld += 1;
            expect(actual[key], key).toEqual([null, null]);
            expect(row.cells.find((candidate: Json) => candidate.lifePhase === phase).providers).toBeNull();
          } else {
            expect(actual[key]![0], key).toBe(offers.get(key) ?? 0);
            if (row.districtId !== null && (offers.get(key) ?? 0) > 0) shown.push(offers.get(key)!);
          }
        }
        const rowWithheld = row.cells.some((candidate: Json) => candidate.offers === null) || row.noLifePhase === null;
        expect(row.total === null, name).toBe(rowWithheld);
        expect(row.providers === null, name).toBe(rowWithheld);
      }
      expect(withheld).toBeGreaterThan(0);
      // The offers per life phase are on the results page: no column has a lone withheld cell.
      for (const phase of PHASES) {
        const column = matrix.rows.map((row: Json) => row.cells.find((candidate: Json) => candidate.lifePhase === phase).offers);
        expect(column.filter((value: number | null) => value === null).length, phase).not.toBe(1);
      }
      // Over-supply is judged against the shown cells only.
      const sorted = shown.sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
      expect(matrix.median).toBe(median);
      for (const row of matrix.rows) {
        for (const matrixCell of row.cells) {
          const expectedFlag =
            row.districtId === null || matrixCell.offers === null
              ? null
              : matrixCell.offers === 0
                ? "gap"
                : median !== null && matrixCell.offers >= 2 * median && matrixCell.offers >= 3
                  ? "over_supply"
                  : null;
          expect(matrixCell.flag, `${row.name}|${matrixCell.lifePhase}`).toBe(expectedFlag);
        }
      }
      expect(matrix.totals).toMatchObject({ respondents: respondents.length, offers: null, providers: null });
      // No figure of the matrix rests on 1 … k−1 institutions.
      for (const row of matrix.rows) {
        for (const matrixCell of row.cells) if (matrixCell.providers !== null) expect(matrixCell.providers === 0 || matrixCell.providers >= k).toBe(true);
        if (row.providers !== null) expect(row.providers === 0 || row.providers >= k).toBe(true);
        if (row.noLifePhaseProviders !== null) expect(row.noLifePhaseProviders === 0 || row.noLifePhaseProviders >= k).toBe(true);
      }
    });

    it("lists a shown cell's offers without saying who listed them, and refuses a withheld cell", async () => {
      const expected = referenceCells(respondents);
      let listedCells = 0;
      let refused = 0;
      for (const row of matrix.rows) {
        for (const matrixCell of row.cells) {
          if (matrixCell.offers === 0) continue;
          const query = `/api/surveys/${surveyId}/gap-matrix/offers?district=${row.districtId ?? "none"}&lifePhase=${matrixCell.lifePhase}`;
          if (matrixCell.offers === null) {
            const response = await planner.request("GET", query);
            expect(response.status).toBe(403);
            const { error } = (await response.json()) as Json;
            expect(error).toMatchObject({ code: "cell_withheld", messageDe: expect.stringContaining("zu wenigen Einrichtungen") });
            refused += 1;
            continue;
          }
          const listed = await cell(surveyId, row.districtId ?? "none", matrixCell.lifePhase);
          listedCells += 1;
          expect(listed).toMatchObject({ showsInstitutions: false, privacyMode: "pseudonymous", total: matrixCell.offers });
          expect(listed.offers).toHaveLength(expected.get(`${row.districtId === null ? "–" : row.name}|${matrixCell.lifePhase}`) ?? -1);
          for (const entry of listed.offers) {
            expect(entry.institution).toBeNull();
            expect(JSON.stringify(entry)).not.toMatch(/Kita Sonnenschein|Beratungsstelle Elberfeld|Familienzentrum Barmen|JuZe Vohwinkel|Kita Ronsdorf|wuppertal\.de/);
            // Its other life phases would tell about the withheld cells of the district.
            expect(entry.fields.map((field: Json) => field.name)).not.toContain("life_phases");
          }
          const names = listed.offers.map((entry: Json) => entry.name);
          expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "de")));
          const wanted = respondents
            .filter((respondent) => (respondent.district ?? null) === (row.districtId === null ? null : row.name))
            .flatMap((respondent) => respondent.offers)
            .filter((entry) => (entry.life_phases ?? []).includes(matrixCell.lifePhase))
            .map((entry) => entry.offer_name)
            .sort();
          expect([...names].sort()).toEqual(wanted);
        }
      }
      expect(listedCells).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });
  });

  describe("an anonymous stocktaking", () => {
    it("places detached responses by their district answer, withholds a cell of fewer than k institutions, and never names an institution", async () => {
      const surveyId = await openSurvey("Bestandsaufnahme anonym", ["actor.institution_name", "actor.district", "actor.offers"], "anonymous");
      await insertResponse(surveyId, null, { "actor.institution_name": "Geheime Kita", "actor.district": "Elberfeld", "actor.offers": [offer(["early_childhood"], { offer_name: "Krabbelgruppe" })] });
      let matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(cellsOf(matrix)["Elberfeld|early_childhood"]).toEqual([null, null]);
      expect(matrix.rows[0]).toMatchObject({ total: null, providers: null });
      expect(matrix.totals).toMatchObject({ respondents: 1, offers: null, providers: null });
      const refused = await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=${districtIds.Elberfeld}&lifePhase=early_childhood`);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).not.toContain("Krabbelgruppe");
      // With k (5) institutions the cell is shown, and listed without who listed what.
      for (const name of ["Kita A", "Kita B", "Kita C", "Kita D"]) {
        await insertResponse(surveyId, null, { "actor.institution_name": name, "actor.district": "Elberfeld", "actor.offers": [offer(["early_childhood"], { offer_name: `Spielgruppe ${name}`, "offer_type-Comment": "frei" })] });
      }
      matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(cellsOf(matrix)["Elberfeld|early_childhood"]).toEqual([5, null]);
      expect(matrix.totals).toMatchObject({ respondents: 5, offers: 5, providers: 5 });
      const listed = await cell(surveyId, districtIds.Elberfeld!, "early_childhood");
      expect(listed).toMatchObject({ showsInstitutions: false, privacyMode: "anonymous", total: 5 });
      expect(listed.offers[0]).toMatchObject({ name: "Krabbelgruppe", institution: null });
      expect(JSON.stringify(listed)).not.toContain("Geheime Kita");
    });
  });

  describe("other lists and surveys", () => {
    it("uses the district field of an offer entry first, when the list has one", async () => {
      const t = (de: string, en = de) => ({ de, en });
      const own = await planner.json(
        "POST",
        "/api/canon/items",
        {
          questionnaire: "actor",
          tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
          help: t("Ein Eintrag je Angebot.", "One entry per offer."),
          personalDataWarning: false,
          element: {
            type: "paneldynamic",
            title: t("Angebote nach Sozialraum", "Offers by district"),
            panelAddText: t("Angebot hinzufügen", "Add offer"),
            templateElements: [
              { type: "text", name: "titel", title: t("Titel", "Title") },
              { type: "text", name: "sozialraum", title: t("Sozialraum", "District") },
              {
                type: "checkbox",
                name: "phasen",
                title: t("Lebensphasen", "Life phases"),
                choices: PHASES.map((value) => ({ value, text: t(value) })),
              },
            ],
          },
        },
        201,
      );
      const surveyId = await openSurvey("Eigene Angebotsliste", [own.itemId]);
      const invitations = await invite(surveyId, ["Kita Sonnenschein"]);
      await insertResponse(surveyId, invitations["Kita Sonnenschein"]!, {
        [own.itemId]: [
          { titel: "In Barmen", sozialraum: "barmen", phasen: ["school"] },
          { titel: "Per Id in Ronsdorf", sozialraum: districtIds.Ronsdorf, phasen: ["school"] },
          { titel: "Ohne Angabe", phasen: ["school"] },
        ],
      });
      const matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(matrix).toMatchObject({ available: true, panel: { name: own.itemId }, districtSource: { offerField: "sozialraum", answerQuestion: null } });
      const cells = cellsOf(matrix);
      expect([cells["Elberfeld|school"], cells["Barmen|school"], cells["Ronsdorf|school"]]).toEqual([
        [1, null],
        [1, null],
        [1, null],
      ]);
      const listed = await cell(surveyId, districtIds.Barmen!, "school");
      expect(listed.offers).toMatchObject([{ name: "In Barmen", institution: "Kita Sonnenschein" }]);
    });

    it("does not count rows that hold only the list's untouched defaults (a preset life phase is no offer)", async () => {
      const t = (de: string, en = de) => ({ de, en });
      const own = await planner.json(
        "POST",
        "/api/canon/items",
        {
          questionnaire: "actor",
          tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
          help: t("Ein Eintrag je Angebot.", "One entry per offer."),
          personalDataWarning: false,
          element: {
            type: "paneldynamic",
            title: t("Angebote für Kinder", "Offers for children"),
            panelCount: 2,
            templateElements: [
              { type: "text", name: "titel", title: t("Titel", "Title") },
              { type: "checkbox", name: "phasen", title: t("Lebensphasen", "Life phases"), choices: PHASES.map((value) => ({ value, text: t(value) })), defaultValue: ["early_childhood"] },
              { type: "boolean", name: "kostenlos", title: t("Kostenlos", "Free of charge"), defaultValue: true },
            ],
          },
        },
        201,
      );
      const surveyId = await openSurvey("Angebote mit Vorgaben", [own.itemId]);
      const invitations = await invite(surveyId, ["Kita Sonnenschein", "Familienzentrum Barmen"]);
      const untouched = { phasen: ["early_childhood"], kostenlos: true };
      // The Kita lists two offers and leaves one preset row; the family centre only has the two preset rows.
      await insertResponse(surveyId, invitations["Kita Sonnenschein"]!, {
        [own.itemId]: [{ ...untouched, titel: "Krabbelgruppe" }, { phasen: ["early_childhood"], kostenlos: false }, untouched],
      });
      await insertResponse(surveyId, invitations["Familienzentrum Barmen"]!, { [own.itemId]: [untouched, { ...untouched, titel: "   " }] });
      const matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(matrix.totals).toMatchObject({ respondents: 2, offers: 2, providers: 1 });
      const cells = cellsOf(matrix);
      expect(cells["Elberfeld|early_childhood"]).toEqual([2, null]);
      expect(cells["Barmen|early_childhood"]).toEqual([0, "gap"]);
      const listed = await cell(surveyId, districtIds.Elberfeld!, "early_childhood");
      expect(listed.total).toBe(2);
    });

    it("has no matrix without an offers list, or before the survey is opened", async () => {
      const withoutList = await openSurvey("Nur Profil", ["actor.institution_name"]);
      expect(await planner.json("GET", `/api/surveys/${withoutList}/gap-matrix`)).toMatchObject({ available: false, reason: "no_offers_list", rows: [] });
      const drillDown = await planner.request("GET", `/api/surveys/${withoutList}/gap-matrix/offers?district=none&lifePhase=none`);
      expect(drillDown.status).toBe(409);
      expect(((await drillDown.json()) as Json).error.code).toBe("gap_matrix_unavailable");
      const { id: draft } = await planner.json("POST", "/api/surveys", { title: "Entwurf" }, 201);
      await planner.json("PATCH", `/api/surveys/${draft}`, { items: [{ itemId: "actor.offers", version: 1 }] });
      expect(await planner.json("GET", `/api/surveys/${draft}/gap-matrix`)).toMatchObject({ available: false, reason: "not_opened" });
    });

    it("shows every district as a gap while nobody has answered", async () => {
      const surveyId = await openSurvey("Noch leer", ["actor.offers"]);
      const matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
      expect(matrix).toMatchObject({ available: true, median: null, totals: { respondents: 0, offers: 0, providers: 0, noDistrict: 0, noLifePhase: 0 } });
      expect(matrix.rows).toHaveLength(DISTRICTS.length);
      expect(Object.values(cellsOf(matrix)).every(([offers, flag]) => offers === 0 && flag === "gap")).toBe(true);
    });
  });
});
