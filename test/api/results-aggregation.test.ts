import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELDS_OF_ACTION, LIFE_PHASES } from "../../server/canon/canon-file-format.ts";
import { buildSurveyDefinition } from "../../server/lib/survey-definition.ts";
import { describeEachDatabase } from "../support/databases.ts";
import {
  elementsOf,
  referenceCrossTable,
  referenceResults,
  rounded,
  type ReferenceDirectory,
  type ReferenceRecipient,
  type ReferenceRequest,
  type ReferenceResponse,
} from "../support/results-reference.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Results are aggregated in SQL; here they are checked against a plain TypeScript computation
 * (test/support/results-reference.ts) on generated data covering every kind of question the canon
 * uses, with filters, groupings and cross-tables, on both databases.
 */

type Json = Record<string, any>;

/** Canon items of every element type the canon and the builder use. */
const CANON_ITEMS = [
  "network.sphere", // radiogroup
  "actor.institution_type", // dropdown with "other"
  "network.focus_life_phases", // checkbox
  "actor.barriers", // checkbox with "other"
  "actor.staff_languages", // tagbox with "other"
  "network.has_focus", // boolean
  "network.perception", // rating 1–5
  "actor.context_conditions", // matrix
  "network.cooperation_perception", // Likert matrix
  "actor.capacity", // number
  "network.founding_year", // year
  "network.coordination_fte", // number with decimals
  "actor.institution_name", // text
  "network.success_factors", // comment
  "actor.staff_count", // multipletext of numbers
  "network.main_topics", // multipletext of texts
  "actor.offers", // paneldynamic: text, dropdown + other, checkbox, dropdown, tagbox, dropdown
  "actor.network_list", // paneldynamic: text, radiogroup
];

/** Elements outside the canon: a matrix with numeric columns, a rating with listed values, a question kind that is not aggregated. */
const EXTRA_ELEMENTS: Json[] = [
  {
    type: "matrix",
    name: "custom.scores",
    title: { de: "Punkte", en: "Scores" },
    columns: [1, 2, 3, 4],
    rows: [
      { value: "a", text: { de: "A", en: "A" } },
      { value: "b", text: { de: "B", en: "B" } },
    ],
  },
  { type: "rating", name: "custom.grade", title: "Schulnote", rateValues: [1, 2, 3, 4, 5, 6] },
  { type: "signaturepad", name: "custom.signature", title: "Unterschrift" },
  {
    // A list whose rows start with defaults: a row holding only them was never touched.
    type: "paneldynamic",
    name: "custom.rooms",
    title: "Räume",
    panelCount: 2,
    templateElements: [
      { type: "boolean", name: "accessible", title: "Barrierefrei", defaultValue: true },
      { type: "text", name: "room", title: "Raum" },
      { type: "checkbox", name: "equipment", title: "Ausstattung", choices: ["beamer", "kueche"], defaultValue: ["beamer"] },
      { type: "expression", name: "label", title: "Bezeichnung", expression: "{panel.room}" },
    ],
  },
];

const WORDS = ["Kita", "Schule", "Räume", "Zeit", "Personal", "Kooperation", "Eltern", "Jugend", "Beratung", "Sprache", "Netzwerk", "Quartier"];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)]!;
  const chance = (p: number) => next() < p;
  const subset = <T>(list: readonly T[], p: number) => list.filter(() => chance(p));
  return { next, int, pick, chance, subset };
}
type Random = ReturnType<typeof random>;

const choiceValuesOf = (element: Json): string[] => (element.choices ?? []).map((choice: any) => String(choice?.value ?? choice));
const sentence = (rnd: Random) => Array.from({ length: rnd.int(2, 6) }, () => rnd.pick(WORDS)).join(" ");

