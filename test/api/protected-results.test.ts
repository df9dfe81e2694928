import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LIFE_PHASES } from "../../server/canon/canon-file-format.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { disclosed, type Published } from "../support/disclosure-audit.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Pseudonymous and anonymous surveys, attacked through the planner's own routes: generated
 * respondents in generated districts, types and life phases answer; the test then asks for the
 * whole survey, every breakdown and every single group as a filter, and checks that
 * - no figure anywhere is below k (but not 0), no free text, minimum or maximum leaves;
 * - a filter on one group shows exactly that group's row of the breakdown (no pair of views
 *   disagrees about a cell);
 * - from everything shown of a breakdown (its cells, the groups' n, the whole survey's cells),
 *   no hidden count below k can be worked out (test/support/disclosure-audit.ts enumerates every
 *   consistent table);
 * - requests that could draw a line around one institution are refused.
 */

type Json = Record<string, any>;

const DEFINITION = {
  pages: [
    {
      name: "p1",
      elements: [
        {
          type: "radiogroup",
          name: "angebot",
          title: "Gibt es ein Angebot?",
          choices: [
            { value: "ja", text: "Ja" },
            { value: "nein", text: "Nein" },
            { value: "teils", text: "Teilweise" },
          ],
        },
        { type: "checkbox", name: "themen", title: "Themen", choices: ["sprache", "bewegung", "eltern"] },
        { type: "text", inputType: "number", name: "plaetze", title: "Plätze" },
        { type: "comment", name: "bemerkung", title: "Bemerkung" },
        {
          type: "paneldynamic",
          name: "angebote",
          title: "Angebote",
          templateElements: [{ type: "dropdown", name: "zielgruppe", title: "Zielgruppe", choices: ["kinder", "jugend", "eltern"] }],
        },
      ],
    },
  ],
};

/** A repeatable list of offers (paneldynamic): each entry a target group, its places, its days and a description. */
const LIST_DEFINITION = {
  pages: [
    {
      name: "p1",
      elements: [
        {
          type: "paneldynamic",
          name: "angebote",
          title: "Angebote",
          templateElements: [
            { type: "dropdown", name: "zielgruppe", title: "Zielgruppe", choices: ["kinder", "jugend", "eltern"] },
            { type: "text", inputType: "number", name: "plaetze", title: "Plätze" },
            { type: "checkbox", name: "tage", title: "Tage", choices: ["mo", "di"] },
            { type: "text", name: "beschreibung", title: "Beschreibung" },
          ],
        },
      ],
    },
  ],
};

const ANGEBOT = ["ja", "nein", "teils"];
const ZIELGRUPPEN = ["kinder", "jugend", "eltern"];
const THEMEN = ["sprache", "bewegung", "eltern"];

interface Respondent {
  district: number; // 3: none
  type: number;
  phases: boolean[];
  angebot: number; // 3: not answered
  themen: boolean[];
  plaetze: number;
  /** Offers listed (a repeatable list), each its target group. */
  angebote: number[];
}

const respondentArbitrary: fc.Arbitrary<Respondent> = fc.record({
  district: fc.nat({ max: 3 }),
  type: fc.nat({ max: 1 }),
  phases: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  angebot: fc.nat({ max: 3 }),
  themen: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  plaetze: fc.nat({ max: 60 }),
  angebote: fc.array(fc.nat({ max: 2 }), { maxLength: 3 }),
});

/** Every number of a response a planner reads as a count. */
function countsIn(value: unknown, path = "", found: { path: string; value: number }[] = []): { path: string; value: number }[] {
  if (Array.isArray(value)) value.forEach((item, index) => countsIn(item, `${path}[${index}]`, found));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "counts" && path === "") continue; // invitation counts: who was asked, not what they answered
      if (["count", "n", "respondents", "entries"].includes(key) && typeof inner === "number") found.push({ path: `${path}.${key}`, value: inner });
      else countsIn(inner, `${path}.${key}`, found);
    }
  }
  return found;
}

const small = (count: number, k: number) => count > 0 && count < k;

function keysIn(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysIn(item, keys));
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) keysIn(inner, keys.add(key));
  return keys;
}

describeEachDatabase("protected results (pseudonymous and anonymous surveys)", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let organisationId: string;
  let userId: string;
  let districts: { id: string; name: string }[];
  let run = 0;
  /** What the property test saw, so a run that never met a withheld cell cannot pass unnoticed. */
  const seen = { withheldGroupCells: 0, shownGroupCells: 0, filters: 0, listCells: 0 };

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    organisationId = planner.organisationId;
    const { db } = testApp.database;
    userId = (await db.selectFrom("users").select("id").where("organisation_id", "=", organisationId).executeTakeFirstOrThrow()).id;
    districts = await db
      .insertInto("districts")
      .values(["Nord", "Süd", "Ost"].map((name, position) => ({ organisation_id: organisationId, name, position })))
      .returning(["id", "name"])
      .execute();
  });
  afterAll(() => testApp.close());

  /** A survey of the mode with these respondents, each a directory entry of its own, all submitted. */
  async function seed(mode: "pseudonymous" | "anonymous", respondents: Respondent[]) {
    return seedSurvey(
      mode,
      DEFINITION,
      respondents.map((respondent, index) => {
        const answers: Json = { plaetze: respondent.plaetze, bemerkung: `Text von Einrichtung ${index}` };
        if (respondent.angebote.length > 0) answers.angebote = respondent.angebote.map((option) => ({ zielgruppe: ZIELGRUPPEN[option] }));
        if (respondent.angebot < 3) answers.angebot = ANGEBOT[respondent.angebot];
        const themen = THEMEN.filter((_, option) => respondent.themen[option]);
        if (themen.length > 0) answers.themen = themen;
        return { ...respondent, answers };
      }),
    );
  }

  /** A survey of the mode and definition: each respondent a directory entry of its own with these answers, all submitted. */
  async function seedSurvey(mode: "pseudonymous" | "anonymous", definition: Json, respondents: (Pick<Respondent, "district" | "type" | "phases"> & { answers: Json })[]) {
    const { db } = testApp.database;
    run += 1;
    const survey = await db
      .insertInto("surveys")
      .values({
        organisation_id: organisationId,
        title: `Geschützt ${run}`,
        intro: "",
        status: "open",
        privacy_mode: mode,
        structure: JSON.stringify({ pages: [] }),
        definition: JSON.stringify(definition),
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const entries = await db
      .insertInto("directory_entries")
      .values(
        respondents.map((respondent, index) => ({
          organisation_id: organisationId,
          kind: "institution" as const,
          name: `Einrichtung ${run}-${index}`,
          type: respondent.type === 0 ? "Kita" : "Schule",
          district_id: respondent.district < 3 ? districts[respondent.district]!.id : null,
          life_phases: JSON.stringify(LIFE_PHASES.slice(0, 2).filter((_, phase) => respondent.phases[phase])),
          fields_of_action: "[]",
          emails: JSON.stringify([`e${run}-${index}@beispiel.de`]),
        })),
      )
      .returning("id")
      .execute();
    const invitations = await db
      .insertInto("invitations")
      .values(entries.map((entry, index) => ({ organisation_id: organisationId, survey_id: survey.id, email: `e${run}-${index}@beispiel.de`, name: "", mail_status: "sent" as const, directory_entry_id: entry.id })))
      .returning("id")
      .execute();
    await db
      .insertInto("responses")
      .values(
        respondents.map(({ answers }, index) => ({
          organisation_id: organisationId,
          survey_id: survey.id,
          // Anonymous responses are detached from their invitations; pseudonymous ones stay linked.
          invitation_id: mode === "pseudonymous" ? invitations[index]!.id : null,
          answers: JSON.stringify(answers),
          // Pseudonymous results count released answers: these come as one released batch.
          released_answers: mode === "pseudonymous" ? JSON.stringify(answers) : null,
          status: "submitted" as const,
          submitted_at: new Date("2026-03-02T10:00:00Z"),
        })),
      )
      .execute();
    // … released with their groups (district, type, life phases), as a batch release does.
    await releaseSeededAnswers(db);
    return survey.id;
  }

  const query = (surveyId: string, body: Json) => planner.json("POST", `/api/surveys/${surveyId}/results/query`, body);

  /**
   * True counts of the list's target groups per group: offers (entries), and the institutions
   * behind them, which decide what may be shown.
   */
  function trueListTable(respondents: Respondent[], groupsOf: (respondent: Respondent) => (string | null)[], keys: (string | null)[]) {
    const inGroup = (key: string | null) => respondents.filter((respondent) => groupsOf(respondent).includes(key));
    const offers = (list: Respondent[], option: number) => list.reduce((sum, respondent) => sum + respondent.angebote.filter((chosen) => chosen === option).length, 0);
    const behind = (list: Respondent[], option: number) => list.filter((respondent) => respondent.angebote.includes(option)).length;
    const entries = (list: Respondent[]) => list.reduce((sum, respondent) => sum + respondent.angebote.length, 0);
    const listing = (list: Respondent[]) => list.filter((respondent) => respondent.angebote.length > 0).length;
    return {
      rows: keys.map((key) => ZIELGRUPPEN.map((_, option) => offers(inGroup(key), option))),
      behind: keys.map((key) => ZIELGRUPPEN.map((_, option) => behind(inGroup(key), option))),
      margin: ZIELGRUPPEN.map((_, option) => offers(respondents, option)),
      marginBehind: ZIELGRUPPEN.map((_, option) => behind(respondents, option)),
      totals: keys.map((key) => entries(inGroup(key))),
      totalsBehind: keys.map((key) => listing(inGroup(key))),
      n: entries(respondents),
    };
  }

  /** True counts of a question per group (by a respondent → group keys function). */
  function trueTable(respondents: Respondent[], question: "angebot" | "themen", groupsOf: (respondent: Respondent) => (string | null)[], keys: (string | null)[]) {
    const options = question === "angebot" ? ANGEBOT : THEMEN;
    const chose = (respondent: Respondent, option: number) => (question === "angebot" ? respondent.angebot === option : respondent.themen[option]!);
    const answered = (respondent: Respondent) => (question === "angebot" ? respondent.angebot < 3 : respondent.themen.some(Boolean));
    const rows = keys.map((key) => options.map((_, option) => respondents.filter((respondent) => answered(respondent) && groupsOf(respondent).includes(key) && chose(respondent, option)).length));
    const margin = options.map((_, option) => respondents.filter((respondent) => answered(respondent) && chose(respondent, option)).length);
    const totals = keys.map((key) => respondents.filter((respondent) => answered(respondent) && groupsOf(respondent).includes(key)).length);
    return { rows, margin, totals, n: respondents.filter(answered).length };
  }

  it("shows no figure below k, no single answer, and no cell that subtraction across views could recover", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(respondentArbitrary, { minLength: 6, maxLength: 22 }), fc.integer({ min: 3, max: 5 }), fc.constantFrom("pseudonymous" as const, "anonymous" as const), async (respondents, k, mode) => {
        await testApp.database.db.updateTable("organisations").set({ min_cell_size: k }).where("id", "=", organisationId).execute();
        const surveyId = await seed(mode, respondents);
        const overall = await query(surveyId, {});
        expect(overall.protection).toEqual({ mode, k });
        const views: Json[] = [overall];
        const groupings: { groupBy: Json; filterOf: (key: string) => Json; groupsOf: (respondent: Respondent) => (string | null)[]; partition: boolean }[] = [
          {
            groupBy: { recipient: "district" },
            filterOf: (key) => ({ recipients: { districtIds: [key] } }),
            groupsOf: (respondent) => [respondent.district < 3 ? districts[respondent.district]!.id : null],
            partition: true,
          },
          { groupBy: { recipient: "type" }, filterOf: (key) => ({ recipients: { types: [key] } }), groupsOf: (respondent) => [respondent.type === 0 ? "Kita" : "Schule"], partition: true },
          {
            groupBy: { recipient: "lifePhase" },
            filterOf: (key) => ({ recipients: { lifePhases: [key] } }),
            groupsOf: (respondent) => {
              const phases = LIFE_PHASES.slice(0, 2).filter((_, phase) => respondent.phases[phase]);
              return phases.length > 0 ? phases : [null];
            },
            partition: false,
          },
          {
            groupBy: { question: "angebot" },
            filterOf: (key) => ({ answer: { question: "angebot", values: [key] } }),
            groupsOf: (respondent) => [respondent.angebot < 3 ? ANGEBOT[respondent.angebot]! : null],
            partition: true,
          },
        ];
        // Anonymous responses are linked to no directory entry: only the grouping by an answer applies.
        const applicable = mode === "anonymous" ? groupings.filter((grouping) => "question" in grouping.groupBy) : groupings;

        for (const grouping of applicable) {
          const grouped = await query(surveyId, { groupBy: grouping.groupBy });
          views.push(grouped);
          if (grouped.respondents === null) continue;
          const keys: (string | null)[] = grouped.groups.map((group: Json) => group.key);
          // A filter on one group shows exactly that group's row of the breakdown.
          for (const [index, key] of keys.entries()) {
            if (key === null) continue;
            const filtered = await query(surveyId, { filter: grouping.filterOf(key) });
            views.push(filtered);
            if (grouped.groups[index].n === null || filtered.respondents === null) {
              expect(filtered.respondents === null || grouped.groups[index].n === null).toBe(true);
              continue;
            }
            expect(filtered.respondents).toBe(grouped.groups[index].n);
            seen.filters += 1;
            for (const [position, question] of filtered.questions.entries()) {
              const { key: _key, ...row } = grouped.questions[position].groups[index];
              expect(question, `${JSON.stringify(grouping.groupBy)} ${key} ${question.name}`).toEqual(row);
            }
          }
          // From all of it, nothing below k can be worked out (in the list: nothing resting on fewer than k institutions).
          for (const name of ["angebot", "themen", "angebote"] as const) {
            if ("question" in grouping.groupBy && name === "angebot") continue;
            const top = grouped.questions.find((candidate: Json) => candidate.name === name);
            const isList = name === "angebote";
            // The list's figures are its target-group field's, in the whole survey and in each group.
            const figuresOf = (figures: Json) => (isList ? (figures.n === null ? { n: null } : (figures.fields?.find((field: Json) => field.name === "zielgruppe") ?? { n: null })) : figures);
            const question = { ...figuresOf(top), groups: top.groups.map(figuresOf) };
            const listTruth = isList ? trueListTable(respondents, grouping.groupsOf, keys) : null;
            const truth = listTruth ?? trueTable(respondents, name as "angebot" | "themen", grouping.groupsOf, keys);
            const sensitivity = listTruth
              ? { sensitive: listTruth.behind.map((row) => row.map((count) => count > 0 && count < k)), marginSensitive: listTruth.marginBehind.map((count) => count > 0 && count < k) }
              : {};
            if (question.n === null || question.n === undefined) continue;
            if (listTruth) {
              // No shown cell rests on fewer than k institutions, in the whole survey or a group.
              question.options.forEach((cell: Json, option: number) => cell.count !== null && expect(small(listTruth.marginBehind[option]!, k), `list ${option}`).toBe(false));
              question.groups.forEach((group: Json, index: number) =>
                group.options?.forEach((cell: Json, option: number) => cell.count !== null && expect(small(listTruth.behind[index]![option]!, k), `list ${keys[index]} ${option}`).toBe(false)),
              );
              seen.listCells += question.groups.length;
            }
            const marginShown = question.options.map((cell: Json) => cell.count !== null);
            question.options.forEach((cell: Json, option: number) => cell.count !== null && expect(cell.count).toBe(truth.margin[option]));
            const shownRow = (index: number) => {
              const group = question.groups[index];
              return truth.rows[index]!.map((_, option) => group.n !== null && !group.suppressed && group.options?.[option]?.count !== null && group.options?.[option] !== undefined);
            };
            keys.forEach((_, index) => shownRow(index).forEach((shown) => (shown ? (seen.shownGroupCells += 1) : (seen.withheldGroupCells += 1))));
            if (grouping.partition) {
              const published: Published = {
                rows: truth.rows,
                shown: keys.map((_, index) => shownRow(index)),
                rowTotals: keys.map((_, index) => question.groups[index].n),
                additive: name !== "themen",
                margin: truth.margin,
                marginShown,
                ...sensitivity,
              };
              const found = disclosed(published, k);
              if (found) expect(found, JSON.stringify({ name, grouping: grouping.groupBy, truth, shown: published.shown, groups: question.groups, overall: question.options })).toEqual([]);
            } else {
              for (const [index] of keys.entries()) {
                const rest = truth.margin.map((count, option) => count - truth.rows[index]![option]!);
                const groupN = question.groups[index].n;
                const published: Published = {
                  rows: [truth.rows[index]!, rest],
                  shown: [shownRow(index), rest.map(() => false)],
                  rowTotals: [groupN, groupN === null ? null : truth.n - groupN],
                  additive: name !== "themen",
                  margin: truth.margin,
                  marginShown,
                  ...(listTruth
                    ? {
                        sensitive: [listTruth.behind[index]!, listTruth.marginBehind.map((count, option) => count - listTruth.behind[index]![option]!)].map((row) => row.map((count) => small(count, k))),
                        marginSensitive: sensitivity.marginSensitive,
                      }
                    : {}),
                };
                const found = disclosed(published, k);
                if (found) expect(found, JSON.stringify({ name, grouping: grouping.groupBy, key: keys[index], truth })).toEqual([]);
              }
            }
          }
        }

        for (const view of views) {
          for (const { path, value } of countsIn(view)) expect(value === 0 || value >= k, `${path} = ${value} (k = ${k})`).toBe(true);
          const keys = keysIn(view);
          for (const forbidden of ["texts", "min", "max"]) expect(keys.has(forbidden), forbidden).toBe(false);
          expect(JSON.stringify(view)).not.toContain("Text von Einrichtung");
        }
      }),
      {
        numRuns: kind === "pglite" ? 10 : 6,
        // Found by fast-check: one Kita answered "themen" (withheld, n < k), three Schulen did; the
        // whole survey's 4 minus the Schulen's 3 gave the Kita's 1 away.
        examples: [
          [
            [
              { district: 0, type: 0, phases: [false, false], angebot: 0, themen: [false, false, false], plaetze: 0, angebote: [] },
              { district: 0, type: 1, phases: [false, false], angebot: 0, themen: [true, false, false], plaetze: 0, angebote: [] },
              { district: 0, type: 1, phases: [false, false], angebot: 0, themen: [true, false, false], plaetze: 0, angebote: [] },
              { district: 0, type: 0, phases: [false, false], angebot: 0, themen: [true, false, false], plaetze: 0, angebote: [] },
              { district: 0, type: 1, phases: [false, false], angebot: 0, themen: [true, false, false], plaetze: 0, angebote: [] },
              { district: 0, type: 0, phases: [false, false], angebot: 0, themen: [false, false, false], plaetze: 0, angebote: [] },
            ],
            3,
            "pseudonymous",
          ],
        ],
      },
    );
    expect(seen.withheldGroupCells).toBeGreaterThan(0);
    expect(seen.shownGroupCells).toBeGreaterThan(0);
    expect(seen.filters).toBeGreaterThan(0);
    expect(seen.listCells).toBeGreaterThan(0);
  }, 240_000);

  it("counts a list's figures by the institutions behind them: one institution's three offers are not a group of three", async () => {
    await testApp.database.db.updateTable("organisations").set({ min_cell_size: 3 }).where("id", "=", organisationId).execute();
    // One Kita (A) lists three offers for children, each on Mondays with 10 places; three more
    // Kitas one offer each for youth, three Schulen one each for parents (Tuesdays, 20 or 30 places).
    const offer = (zielgruppe: string, plaetze: number, tage: string[], beschreibung: string) => ({ zielgruppe, plaetze, tage, beschreibung });
    const respondents = [
      { district: 0, type: 0, angebote: [1, 2, 3].map((index) => offer("kinder", 10, ["mo"], `Angebot ${index} von A`)) },
      ...[0, 1, 2].map((district) => ({ district, type: 0, angebote: [offer("jugend", 20, ["di"], "Jugendtreff")] })),
      ...[0, 1, 2].map((district) => ({ district, type: 1, angebote: [offer("eltern", 30, ["di"], "Elterncafé")] })),
    ].map(({ district, type, angebote }) => ({ district, type, phases: [true, false], answers: { angebote } }));
    const views: { label: string; view: Json }[] = [];
    for (const mode of ["pseudonymous", "anonymous"] as const) {
      const surveyId = await seedSurvey(mode, LIST_DEFINITION, respondents);
      views.push({ label: `${mode} overall`, view: await query(surveyId, {}) });
      if (mode === "anonymous") continue;
      for (const recipient of ["district", "type", "lifePhase"]) views.push({ label: `by ${recipient}`, view: await query(surveyId, { groupBy: { recipient } }) });
      views.push({ label: "Kitas", view: await query(surveyId, { filter: { recipients: { types: ["Kita"] } } }) });
      views.push({ label: "district Nord", view: await query(surveyId, { filter: { recipients: { districtIds: [districts[0]!.id] } } }) });
    }
    const overall = views[0]!.view.questions[0];
    // The list itself rests on seven institutions: shown.
    expect(overall).toMatchObject({ name: "angebote", n: 7, entries: 9 });
    let lists = 0;
    for (const { label, view } of views) {
      expect(JSON.stringify(view), label).not.toContain("von A");
      for (const list of [view.questions[0], ...(view.questions[0]?.groups ?? [])].filter(Boolean)) {
        if (list.n === null) continue;
        lists += 1;
        const field = (name: string) => list.fields.find((candidate: Json) => candidate.name === name);
        // "kinder" and "mo" are three entries of one institution: withheld wherever they are not 0
        // (the Schulen listed none), and always where A is counted (the whole survey, the Kitas).
        const kinder = field("zielgruppe").options?.find((cell: Json) => cell.value === "kinder");
        const monday = field("tage").options?.find((cell: Json) => cell.value === "mo");
        for (const [name, cell] of [["zielgruppe kinder", kinder], ["tage mo", monday]] as const) {
          if (cell && cell.count !== 0) expect(cell.count, `${label}: ${name}`).toBeNull();
          if (/overall|Kitas/.test(label)) expect(cell?.count ?? null, `${label}: ${name}`).toBeNull();
        }
        // The places: A's bin is withheld, and so are mean and quartiles (one more equation).
        const plaetze = field("plaetze");
        expect(plaetze, label).toMatchObject({ mean: null, median: null, q1: null, q3: null });
        for (const bin of plaetze.histogram ?? []) if (bin.to !== null && bin.to <= 12 && bin.count !== 0) expect(bin.count, `${label}: places bin ${bin.from}–${bin.to}`).toBeNull();
        expect(field("beschreibung").texts, label).toBeUndefined();
      }
    }
    expect(lists).toBeGreaterThan(3);
  });

  it("refuses what could isolate one institution, with the reason at the field", async () => {
    const respondents = Array.from({ length: 12 }, (_, index) => ({ district: index % 3, type: index % 2, phases: [true, false], angebot: index % 3, themen: [true, false, true], plaetze: index, angebote: [index % 3] }));
    const surveyId = await seed("pseudonymous", respondents);
    const entry = await testApp.database.db.selectFrom("directory_entries").select("id").where("organisation_id", "=", organisationId).executeTakeFirstOrThrow();
    const refusals: [Json, string][] = [
      [{ filter: { recipients: { ids: [entry.id] } } }, "filter.recipients.ids"],
      [{ filter: { recipients: { search: "Einrichtung 1" } } }, "filter.recipients.search"],
      [{ filter: { recipients: { districtIds: [districts[0]!.id, districts[1]!.id] } } }, "filter.recipients.districtIds"],
      [{ filter: { recipients: { districtIds: [districts[0]!.id], types: ["Kita"] } } }, "filter.recipients.districtIds"],
      [{ filter: { recipients: { types: ["Kita"] }, answer: { question: "angebot", values: ["ja"] } } }, "filter.answer"],
      [{ filter: { recipients: { types: ["Kita"] } }, groupBy: { recipient: "district" } }, "groupBy"],
      [{ q: "Text" }, "q"],
    ];
    for (const [body, field] of refusals) {
      const response = await planner.request("POST", `/api/surveys/${surveyId}/results/query`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = (await response.json()) as Json;
      expect(error.code).toBe("isolating_request");
      expect(error.details.field).toBe(field);
      expect(error.messageDe).toContain("zusammengefasst");
    }
    expect((await planner.request("GET", `/api/surveys/${surveyId}/results?q=Text`)).status).toBe(400);
    const crosstab = await planner.request("POST", `/api/surveys/${surveyId}/results/crosstab`, { rows: "angebot", columns: "themen" });
    expect(crosstab.status).toBe(409);
    // Single responses never leave, in either mode; the summary holds the protected cells only.
    for (const mode of ["pseudonymous", "anonymous"] as const) {
      const id = mode === "pseudonymous" ? surveyId : await seed("anonymous", respondents);
      expect((await planner.request("GET", `/api/surveys/${id}/export/responses?format=csv`)).status).toBe(403);
      const summary = await planner.request("GET", `/api/surveys/${id}/export/summary?lang=de`);
      expect(summary.status).toBe(200);
      const text = await summary.text();
      expect(text).not.toContain("Text von Einrichtung");
      const results = await query(id, {});
      for (const question of results.questions.filter((candidate: Json) => candidate.kind === "choice" || candidate.kind === "multiple")) {
        for (const cell of question.options) {
          const line = text.split("\n").find((candidate) => candidate.includes(`;${cell.value};`) && candidate.startsWith(question.title.de));
          expect(line, `${question.name} ${cell.value}`).toBeDefined();
          if (cell.count === null) expect(line).toContain("ausgeblendet");
          else expect(line).toContain(`;${cell.count};`);
        }
      }
    }
  });
});