/** An answer to one element (undefined: not answered), with the oddities real data has. */
function answerTo(element: Json, rnd: Random, into: Json): void {
  const name = element.name as string;
  if (rnd.chance(0.12)) return;
  const hasOther = Boolean(element.showOtherItem || element.hasOther);
  switch (element.type) {
    case "radiogroup":
    case "dropdown": {
      const roll = rnd.next();
      if (hasOther && roll < 0.1) {
        into[name] = "other";
        into[`${name}-Comment`] = `Sonst: ${sentence(rnd)}`;
      } else if (roll < 0.14) into[name] = "altwert"; // a value the definition no longer has
      else if (roll < 0.16) into[name] = "";
      else into[name] = rnd.pick(choiceValuesOf(element));
      if (hasOther && into[name] !== "other" && rnd.chance(0.05)) into[`${name}-Comment`] = "stray text"; // no "other" chosen: not listed
      return;
    }
    case "checkbox":
    case "tagbox": {
      const chosen = rnd.subset(choiceValuesOf(element), 0.3);
      if (hasOther && rnd.chance(0.15)) {
        chosen.push("other");
        into[`${name}-Comment`] = rnd.chance(0.9) ? `Sonst: ${sentence(rnd)}` : "  ";
      }
      if (rnd.chance(0.03)) chosen.push("altwert");
      into[name] = chosen;
      return;
    }
    case "boolean":
      into[name] = rnd.chance(0.6);
      return;
    case "rating": {
      const values = element.rateValues ?? [1, 2, 3, 4, 5];
      const value = rnd.pick(values);
      into[name] = rnd.chance(0.05) ? String(value) : value;
      return;
    }
    case "matrix": {
      const rows = (element.rows as any[]).map((row) => String(row?.value ?? row));
      const columns = (element.columns as any[]).map((column) => column?.value ?? column);
      const answer: Json = {};
      // The last row is never answered: its distribution must be all zeros.
      for (const row of rows.slice(0, -1)) {
        if (rnd.chance(0.75)) answer[row] = rnd.chance(0.03) ? "" : rnd.pick(columns);
      }
      into[name] = answer;
      return;
    }
    case "text":
      if (element.inputType === "number") {
        if (name.endsWith("year")) into[name] = rnd.int(1950, 2024);
        else if (name.endsWith("fte")) into[name] = rnd.int(0, 40) / 4;
        else {
          const roll = rnd.next();
          into[name] = roll < 0.05 ? ` ${rnd.int(0, 400)} ` : roll < 0.08 ? "viele" : rnd.int(0, 400);
        }
      } else {
        into[name] = rnd.chance(0.04) ? "   " : sentence(rnd);
      }
      return;
    case "comment":
      into[name] = rnd.chance(0.04) ? "\n" : sentence(rnd);
      return;
    case "multipletext": {
      const answer: Json = {};
      for (const item of element.items as Json[]) {
        if (rnd.chance(0.2)) continue;
        answer[item.name] = item.inputType === "number" ? rnd.int(0, 30) : sentence(rnd);
      }
      into[name] = answer;
      return;
    }
    case "paneldynamic": {
      // Rows as SurveyJS stores them: some never touched (empty, or only the template's defaults,
      // or only blanks and computed values), the others answered.
      const entries: Json[] = [];
      for (let count = rnd.int(0, 3); count > 0; count--) {
        const entry: Json = {};
        const roll = rnd.next();
        const fields = element.templateElements as Json[];
        if (roll < 0.05) {
          // {}
        } else if (roll < 0.12) {
          for (const field of fields) if (field.defaultValue !== undefined) entry[field.name] = field.defaultValue;
        } else if (roll < 0.16) {
          for (const field of fields) entry[field.name] = field.type === "expression" ? 3 : field.type === "checkbox" || field.type === "tagbox" ? [] : " \t ";
        } else {
          for (const field of fields) answerTo(field, rnd, entry);
        }
        entries.push(entry);
      }
      into[name] = entries;
      return;
    }
    case "expression":
      into[name] = rnd.int(0, 9);
      return;
    default:
      into[name] = rnd.chance(0.5) ? "data:image/png;base64,AAAA" : "";
  }
}

interface Seeded {
  surveyId: string;
  definition: Json;
  responses: ReferenceResponse[];
  counts: { invited: number; sent: number; failed: number; opened: number; draft: number; submitted: number };
}

describeEachDatabase("results aggregated in SQL, checked against a TypeScript reference", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let organisationId: string;
  let userId: string;
  let definition: Json;
  let directory: ReferenceDirectory;
  /** Directory entries as recipients, by entry id. */
  const recipients = new Map<string, ReferenceRecipient>();
  let main: Seeded;

  async function createSurvey(surveyDefinition: Json, title = "Bestandsaufnahme"): Promise<string> {
    const survey = await testApp.database.db
      .insertInto("surveys")
      .values({
        organisation_id: organisationId,
        title,
        intro: "",
        status: "open",
        structure: JSON.stringify({ pages: [] }),
        definition: JSON.stringify(surveyDefinition),
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return survey.id;
  }

  /** Invitations (some to directory entries) and responses (submitted and drafts) with generated answers. */
  async function seedResponses(
    surveyId: string,
    surveyDefinition: Json,
    options: { seed: number; invited: number; submitted: number; drafts: number; answers?: (index: number, rnd: Random) => Json },
  ): Promise<Seeded> {
    const { db } = testApp.database;
    const rnd = random(options.seed);
    const entryIds = [...recipients.keys()];
    const invitations = options.invited === 0 ? [] : await db
      .insertInto("invitations")
      .values(
        Array.from({ length: options.invited }, (_, index) => ({
          organisation_id: organisationId,
          survey_id: surveyId,
          email: `empfaenger${index}@beispiel.de`,
          name: "",
          mail_status: index % 17 === 0 ? ("failed" as const) : ("sent" as const),
          opened_at: index < options.submitted + options.drafts + 3 ? new Date("2026-03-01T10:00:00Z") : null,
          directory_entry_id: rnd.chance(0.1) ? null : rnd.pick(entryIds),
        })),
      )
      .returning(["id", "directory_entry_id"])
      .execute();
    const elements = elementsOf(surveyDefinition);
    // Submission times in an order unrelated to the insertion order.
    const order = Array.from({ length: options.submitted }, (_, index) => index).sort(() => rnd.next() - 0.5);
    const rows = invitations.slice(0, options.submitted + options.drafts).map((invitation, index) => {
      let answers: Json = {};
      if (options.answers) answers = options.answers(index, rnd);
      else for (const element of elements) answerTo(element, rnd, answers);
      answers = JSON.parse(JSON.stringify(answers)); // as stored: -0 becomes 0, undefined disappears
      const submitted = index < options.submitted;
      return {
        invitation,
        answers,
        status: submitted ? ("submitted" as const) : ("draft" as const),
        submittedAt: submitted ? new Date(Date.UTC(2026, 2, 2) + order[index]! * 60_000) : null,
      };
    });
    const inserted = rows.length
      ? await db
          .insertInto("responses")
          .values(
            rows.map((row) => ({
              organisation_id: organisationId,
              survey_id: surveyId,
              invitation_id: row.invitation.id,
              answers: JSON.stringify(row.answers),
              status: row.status,
              submitted_at: row.submittedAt,
            })),
          )
          .returning(["id", "invitation_id"])
          .execute()
      : [];
    const idOf = new Map(inserted.map((row) => [row.invitation_id, row.id]));
    return {
      surveyId,
      definition: surveyDefinition,
      responses: rows.map((row) => ({
        id: idOf.get(row.invitation.id)!,
        status: row.status,
        submittedAt: row.submittedAt,
        answers: row.answers,
        recipient: row.invitation.directory_entry_id ? recipients.get(row.invitation.directory_entry_id)! : null,
      })),
      counts: {
        invited: options.invited,
        sent: invitations.filter((_, index) => index % 17 !== 0).length,
        failed: invitations.filter((_, index) => index % 17 === 0).length,
        opened: Math.min(options.invited, options.submitted + options.drafts + 3),
        draft: options.drafts,
        submitted: options.submitted,
      },
    };
  }

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    organisationId = planner.organisationId;
    const { db } = testApp.database;
    userId = (await db.selectFrom("users").select("id").where("organisation_id", "=", organisationId).executeTakeFirstOrThrow()).id;

    const items = await db.selectFrom("canon_items").selectAll().where("item_id", "in", CANON_ITEMS).where("organisation_id", "is", null).execute();
    expect(items.map((item) => item.item_id).sort()).toEqual([...CANON_ITEMS].sort());
    const texts = { title: "Bestandsaufnahme", intro: "", closingText: "", titleEn: "", introEn: "", closingTextEn: "" };
    const built = buildSurveyDefinition(
      texts,
      { pages: [{ id: "p1", title: null, elements: CANON_ITEMS.map((itemId) => ({ itemId, version: 1, required: false })) }] },
      (itemId) => items.find((item) => item.item_id === itemId)!,
    );
    definition = { ...built, pages: [...(built.pages as Json[]), { name: "p2", elements: [{ type: "panel", name: "extra", elements: EXTRA_ELEMENTS }] }] };

    // The directory: districts, institutions and networks, memberships.
    const rnd = random(7);
    const districts = await db
      .insertInto("districts")
      .values([
        { organisation_id: organisationId, name: "Nord", position: 0 },
        { organisation_id: organisationId, name: "Süd", position: 1 },
        { organisation_id: organisationId, name: "Ost", position: 2 },
      ])
      .returning(["id", "name"])
      .execute();
    const entry = (entryKind: "institution" | "network", name: string, type: string) => ({
      organisation_id: organisationId,
      kind: entryKind,
      name,
      type,
      district_id: rnd.chance(0.12) ? null : rnd.pick(districts).id,
      life_phases: JSON.stringify(rnd.subset(LIFE_PHASES, 0.4)),
      fields_of_action: JSON.stringify(rnd.subset(FIELDS_OF_ACTION, 0.3)),
      emails: JSON.stringify([`${name.toLowerCase().replace(/\W+/g, "-")}@beispiel.de`]),
    });
    const networks = await db
      .insertInto("directory_entries")
      .values([entry("network", "STK Nord", "Stadtteilkonferenz"), entry("network", "AK Jugend", "Arbeitskreis"), entry("network", "Frühe Hilfen", "Netzwerk Frühe Hilfen")])
      .returning(["id", "name", "kind", "type", "district_id", "life_phases", "fields_of_action"])
      .execute();
    const institutions = await db
      .insertInto("directory_entries")
      .values(Array.from({ length: 30 }, (_, index) => entry("institution", `Einrichtung ${index}`, rnd.pick(["Kita", "Schule", "Beratungsstelle", "Familienzentrum", ""]))))
      .returning(["id", "name", "kind", "type", "district_id", "life_phases", "fields_of_action"])
      .execute();
    const memberships = institutions.flatMap((institution) => rnd.subset(networks, 0.35).map((network) => ({ network_id: network.id, member_id: institution.id, organisation_id: organisationId })));
    await db.insertInto("network_members").values(memberships).execute();
    for (const row of [...networks, ...institutions]) {
      recipients.set(row.id, {
        entryId: row.id,
        kind: row.kind,
        type: row.type,
        districtId: row.district_id,
        lifePhases: row.life_phases,
        fieldsOfAction: row.fields_of_action,
        networkIds: memberships.filter((membership) => membership.member_id === row.id).map((membership) => membership.network_id),
      });
    }
    directory = {
      districts: districts.map(({ id, name }) => ({ id, name })),
      networks: [...networks].sort((a, b) => (a.name < b.name ? -1 : 1)).map(({ id, name }) => ({ id, name })),
    };

    main = await seedResponses(await createSurvey(definition), definition, { seed: 42, invited: 180, submitted: 140, drafts: 20 });
  });
  afterAll(() => testApp.close());

  /** The API's results compared with the reference, question by question (readable failures). */
  function expectLikeReference(actual: Json, expected: ReturnType<typeof referenceResults>) {
    expect(actual.respondents).toBe(expected.respondents);
    expect(rounded(actual.groups)).toEqual(rounded(expected.groups));
    expect(actual.questions.map((question: Json) => question.name)).toEqual(expected.questions.map((question) => question.name));
    expected.questions.forEach((question, index) => {
      expect(rounded(actual.questions[index]), question.name).toEqual(rounded(question));
    });
  }

  async function query(seeded: Seeded, request: ReferenceRequest) {
    const actual = await planner.json("POST", `/api/surveys/${seeded.surveyId}/results/query`, request);
    expectLikeReference(actual, referenceResults(seeded.definition, seeded.responses, directory, request));
    return actual;
  }

  describe("every kind of question", () => {
    it("aggregates the submitted responses exactly like the reference (GET, unfiltered)", async () => {
      const actual = await planner.json("GET", `/api/surveys/${main.surveyId}/results`);
      expect(actual.counts).toEqual(main.counts);
      const expected = referenceResults(definition, main.responses, directory);
      expectLikeReference(actual, expected);
      // Every kind is covered by the generated data, with real figures.
      const kinds = new Set(actual.questions.map((question: Json) => question.kind));
      expect([...kinds].sort()).toEqual(["choice", "matrix", "multiple", "multipletext", "numeric", "other", "paneldynamic", "text"]);
      for (const question of actual.questions) expect(question.n, question.name).toBeGreaterThan(0);
    });

    it("counts only submitted responses, never drafts", async () => {
      const actual = await planner.json("GET", `/api/surveys/${main.surveyId}/results`);
      const submitted = main.responses.filter((response) => response.status === "submitted");
      expect(actual.respondents).toBe(submitted.length);
      const sphere = actual.questions.find((question: Json) => question.name === "network.sphere");
      const answered = submitted.filter((response) => typeof response.answers["network.sphere"] === "string" && response.answers["network.sphere"] !== "");
      expect(sphere.n).toBe(answered.length);
      expect(sphere.answered).toBe(sphere.n);
    });

    it("shows the details planners rely on: unknown values, other texts, the row nobody answered, means, years", async () => {
      const actual = await planner.json("GET", `/api/surveys/${main.surveyId}/results`);
      const byName = Object.fromEntries(actual.questions.map((question: Json) => [question.name, question]));

      const type = byName["actor.institution_type"];
      expect(type.options.at(-1)).toMatchObject({ value: "altwert", label: { de: "altwert", en: "altwert" } });
      expect(type.other.count).toBeGreaterThan(0);
      expect(type.other.texts.every((text: string) => text.startsWith("Sonst: "))).toBe(true); // "stray text" without "other" is left out
      const withOther = main.responses.filter((response) => response.status === "submitted" && response.answers["actor.institution_type"] === "other");
      expect(type.other.total).toBe(withOther.length);

      const matrix = byName["actor.context_conditions"];
      const lastRow = matrix.rows.at(-1);
      expect(lastRow.n).toBe(0);
      expect(lastRow.mean).toBeNull();
      expect(lastRow.distribution.every((cell: Json) => cell.count === 0)).toBe(true);
      expect(matrix.meanOf).toBe("position");
      expect(matrix.rows[0].mean).toBeGreaterThanOrEqual(1);
      expect(byName["custom.scores"].meanOf).toBe("value");

      expect(byName["network.perception"].mean).toBeGreaterThan(1);
      expect(byName["network.has_focus"].mean).toBeUndefined();

      const year = byName["network.founding_year"];
      expect(year.scale).toBe("year");
      expect(year.histogram.every((bin: Json) => Number.isInteger(bin.from) && (bin.to - bin.from) % 5 === 0)).toBe(true);
      expect(year.histogram.reduce((sum: number, bin: Json) => sum + bin.count, 0)).toBe(year.n);

      const fte = byName["network.coordination_fte"];
      expect(fte.histogram).toHaveLength(10);
      expect(fte.histogram[0].from).toBe(fte.min);
      expect(fte.histogram.at(-1).to).toBe(fte.max);

      const offers = byName["actor.offers"];
      expect(offers.entries).toBeGreaterThan(offers.n);
      const offerType = offers.fields.find((field: Json) => field.name === "offer_type");
      expect(offerType.n).toBeLessThanOrEqual(offers.entries);
      expect(offerType.other.texts.length).toBeGreaterThan(0);

      expect(byName["custom.signature"].kind).toBe("other");
    });

    it("lists texts newest first, searchable and capped", async () => {
      for (const request of [{ q: "räume", textLimit: 5 }, { q: "KITA" }, { q: "gibt es nicht" }, { textLimit: 0 }]) {
        await query(main, request);
      }
      const capped = await planner.json("GET", `/api/surveys/${main.surveyId}/results?q=Eltern&textLimit=3`);
      const comment = capped.questions.find((question: Json) => question.name === "network.success_factors");
      expect(comment.texts).toHaveLength(3);
      expect(comment.total).toBeGreaterThan(3);
      expect(comment.texts.every((text: string) => text.includes("Eltern"))).toBe(true);
      expectLikeReference(capped, referenceResults(definition, main.responses, directory, { q: "Eltern", textLimit: 3 }));
    });

    it("returns only the questions asked for", async () => {
      const actual = await query(main, { questions: ["actor.offers", "network.sphere"] });
      expect(actual.questions.map((question: Json) => question.name)).toEqual(["network.sphere", "actor.offers"]);
    });
  });

  describe("filters", () => {
    it("by district", async () => {
      const actual = await query(main, { filter: { recipients: { districtIds: [directory.districts[0]!.id] } } });
      expect(actual.respondents).toBeGreaterThan(0);
      expect(actual.respondents).toBeLessThan(140);
    });

    it("by life phase, field of action, kind and provider type", async () => {
      await query(main, { filter: { recipients: { lifePhases: ["early_childhood", "youth"] } } });
      await query(main, { filter: { recipients: { fieldsOfAction: ["health"] } } });
      await query(main, { filter: { recipients: { kind: "network" } } });
      await query(main, { filter: { recipients: { kind: "institution", types: ["kita", "Schule"] } } });
    });

    it("by network membership", async () => {
      const actual = await query(main, { filter: { recipients: { memberOfNetworkIds: [directory.networks[0]!.id] } } });
      expect(actual.respondents).toBeGreaterThan(0);
    });

    it("by the answer to another question (single, multiple, boolean, number)", async () => {
      await query(main, { filter: { answer: { question: "network.sphere", values: ["stadtteil", "quartier"] } } });
      await query(main, { filter: { answer: { question: "network.focus_life_phases", values: ["school"] } } });
      await query(main, { filter: { answer: { question: "network.has_focus", values: [true] } } });
      await query(main, { filter: { answer: { question: "network.perception", values: [4, 5] } } });
    });

    it("combined, and an empty recipient filter restricts nothing", async () => {
      await query(main, {
        filter: { recipients: { districtIds: directory.districts.slice(0, 2).map((district) => district.id), lifePhases: ["school"] }, answer: { question: "network.has_focus", values: [true] } },
      });
      const unfiltered = await query(main, { filter: { recipients: {} } });
      expect(unfiltered.respondents).toBe(140);
    });

    it("matching nobody: zeros everywhere", async () => {
      const actual = await query(main, { filter: { recipients: { districtIds: ["00000000-0000-4000-8000-000000000000"] } } });
      expect(actual.respondents).toBe(0);
      expect(actual.questions.every((question: Json) => question.n === 0)).toBe(true);
    });
  });

  describe("groups", () => {
    for (const recipient of ["district", "kind", "type", "lifePhase", "fieldOfAction", "network"]) {
      it(`by the recipient's ${recipient}`, async () => {
        const actual = await query(main, { groupBy: { recipient } });
        expect(actual.groups.length).toBeGreaterThan(1);
        for (const question of actual.questions) expect(question.groups).toHaveLength(actual.groups.length);
      });
    }

    it("by the answer to a choice question, with a filter and a search", async () => {
      await query(main, { groupBy: { question: "network.sphere" } });
      await query(main, { groupBy: { question: "actor.staff_languages" }, filter: { recipients: { kind: "institution" } }, q: "kita" });
    });

    it("district × life phase of the offers: a panel field per district", async () => {
      const actual = await query(main, { groupBy: { recipient: "district" }, questions: ["actor.offers"] });
      const offers = actual.questions[0];
      const lifePhases = (body: Json) => body.fields.find((field: Json) => field.name === "life_phases");
      // Every respondent is in exactly one district group, so the groups add up to the whole.
      const countOf = (body: Json, value: string) => lifePhases(body).options.find((option: Json) => option.value === value)?.count ?? 0;
      for (const option of lifePhases(offers).options) {
        const sum = offers.groups.reduce((total: number, group: Json) => total + countOf(group, option.value), 0);
        expect(sum, option.value).toBe(option.count);
      }
      expect(offers.groups.reduce((total: number, group: Json) => total + group.entries, 0)).toBe(offers.entries);
    });
  });

  describe("cross-tables", () => {
    const cases: [string, string, ReferenceRequest["filter"]?][] = [
      ["network.sphere", "network.has_focus"],
      ["actor.institution_type", "network.focus_life_phases"],
      ["actor.barriers", "actor.staff_languages", { recipients: { districtIds: [] } }],
      ["network.perception", "network.sphere", { answer: { question: "network.has_focus", values: [false] } }],
    ];
    for (const [rows, columns, filter] of cases) {
      it(`${rows} × ${columns}${filter ? " (filtered)" : ""}`, async () => {
        const actual = await planner.json("POST", `/api/surveys/${main.surveyId}/results/crosstab`, { rows, columns, ...(filter ? { filter } : {}) });
        expect(rounded(actual)).toEqual(rounded(referenceCrossTable(definition, main.responses, rows, columns, filter)));
        expect(actual.n).toBeGreaterThan(0);
      });
    }

    it("with a district filter", async () => {
      const filter = { recipients: { districtIds: [directory.districts[1]!.id] } };
      const actual = await planner.json("POST", `/api/surveys/${main.surveyId}/results/crosstab`, { rows: "network.sphere", columns: "actor.staff_languages", filter });
      expect(actual).toEqual(referenceCrossTable(definition, main.responses, "network.sphere", "actor.staff_languages", filter));
    });
  });

  describe("edge cases", () => {
    it("a survey without responses, and one with only drafts", async () => {
      const empty = await seedResponses(await createSurvey(definition, "Leer"), definition, { seed: 1, invited: 5, submitted: 0, drafts: 0 });
      const drafts = await seedResponses(await createSurvey(definition, "Entwürfe"), definition, { seed: 2, invited: 6, submitted: 0, drafts: 4 });
      for (const seeded of [empty, drafts]) {
        const actual = await planner.json("GET", `/api/surveys/${seeded.surveyId}/results`);
        expect(actual.counts).toEqual(seeded.counts);
        expect(actual.respondents).toBe(0);
        expectLikeReference(actual, referenceResults(definition, seeded.responses, directory));
        const year = actual.questions.find((question: Json) => question.name === "network.founding_year");
        expect(year).toMatchObject({ n: 0, mean: null, median: null, histogram: [], options: [] });
        await query(seeded, { groupBy: { recipient: "district" } });
        const table = await planner.json("POST", `/api/surveys/${seeded.surveyId}/results/crosstab`, { rows: "network.sphere", columns: "network.has_focus" });
        expect(table.n).toBe(0);
        expect(table.cells.flat().every((cell: number) => cell === 0)).toBe(true);
      }
    });

    it("a list counts only entries with content: 5 offers from 4 institutions, not 7 rows from 6", async () => {
      const offersList = (definition.pages as Json[]).flatMap((page) => page.elements as Json[]).find((element) => element.name === "actor.offers")!;
      const listDefinition = { pages: [{ elements: [offersList] }] };
      const rows: Json[][] = [
        [{ offer_name: "Elterncafé", life_phases: ["early_childhood"] }], // one offer
        [{ offer_name: "Hausaufgabenhilfe" }, { offer_type: "beratung" }], // two offers (one only typed)
        [{ life_phases: ["youth"], target_groups: [] }], // one offer (only its life phase)
        [{ offer_name: "  ", life_phases: [], target_groups: [] }], // blanks only: no offer
        [{}], // the list left as SurveyJS starts it: one untouched row
        [{ "offer_type-Comment": "Lesepatenschaft", offer_type: "other" }], // one offer via "other"
      ];
      const seeded = await seedResponses(await createSurvey(listDefinition, "Angebote"), listDefinition, {
        seed: 5,
        invited: rows.length,
        submitted: rows.length,
        drafts: 0,
        answers: (index) => ({ "actor.offers": rows[index] }),
      });
      const actual = await planner.json("GET", `/api/surveys/${seeded.surveyId}/results`);
      const offers = actual.questions[0];
      expect(offers).toMatchObject({ name: "actor.offers", n: 4, entries: 5 });
      const phases = offers.fields.find((field: Json) => field.name === "life_phases");
      expect(phases.n).toBe(2); // the blank row's [] is not an answer, nor in the base
      const name = offers.fields.find((field: Json) => field.name === "offer_name");
      expect(name.n).toBe(2);
      expectLikeReference(actual, referenceResults(listDefinition, seeded.responses, directory));

      // Rows holding only the template's untouched defaults do not count either.
      const rooms = await planner.json("GET", `/api/surveys/${main.surveyId}/results`);
      const roomList = rooms.questions.find((question: Json) => question.name === "custom.rooms");
      const submitted = main.responses.filter((response) => response.status === "submitted");
      const stored = submitted.flatMap((response) => (Array.isArray(response.answers["custom.rooms"]) ? response.answers["custom.rooms"] : []));
      const untouched = stored.filter((entry: Json) => Object.keys(entry).length > 0 && JSON.stringify(entry) === JSON.stringify({ accessible: true, equipment: ["beamer"] }));
      expect(untouched.length).toBeGreaterThan(0);
      expect(roomList.entries).toBeLessThan(stored.length - untouched.length);
    });

    it("a survey that was never opened has no questions", async () => {
      const { id } = await planner.json("POST", "/api/surveys", { title: "Entwurf" }, 201);
      const actual = await planner.json("GET", `/api/surveys/${id}/results`);
      expect(actual).toMatchObject({ respondents: 0, questions: [] });
    });

    it("numbers of every shape (property: SQL = reference on random data)", async () => {
      const numbersDefinition = {
        pages: [
          {
            elements: [
              { type: "text", inputType: "number", name: "amount" },
              { type: "text", inputType: "number", name: "since_year", min: 1900 },
              { type: "checkbox", name: "pick", choices: ["a", "b", "c"], showOtherItem: true },
              { type: "matrix", name: "grid", columns: ["x", "y"], rows: ["r1", "r2"] },
            ],
          },
        ],
      };
      const answer = fc.record(
        {
          amount: fc.oneof(
            fc.integer({ min: -50, max: 50 }),
            fc.integer({ min: -2_000_000, max: 2_000_000 }),
            fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).map((value) => Math.round(value * 8) / 8),
            fc.constantFrom("12", "-3.5", "x", "", null),
          ),
          since_year: fc.integer({ min: 1800, max: 2030 }),
          pick: fc.subarray(["a", "b", "c", "other", "zzz"]),
          "pick-Comment": fc.constantFrom("Anders", "", "  "),
          grid: fc.dictionary(fc.constantFrom("r1", "r2", "r3"), fc.constantFrom("x", "y", "z", "", 1)),
        },
        { requiredKeys: [] },
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(answer, { maxLength: 12 }), async (answers) => {
          const seeded = await seedResponses(await createSurvey(numbersDefinition, `Zahlen ${++run}`), numbersDefinition, {
            seed: run,
            invited: answers.length,
            submitted: answers.length,
            drafts: 0,
            answers: (index) => answers[index]!,
          });
          const actual = await planner.json("GET", `/api/surveys/${seeded.surveyId}/results`);
          expect(rounded(actual.questions)).toEqual(rounded(referenceResults(numbersDefinition, seeded.responses, directory).questions));
        }),
        { numRuns: 15, seed: 20260301 },
      );
    });
  });

  describe("bad input", () => {
    const bad: [string, Json, string][] = [
      ["an unknown question in the answer filter", { filter: { answer: { question: "nope", values: ["a"] } } }, "unknown_question"],
      ["filtering by a text question", { filter: { answer: { question: "network.success_factors", values: ["a"] } } }, "question_not_filterable"],
      ["grouping by an unknown question", { groupBy: { question: "nope" } }, "unknown_question"],
      ["grouping by a number question", { groupBy: { question: "actor.capacity" } }, "question_not_groupable"],
      ["grouping by an unknown attribute", { groupBy: { recipient: "age" } }, "invalid_request"],
      ["grouping by two things", { groupBy: { recipient: "district", question: "network.sphere" } }, "invalid_request"],
      ["values that are not a list", { filter: { answer: { question: "network.sphere", values: "stadtteil" } } }, "invalid_request"],
      ["no values", { filter: { answer: { question: "network.sphere", values: [] } } }, "invalid_request"],
      ["a district id that is not one", { filter: { recipients: { districtIds: ["Nord"] } } }, "invalid_request"],
      ["an unknown question in the list", { questions: ["network.sphere", "nope"] }, "unknown_question"],
      ["too many texts", { textLimit: 5000 }, "invalid_request"],
    ];
    for (const [what, body, code] of bad) {
      it(`query: ${what} → 400 ${code}`, async () => {
        const response = await planner.request("POST", `/api/surveys/${main.surveyId}/results/query`, body);
        expect(response.status).toBe(400);
        expect(((await response.json()) as Json).error.code).toBe(code);
      });
    }

    const badTables: [string, Json, string][] = [
      ["a number question", { rows: "actor.capacity", columns: "network.sphere" }, "question_not_choice"],
      ["a matrix", { rows: "network.sphere", columns: "actor.context_conditions" }, "question_not_choice"],
      ["an unknown question", { rows: "network.sphere", columns: "nope" }, "unknown_question"],
      ["a missing axis", { rows: "network.sphere" }, "invalid_request"],
      ["a bad filter", { rows: "network.sphere", columns: "network.has_focus", filter: { answer: { question: "nope", values: [1] } } }, "unknown_question"],
    ];
    for (const [what, body, code] of badTables) {
      it(`crosstab: ${what} → 400 ${code}`, async () => {
        const response = await planner.request("POST", `/api/surveys/${main.surveyId}/results/crosstab`, body);
        expect(response.status).toBe(400);
        expect(((await response.json()) as Json).error.code).toBe(code);
      });
    }

    it("a malformed survey id → 400, a missing one → 404", async () => {
      expect((await planner.request("GET", "/api/surveys/kein-uuid/results")).status).toBe(400);
      expect((await planner.request("POST", "/api/surveys/00000000-0000-4000-8000-000000000000/results/query", {})).status).toBe(404);
    });
  });

  describe("tenant isolation", () => {
    it("another organisation gets 404 on every results route, whatever the body", async () => {
      const { planner: intruder } = await addOrganisation(testApp, `Stadt Dortmund ${kind}`);
      const base = `/api/surveys/${main.surveyId}/results`;
      const attempts: [string, string, unknown][] = [
        ["GET", base, undefined],
        ["GET", `${base}?q=Kita`, undefined],
        ["POST", `${base}/query`, {}],
        ["POST", `${base}/query`, { groupBy: { recipient: "district" } }],
        ["POST", `${base}/query`, { groupBy: { question: "nope" } }],
        ["POST", `${base}/crosstab`, { rows: "network.sphere", columns: "network.has_focus" }],
        ["POST", `${base}/crosstab`, {}],
      ];
      for (const [method, path, body] of attempts) {
        const response = await intruder.request(method, path, body);
        expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(404);
      }
    });
  });
});
