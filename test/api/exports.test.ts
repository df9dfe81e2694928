import ExcelJS from "exceljs";
import { sql } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvRowCounter } from "../../client/src/results/export-panel.tsx";
import type { PrivacyMode } from "../../server/db/schema.ts";
import { exportLayout, uniqueHeaders } from "../../server/exports/export-columns.ts";
import { exportFileName, fileSlug } from "../../server/exports/export-files.ts";
import { berlinTime } from "../../server/exports/response-table.ts";
import { sheetName, xlsxCell } from "../../server/exports/xlsx-stream.ts";
import { csvCell, csvLine } from "../../server/lib/csv.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { addOrganisation, createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Exports of responses (CSV and XLSX, labels or codes, streamed) and of the aggregated tables:
 * every column kind read back, the privacy modes, formula injection, drafts, tenant isolation,
 * bad queries, and a large export that arrives in several chunks.
 */

const t = (de: string, en: string) => ({ de, en });

/** A survey with every kind of column an export writes. */
const DEFINITION = {
  title: t("Bestandsaufnahme Nord", "Stocktaking North"),
  pages: [
    {
      name: "page-1",
      elements: [
        {
          type: "radiogroup",
          name: "sphere",
          title: t("Wirkungskreis", "Sphere"),
          choices: [
            { value: "district", text: t("Stadtteil", "District") },
            { value: "city", text: t("Gesamtstadt", "Whole city") },
          ],
          showOtherItem: true,
          otherText: t("Anderes", "Something else"),
        },
        { type: "text", name: "sphere_note", title: t("Wirkungskreis", "Sphere note") },
        {
          type: "checkbox",
          name: "barriers",
          title: t("Hürden", "Barriers"),
          choices: [
            { value: "time", text: t("Zeit", "Time") },
            { value: "money", text: t("Geld", "Money") },
            { value: "rooms", text: t("Räume", "Rooms") },
          ],
          showOtherItem: true,
          showNoneItem: true,
          // The questionnaire's own "none" text; "other" without one (SurveyJS's own words then).
          noneText: t("Nichts davon", "None of these"),
        },
        { type: "boolean", name: "has_focus", title: t("Schwerpunkt?", "Focus?") },
        {
          type: "boolean",
          name: "volunteers",
          title: t("Ehrenamt", "Volunteers"),
          labelTrue: t("Mit Ehrenamt", "With volunteers"),
          labelFalse: t("Ohne Ehrenamt", "Without volunteers"),
        },
        {
          type: "rating",
          name: "benefit",
          title: t("Nutzen", "Benefit"),
          rateValues: [
            { value: 1, text: t("gering", "low") },
            { value: 2, text: t("mittel", "medium") },
            { value: 3, text: t("hoch", "high") },
          ],
        },
        { type: "rating", name: "mood", title: t("Stimmung", "Mood") },
        {
          type: "dropdown",
          name: "institution_type",
          title: t("Art der Einrichtung", "Type of institution"),
          choices: [
            { value: "kita", text: t("Kindertageseinrichtung", "Day-care centre") },
            { value: "school", text: t("Schule", "School") },
          ],
        },
        {
          type: "panel",
          name: "details",
          elements: [
            { type: "text", name: "staff", inputType: "number", title: t("Fachkräfte", "Professionals") },
            { type: "comment", name: "remarks", title: t("Bemerkungen", "Remarks") },
          ],
        },
        {
          type: "matrix",
          name: "conditions",
          title: t("Rahmenbedingungen", "Conditions"),
          columns: [
            { value: 1, text: t("schlecht", "poor") },
            { value: 2, text: t("mittel", "fair") },
            { value: 3, text: t("gut", "good") },
          ],
          rows: [
            { value: "rooms", text: t("Räume", "Rooms") },
            { value: "staff", text: t("Personal", "Staff") },
          ],
        },
        {
          type: "multipletext",
          name: "staff_count",
          title: t("Personal", "Staff"),
          items: [
            { name: "full_time", title: t("Vollzeit", "Full time"), inputType: "number" },
            { name: "part_time", title: t("Teilzeit", "Part time"), inputType: "number" },
          ],
        },
        { type: "html", name: "note", html: t("<p>Danke</p>", "<p>Thanks</p>") },
        {
          type: "paneldynamic",
          name: "actor.offers",
          canonId: "actor.offers",
          canonVersion: 1,
          title: t("Bitte beschreiben Sie Ihre Angebote.", "Please describe your offers."),
          templateElements: [
            { type: "text", name: "offer_name", title: t("Name des Angebots", "Name of the offer") },
            {
              type: "dropdown",
              name: "offer_type",
              title: t("Art des Angebots", "Type of offer"),
              choices: [
                { value: "beratung", text: t("Beratung", "Counselling") },
                { value: "kurs", text: t("Kurs", "Course") },
              ],
              showOtherItem: true,
              otherText: t("Sonstiges", "Other"),
            },
            {
              type: "checkbox",
              name: "life_phases",
              title: t("Lebensphasen", "Life phases"),
              choices: [
                { value: "early_childhood", text: t("Kita", "Early childhood") },
                { value: "school", text: t("Schule", "School") },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const HYPERLINK = '=HYPERLINK("http://evil.example","klick")';

const ANSWERS = {
  /** Kita Nord (an institution in the directory), submitted first. */
  kita: {
    sphere: "other",
    "sphere-Comment": "Quartier Ost",
    sphere_note: "Nur im Norden",
    barriers: ["time", "other"],
    "barriers-Comment": "Fehlende Busse",
    has_focus: true,
    volunteers: false,
    benefit: 3,
    mood: 4,
    institution_type: "kita",
    staff: 12.5,
    remarks: 'Sagt "Hallo";\nTschüss',
    conditions: { rooms: 1, staff: 3 },
    staff_count: { full_time: 4, part_time: 2 },
    // Between the offers, rows SurveyJS stores for panels nobody filled in: no rows of the export.
    "actor.offers": [
      { offer_name: "Elterncafé", offer_type: "beratung", life_phases: ["early_childhood", "school"] },
      {},
      { offer_name: "  ", life_phases: [] },
      { offer_name: "Sprachkurs", offer_type: "other", "offer_type-Comment": "Sprachförderung" },
    ],
  },
  /** The network STK Nord, with formula payloads everywhere a respondent can type. */
  network: {
    sphere: "district",
    sphere_note: "+1",
    barriers: ["money"],
    "barriers-Comment": "@SUM(1+1)",
    has_focus: false,
    volunteers: true,
    benefit: 1,
    institution_type: "school",
    staff: -2,
    remarks: HYPERLINK,
    conditions: { rooms: 2 },
    "actor.offers": [{}, { offer_name: "-2", offer_type: "kurs" }],
  },
  /** A draft by someone invited by hand. */
  draft: { sphere: "city", remarks: "Noch nicht fertig" },
  /** Submitted by someone invited by hand; a code the definition does not list. */
  byHand: { sphere: "legacy", barriers: ["none"], mood: 2, "actor.offers": [{}] },
};

/** The body as text, keeping the byte order mark (Response.text() drops it). */
async function textOf(response: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

function parseCsv(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ";", newline: "\r\n", skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** The rows of a CSV table as objects by header. */
function records(table: string[][]): Record<string, string>[] {
  const [header, ...rows] = table;
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index] ?? ""])));
}

async function readXlsx(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}

const LABEL_HEADERS_DE = [
  "Nr.",
  "Status",
  "Abgeschickt am",
  "E-Mail",
  "Einrichtung/Netzwerk",
  "Art",
  "Typ",
  "Sozialraum",
  "Lebensphasen",
  "Handlungsfelder",
  "Mitglied in",
  "Wirkungskreis",
  "Wirkungskreis (Sonstiges)",
  "Wirkungskreis (2)",
  "Hürden",
  "Hürden (Sonstiges)",
  "Schwerpunkt?",
  "Ehrenamt",
  "Nutzen",
  "Stimmung",
  "Art der Einrichtung",
  "Fachkräfte",
  "Bemerkungen",
  "Rahmenbedingungen – Räume",
  "Rahmenbedingungen – Personal",
  "Personal – Vollzeit",
  "Personal – Teilzeit",
];

describeEachDatabase("exports of responses", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let intruder: PlannerClient;
  let userId: string;
  const surveys: Record<PrivacyMode, string> = { identified: "", pseudonymous: "", anonymous: "" };
  const directory = { district: "", network: "" };

  const db = () => testApp.database.db;

  async function insertSurvey(privacyMode: PrivacyMode, title: string, definition: Record<string, unknown> = DEFINITION) {
    const survey = await db()
      .insertInto("surveys")
      .values({
        organisation_id: planner.organisationId,
        title,
        intro: "",
        status: "open",
        structure: JSON.stringify({ pages: [] }),
        definition: JSON.stringify(definition),
        created_by: userId,
        privacy_mode: privacyMode,
        opened_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return survey.id;
  }

  async function insertResponse(
    surveyId: string,
    options: { invitationId: string | null; answers: Record<string, unknown>; status: "draft" | "submitted"; createdAt: string; submittedAt: string | null },
  ) {
    await db()
      .insertInto("responses")
      .values({
        organisation_id: planner.organisationId,
        survey_id: surveyId,
        invitation_id: options.invitationId,
        answers: JSON.stringify(options.answers),
        status: options.status,
        created_at: new Date(options.createdAt),
        submitted_at: options.submittedAt ? new Date(options.submittedAt) : null,
      })
      .execute();
    await releaseSeededAnswers(db());
  }

  async function invite(surveyId: string, email: string, name: string, directoryEntryId: string | null) {
    const invitation = await db()
      .insertInto("invitations")
      .values({ organisation_id: planner.organisationId, survey_id: surveyId, email, name, mail_status: "sent", directory_entry_id: directoryEntryId })
      .returning("id")
      .executeTakeFirstOrThrow();
    return invitation.id;
  }

  /** The four responses of ANSWERS, with recipients unless the survey is anonymous. */
  async function fillSurvey(surveyId: string, anonymous: boolean, entries: { kita: string; network: string }) {
    const invitations = {
      kita: await invite(surveyId, "kita-nord@example.org", "", entries.kita),
      network: await invite(surveyId, "stk-nord@example.org", "", entries.network),
      draft: await invite(surveyId, "muster@example.org", "Frau Muster", null),
      byHand: await invite(surveyId, "hand@example.org", "Herr Hand", null),
    };
    const detached = (id: string) => (anonymous ? null : id);
    await insertResponse(surveyId, { invitationId: detached(invitations.kita), answers: ANSWERS.kita, status: "submitted", createdAt: "2026-01-01T08:00:00Z", submittedAt: "2026-03-01T13:05:00Z" });
    await insertResponse(surveyId, { invitationId: detached(invitations.network), answers: ANSWERS.network, status: "submitted", createdAt: "2026-01-02T08:00:00Z", submittedAt: "2026-07-01T22:30:00Z" });
    await insertResponse(surveyId, { invitationId: invitations.draft, answers: ANSWERS.draft, status: "draft", createdAt: "2026-01-03T08:00:00Z", submittedAt: null });
    await insertResponse(surveyId, { invitationId: detached(invitations.byHand), answers: ANSWERS.byHand, status: "submitted", createdAt: "2026-01-04T08:00:00Z", submittedAt: "2026-07-02T06:00:00Z" });
  }

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));
    userId = (await db().selectFrom("users").select("id").where("organisation_id", "=", planner.organisationId).executeTakeFirstOrThrow()).id;

    const district = await planner.json("POST", "/api/directory/districts", { name: "Nord" }, 201);
    const kita = await planner.json(
      "POST",
      "/api/directory/entries",
      { kind: "institution", name: "Kita Nord", type: "Kita", districtId: district.id, lifePhases: ["early_childhood"], fieldsOfAction: ["health", "youth_welfare"], emails: ["kita-nord@example.org"] },
      201,
    );
    const network = await planner.json(
      "POST",
      "/api/directory/entries",
      { kind: "network", name: "STK Nord", type: "Stadtteilkonferenz", districtId: district.id, emails: ["stk-nord@example.org"], memberIds: [kita.id] },
      201,
    );
    const entries = { kita: kita.id as string, network: network.id as string };
    Object.assign(directory, { district: district.id, network: network.id });
    for (const mode of ["identified", "pseudonymous", "anonymous"] as const) {
      surveys[mode] = await insertSurvey(mode, `Bestandsaufnahme Nord (${mode === "identified" ? "Süd" : mode})`);
      await fillSurvey(surveys[mode], mode === "anonymous", entries);
    }
  });
  afterAll(() => testApp.close());

  const exportPath = (surveyId: string, query = "") => `/api/surveys/${surveyId}/export/responses${query ? `?${query}` : ""}`;

  async function csvOf(surveyId: string, query = "") {
    const response = await planner.request("GET", exportPath(surveyId, query));
    const text = await textOf(response);
    expect(response.status, text.slice(0, 300)).toBe(200);
    return { response, text, table: parseCsv(text) };
  }

  describe("CSV", () => {
    it("has one row per submitted response with the recipient joined and every column kind as labels (German)", async () => {
      const { response, text, table } = await csvOf(surveys.identified);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="bestandsaufnahme-nord-sued-antworten-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''bestandsaufnahme-nord-sued-antworten-/,
      );
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-total-rows")).toBe("3");
      expect(text).toContain("\r\n");
      expect(text.replace(/"[^"]*"/g, "").split("\n").every((line, index, lines) => index === lines.length - 1 || line.endsWith("\r"))).toBe(true);

      expect(table[0]).toEqual(LABEL_HEADERS_DE);
      const [kita, network, byHand, ...rest] = records(table);
      expect(rest).toEqual([]);
      expect(kita).toEqual({
        "Nr.": "1",
        Status: "Abgeschickt",
        "Abgeschickt am": "01.03.2026 14:05",
        "E-Mail": "kita-nord@example.org",
        "Einrichtung/Netzwerk": "Kita Nord",
        Art: "Einrichtung",
        Typ: "Kita",
        Sozialraum: "Nord",
        Lebensphasen: "Rund um die Kita",
        Handlungsfelder: "Gesundheit; Kinder- und Jugendhilfe",
        "Mitglied in": "STK Nord",
        Wirkungskreis: "Anderes",
        "Wirkungskreis (Sonstiges)": "Quartier Ost",
        "Wirkungskreis (2)": "Nur im Norden",
        Hürden: "Zeit; Sonstiges (Bitte angeben)",
        "Hürden (Sonstiges)": "Fehlende Busse",
        "Schwerpunkt?": "Ja",
        Ehrenamt: "Ohne Ehrenamt",
        Nutzen: "hoch",
        Stimmung: "4",
        "Art der Einrichtung": "Kindertageseinrichtung",
        Fachkräfte: "12,5",
        Bemerkungen: 'Sagt "Hallo";\nTschüss',
        "Rahmenbedingungen – Räume": "schlecht",
        "Rahmenbedingungen – Personal": "gut",
        "Personal – Vollzeit": "4",
        "Personal – Teilzeit": "2",
      });
      expect(network).toMatchObject({
        "Nr.": "2",
        "Abgeschickt am": "02.07.2026 00:30",
        "E-Mail": "stk-nord@example.org",
        "Einrichtung/Netzwerk": "STK Nord",
        Art: "Netzwerk",
        Typ: "Stadtteilkonferenz",
        Lebensphasen: "",
        "Mitglied in": "",
        Wirkungskreis: "Stadtteil",
        "Schwerpunkt?": "Nein",
        Ehrenamt: "Mit Ehrenamt",
        Nutzen: "gering",
        Stimmung: "",
        "Rahmenbedingungen – Räume": "mittel",
        "Rahmenbedingungen – Personal": "",
        "Personal – Vollzeit": "",
      });
      expect(byHand).toMatchObject({
        "Nr.": "3",
        "E-Mail": "hand@example.org",
        "Einrichtung/Netzwerk": "Herr Hand",
        Art: "",
        Sozialraum: "",
        Wirkungskreis: "legacy",
        Hürden: "Nichts davon",
        Stimmung: "2",
      });
    });

    it("writes codes with the stored keys as headers and one 0/1 column per multiple-choice option", async () => {
      const { response, table } = await csvOf(surveys.identified, "values=codes");
      expect(response.headers.get("content-disposition")).toContain("bestandsaufnahme-nord-sued-antworten-codes-");
      expect(table[0]).toEqual([
        "response_number",
        "status",
        "submitted_at",
        "email",
        "recipient_name",
        "kind",
        "type",
        "district",
        "life_phases",
        "fields_of_action",
        "member_of",
        "sphere",
        "sphere-Comment",
        "sphere_note",
        "barriers",
        "barriers.time",
        "barriers.money",
        "barriers.rooms",
        "barriers.none",
        "barriers.other",
        "barriers-Comment",
        "has_focus",
        "volunteers",
        "benefit",
        "mood",
        "institution_type",
        "staff",
        "remarks",
        "conditions.rooms",
        "conditions.staff",
        "staff_count.full_time",
        "staff_count.part_time",
      ]);
      const [kita, network, byHand] = records(table);
      expect(kita).toMatchObject({
        status: "submitted",
        kind: "institution",
        life_phases: "early_childhood",
        fields_of_action: "health; youth_welfare",
        sphere: "other",
        "sphere-Comment": "Quartier Ost",
        barriers: "time; other",
        "barriers.time": "1",
        "barriers.money": "0",
        "barriers.other": "1",
        "barriers.none": "0",
        has_focus: "true",
        volunteers: "false",
        benefit: "3",
        institution_type: "kita",
        staff: "12.5",
        "conditions.rooms": "1",
        "conditions.staff": "3",
        "staff_count.full_time": "4",
      });
      expect(network).toMatchObject({ kind: "network", barriers: "money", "barriers.money": "1", "barriers.time": "0", staff: "'-2" });
      expect(byHand).toMatchObject({ sphere: "legacy", barriers: "none", "barriers.none": "1", "barriers.time": "0" });
    });

    it("writes English headers and labels with lang=en", async () => {
      const { table } = await csvOf(surveys.identified, "lang=en");
      expect(table[0]!.slice(0, 14)).toEqual([
        "No.",
        "Status",
        "Submitted at",
        "E-mail",
        "Institution/network",
        "Kind",
        "Type",
        "District",
        "Life phases",
        "Fields of action",
        "Member of",
        "Sphere",
        "Sphere (Other)",
        "Sphere note",
      ]);
      const [kita] = records(table);
      expect(kita).toMatchObject({
        Status: "Submitted",
        Kind: "Institution",
        "Life phases": "Early childhood and day care",
        "Fields of action": "Health; Child and youth welfare",
        Sphere: "Something else",
        Barriers: "Time; Other (describe)",
        "Focus?": "Yes",
        Volunteers: "Without volunteers",
        Benefit: "high",
        Professionals: "12.5",
        "Conditions – Rooms": "poor",
        "Staff – Full time": "4",
      });
    });

    it("leaves drafts out unless status=all", async () => {
      expect(records((await csvOf(surveys.identified)).table).map((row) => row.Status)).toEqual(["Abgeschickt", "Abgeschickt", "Abgeschickt"]);
      const { response, table } = await csvOf(surveys.identified, "status=all");
      expect(response.headers.get("x-total-rows")).toBe("4");
      const rows = records(table);
      expect(rows.map((row) => [row["Nr."], row.Status, row["E-Mail"]])).toEqual([
        ["1", "Abgeschickt", "kita-nord@example.org"],
        ["2", "Abgeschickt", "stk-nord@example.org"],
        ["3", "Entwurf", "muster@example.org"],
        ["4", "Abgeschickt", "hand@example.org"],
      ]);
      expect(rows[2]).toMatchObject({ "Abgeschickt am": "", Wirkungskreis: "Gesamtstadt", Bemerkungen: "Noch nicht fertig" });
    });

    it("neutralises cells that would start a formula (= + - @) and quotes separators", async () => {
      const { text, table } = await csvOf(surveys.identified);
      const network = records(table)[1]!;
      expect(network.Bemerkungen).toBe(`'${HYPERLINK}`);
      expect(network["Wirkungskreis (2)"]).toBe("'+1");
      expect(network["Hürden (Sonstiges)"]).toBe("'@SUM(1+1)");
      expect(network.Fachkräfte).toBe("'-2");
      // No cell of the raw file starts with a formula character.
      for (const row of table) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klick"")"`);
      expect(text).toContain('"Sagt ""Hallo"";\nTschüss"');
    });

    it("gives a repeatable list as its own CSV, one row per entry with content keyed by the response number, no blank rows", async () => {
      const response = await planner.request("GET", exportPath(surveys.identified, "part=lists"));
      expect(response.status).toBe(200);
      // Named by what it holds: the list's question, not the canon module it came from.
      expect(response.headers.get("content-disposition")).toContain("bestandsaufnahme-nord-sued-liste-bitte-beschreiben-sie-ihre-angebote-2");
      expect(response.headers.get("x-total-rows")).toBe("3");
      const table = parseCsv(await textOf(response));
      expect(table).toEqual([
        ["Nr.", "Eintrag", "Name des Angebots", "Art des Angebots", "Art des Angebots (Sonstiges)", "Lebensphasen"],
        ["1", "1", "Elterncafé", "Beratung", "", "Kita; Schule"],
        ["1", "2", "Sprachkurs", "Sonstiges", "Sprachförderung", ""],
        ["2", "1", "'-2", "Kurs", "", ""],
      ]);
      const codes = parseCsv(await textOf(await planner.request("GET", exportPath(surveys.identified, "part=lists&list=actor.offers&values=codes&status=all"))));
      expect(codes[0]).toEqual(["response_number", "entry_number", "offer_name", "offer_type", "offer_type-Comment", "life_phases", "life_phases.early_childhood", "life_phases.school"]);
      expect(codes[1]).toEqual(["1", "1", "Elterncafé", "beratung", "", "early_childhood; school", "1", "1"]);
      // With drafts the network's response is still number 2 (the draft was created after it).
      expect(codes[3]!.slice(0, 2)).toEqual(["2", "1"]);
      expect((await planner.request("GET", exportPath(surveys.identified, "part=lists&list=nope"))).status).toBe(404);
    });
  });

  describe("XLSX", () => {
    it("writes sheet Antworten and a sheet per repeatable list, every cell a string or number, never a formula", async () => {
      const response = await planner.request("GET", exportPath(surveys.identified, "format=xlsx"));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect(response.headers.get("content-disposition")).toMatch(/filename="bestandsaufnahme-nord-sued-antworten-\d{4}-\d{2}-\d{2}\.xlsx"/);
      const workbook = await readXlsx(response);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Antworten", "Bitte beschreiben Sie Ihre Ange"]);

      const rows = sheetRows(workbook.getWorksheet("Antworten")!);
      expect(rows[0]).toEqual(LABEL_HEADERS_DE);
      expect(rows).toHaveLength(4);
      const byHeader = (row: unknown[]) => Object.fromEntries(LABEL_HEADERS_DE.map((header, index) => [header, row[index]]));
      const kita = byHeader(rows[1]!);
      expect(kita).toMatchObject({
        "Nr.": 1,
        "Abgeschickt am": "01.03.2026 14:05",
        Lebensphasen: "Rund um die Kita",
        Hürden: "Zeit; Sonstiges (Bitte angeben)",
        Stimmung: 4,
        Fachkräfte: 12.5,
        Bemerkungen: 'Sagt "Hallo";\nTschüss',
        "Rahmenbedingungen – Räume": "schlecht",
        "Personal – Vollzeit": 4,
      });
      const network = byHeader(rows[2]!);
      expect(network).toMatchObject({ Bemerkungen: HYPERLINK, "Wirkungskreis (2)": "+1", "Hürden (Sonstiges)": "@SUM(1+1)", Fachkräfte: -2 });

      const sheet = workbook.getWorksheet("Antworten")!;
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number]).toContain(cell.type);
          expect(cell.formula).toBeFalsy();
        }),
      );
      expect(sheetRows(workbook.getWorksheet("Bitte beschreiben Sie Ihre Ange")!)).toEqual([
        ["Nr.", "Eintrag", "Name des Angebots", "Art des Angebots", "Art des Angebots (Sonstiges)", "Lebensphasen"],
        [1, 1, "Elterncafé", "Beratung", undefined, "Kita; Schule"],
        [1, 2, "Sprachkurs", "Sonstiges", "Sprachförderung"],
        [2, 1, "-2", "Kurs"],
      ]);
    });

    it("names the sheets in English with lang=en and writes codes with values=codes", async () => {
      const workbook = await readXlsx(await planner.request("GET", exportPath(surveys.identified, "format=xlsx&lang=en&values=codes")));
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Responses", "Please describe your offers."]);
      const rows = sheetRows(workbook.getWorksheet("Responses")!);
      expect(rows[0]!.slice(0, 3)).toEqual(["response_number", "status", "submitted_at"]);
      expect(rows[1]!.slice(0, 2)).toEqual([1, "submitted"]);
    });
  });

  describe("privacy modes", () => {
    it("refuses per-response exports of a pseudonymous survey with 403 and says why; the summary stays open", async () => {
      for (const query of ["", "format=xlsx", "part=lists", "values=codes&lang=en"]) {
        const response = await planner.request("GET", exportPath(surveys.pseudonymous, query));
        expect(response.status).toBe(403);
        const body = await response.json();
        expect(body.error.code).toBe("export_not_allowed");
        expect(body.error.messageDe).toMatch(/pseudonym/);
      }
      const info = await planner.json("GET", `/api/surveys/${surveys.pseudonymous}/export/info`);
      expect(info).toMatchObject({ privacyMode: "pseudonymous", perResponseAllowed: false, submitted: 3, drafts: 1 });
      expect(info.refusal.de).toMatch(/pseudonym/);
      expect((await planner.request("GET", `/api/surveys/${surveys.pseudonymous}/export/summary`)).status).toBe(200);
    });

    it("refuses per-response exports of an anonymous survey too (answers only in aggregate); the summary stays open", async () => {
      for (const query of ["format=csv", "format=xlsx", "status=all", "part=lists&format=csv"]) {
        const response = await planner.request("GET", exportPath(surveys.anonymous, query));
        expect(response.status, query).toBe(403);
        const body = (await response.json()) as any;
        expect(body.error.code).toBe("export_not_allowed");
        expect(body.error.messageDe).toMatch(/anonym/);
      }
      const info = await planner.json("GET", `/api/surveys/${surveys.anonymous}/export/info`);
      expect(info).toMatchObject({ privacyMode: "anonymous", perResponseAllowed: false });
      const summary = await planner.request("GET", `/api/surveys/${surveys.anonymous}/export/summary`);
      expect(summary.status).toBe(200);
      const text = await textOf(summary);
      for (const secret of ["example.org", "Kita Nord", "STK Nord", "Muster", "Herr Hand"]) expect(text).not.toContain(secret);
    });

    it("tells the client what it may export", async () => {
      const info = await planner.json("GET", `/api/surveys/${surveys.identified}/export/info`);
      expect(info).toEqual({
        privacyMode: "identified",
        perResponseAllowed: true,
        refusal: null,
        submitted: 3,
        drafts: 1,
        excluded: 0,
        lists: [{ name: "actor.offers", title: { de: "Bitte beschreiben Sie Ihre Angebote.", en: "Please describe your offers." }, entries: 3 }],
      });
    });
  });

  describe("summary", () => {
    it("counts every option of the choice-like questions and matrix rows, with percent of those who answered", async () => {
      const response = await planner.request("GET", `/api/surveys/${surveys.identified}/export/summary`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain("bestandsaufnahme-nord-sued-zusammenfassung-");
      const table = parseCsv(await textOf(response));
      expect(table[0]).toEqual(["Frage", "Teilfrage", "Antwort", "Code", "Anzahl", "Prozent", "Basis (n)"]);
      const rows = table.slice(1);
      const of = (question: string, part = "") => rows.filter((row) => row[0] === question && row[1] === part).map((row) => row.slice(2));
      expect(of("Wirkungskreis")).toEqual([
        ["Stadtteil", "district", "1", "33,3", "3"],
        ["Gesamtstadt", "city", "0", "0", "3"],
        ["Anderes", "other", "1", "33,3", "3"],
        ["legacy", "legacy", "1", "33,3", "3"],
      ]);
      expect(of("Hürden")).toEqual([
        ["Zeit", "time", "1", "33,3", "3"],
        ["Geld", "money", "1", "33,3", "3"],
        ["Räume", "rooms", "0", "0", "3"],
        ["Nichts davon", "none", "1", "33,3", "3"],
        ["Sonstiges (Bitte angeben)", "other", "1", "33,3", "3"],
      ]);
      expect(of("Schwerpunkt?")).toEqual([
        ["Ja", "true", "1", "50", "2"],
        ["Nein", "false", "1", "50", "2"],
      ]);
      expect(of("Rahmenbedingungen", "Räume")).toEqual([
        ["schlecht", "1", "1", "50", "2"],
        ["mittel", "2", "1", "50", "2"],
        ["gut", "3", "0", "0", "2"],
      ]);
      expect(of("Rahmenbedingungen", "Personal")).toEqual([
        ["schlecht", "1", "0", "0", "1"],
        ["mittel", "2", "0", "0", "1"],
        ["gut", "3", "1", "100", "1"],
      ]);
      expect(of("Stimmung").map((row) => [row[1], row[2]])).toEqual([
        ["1", "0"],
        ["2", "1"],
        ["3", "0"],
        ["4", "1"],
        ["5", "0"],
      ]);
      // The draft's "city" is not counted; free-text questions are not tabulated.
      expect(rows.some((row) => row[0] === "Bemerkungen")).toBe(false);
      const english = parseCsv(await textOf(await planner.request("GET", `/api/surveys/${surveys.identified}/export/summary?lang=en`)));
      expect(english[0]).toEqual(["Question", "Item", "Answer", "Code", "Count", "Percent", "Base (n)"]);
      expect(english.find((row) => row[0] === "Sphere" && row[3] === "district")).toEqual(["Sphere", "", "District", "district", "1", "33.3", "3"]);
    });
  });

  describe("access and validation", () => {
    it("answers 404 for another organisation's survey on every export route", async () => {
      for (const path of [
        exportPath(surveys.identified),
        exportPath(surveys.identified, "format=xlsx"),
        exportPath(surveys.identified, "part=lists"),
        `/api/surveys/${surveys.identified}/export/summary`,
        `/api/surveys/${surveys.identified}/export/info`,
      ]) {
        const response = await intruder.request("GET", path);
        expect(response.status, path).toBe(404);
        expect((await response.json()).error.code).toBe("not_found");
      }
      expect((await testApp.request("GET", exportPath(surveys.identified))).status).toBe(401);
    });

    it("answers 400 to a bad query", async () => {
      for (const query of ["format=pdf", "values=names", "lang=fr", "status=drafts", "part=lists&format=xlsx", "part=everything"]) {
        const response = await planner.request("GET", exportPath(surveys.identified, query));
        expect(response.status, query).toBe(400);
        expect((await response.json()).error.code).toBe("invalid_request");
      }
      expect((await planner.request("GET", `/api/surveys/${surveys.identified}/export/summary?format=xlsx`)).status).toBe(400);
      expect((await planner.request("GET", "/api/surveys/not-a-uuid/export/responses")).status).toBe(400);
    });
  });

  describe("filtered exports (the results page's filter)", () => {
    const withFilter = (filter: unknown, query = "") => `filter=${encodeURIComponent(JSON.stringify(filter))}${query ? `&${query}` : ""}`;
    const institutions = (table: string[][]) => records(table).map((row) => row["Einrichtung/Netzwerk"]);

    it("holds only the responses of recipients in the district, of a network's members, or with an answer", async () => {
      const byDistrict = await csvOf(surveys.identified, withFilter({ recipients: { districtIds: [directory.district] } }));
      expect(institutions(byDistrict.table)).toEqual(["Kita Nord", "STK Nord"]);
      expect(byDistrict.response.headers.get("x-total-rows")).toBe("2");
      expect(byDistrict.response.headers.get("content-disposition")).toContain("antworten-gefiltert");

      const members = await csvOf(surveys.identified, withFilter({ recipients: { memberOfNetworkIds: [directory.network] } }));
      expect(institutions(members.table)).toEqual(["Kita Nord"]);

      const answered = await csvOf(surveys.identified, withFilter({ answer: { question: "sphere", values: ["district", "legacy"] } }));
      expect(answered.table.length - 1).toBe(2);
      expect(answered.text).not.toContain("Quartier Ost");

      // The repeatable list of the same responses only: Kita Nord's two offers, not the network's.
      const list = await csvOf(surveys.identified, withFilter({ recipients: { memberOfNetworkIds: [directory.network] } }, "part=lists"));
      expect(list.table.length - 1).toBe(2);
      expect(list.response.headers.get("x-total-rows")).toBe("2");
    });

    it("filters the XLSX and the summary the same way", async () => {
      const filter = withFilter({ recipients: { districtIds: [directory.district] } });
      const workbook = await readXlsx(await planner.request("GET", exportPath(surveys.identified, `${filter}&format=xlsx`)));
      expect(sheetRows(workbook.getWorksheet("Antworten")!).length - 1).toBe(2);
      const summary = await planner.request("GET", `/api/surveys/${surveys.identified}/export/summary?${filter}`);
      expect(summary.status).toBe(200);
      expect(summary.headers.get("content-disposition")).toContain("zusammenfassung-gefiltert");
      const rows = parseCsv(await textOf(summary)).slice(1);
      // Of the two responses in Nord, one said "Stadtteil", one "Anderes"; the response invited by hand is out.
      expect(rows.filter((row) => row[0] === "Wirkungskreis" && row[1] === "").map((row) => [row[3], row[4], row[6]])).toEqual([
        ["district", "1", "2"],
        ["city", "0", "2"],
        ["other", "1", "2"],
      ]);
    });

    it("answers 400 with the reason to a filter that is no JSON, has the wrong shape or names an unknown question", async () => {
      for (const filter of ["{kein json", JSON.stringify({ recipients: { districtIds: "Nord" } }), JSON.stringify({ answer: { question: "sphere", values: [] } })]) {
        const response = await planner.request("GET", exportPath(surveys.identified, `filter=${encodeURIComponent(filter)}`));
        expect(response.status, filter).toBe(400);
        expect((await response.json()).error.code).toBe("invalid_filter");
      }
      const unknown = await planner.request("GET", exportPath(surveys.identified, withFilter({ answer: { question: "gibt_es_nicht", values: ["x"] } })));
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).error.code).toBe("unknown_question");
    });
  });

  describe("a large export", () => {
    const COUNT = 5_000;
    let largeSurveyId: string;

    beforeAll(async () => {
      largeSurveyId = await insertSurvey("identified", "Große Umfrage", {
        pages: [
          {
            name: "page-1",
            elements: [
              { type: "radiogroup", name: "q1", title: "Frage 1", choices: [{ value: "a", text: "Antwort A" }, { value: "b", text: "Antwort B" }] },
              { type: "text", name: "q2", inputType: "number", title: "Frage 2" },
              { type: "comment", name: "q3", title: "Frage 3" },
              { type: "paneldynamic", name: "list", title: "Liste", templateElements: [{ type: "text", name: "item", title: "Eintrag" }] },
            ],
          },
        ],
      });
      await sql`
        insert into responses (organisation_id, survey_id, answers, status, submitted_at, created_at)
        select ${planner.organisationId}, ${largeSurveyId},
               jsonb_build_object('q1', case when n % 2 = 0 then 'a' else 'b' end, 'q2', n, 'q3', 'Zeile ' || n || E'; mit "Zitat"\nund Umbruch',
                                  'list', jsonb_build_array(jsonb_build_object('item', 'Eintrag ' || n))),
               'submitted', now(), now() - make_interval(secs => ${COUNT}::int - n)
        from generate_series(1, ${COUNT}::int) as n`.execute(db());
    });

    it("streams the CSV in several chunks and every response arrives once, in order", async () => {
      const response = await planner.request("GET", exportPath(largeSurveyId));
      expect(response.status).toBe(200);
      expect(response.headers.get("x-total-rows")).toBe(String(COUNT));
      expect(response.body).toBeInstanceOf(ReadableStream);
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks));
      const rows = records(parseCsv(text));
      expect(rows).toHaveLength(COUNT);
      expect(rows.map((row) => Number(row["Nr."]))).toEqual(Array.from({ length: COUNT }, (_, index) => index + 1));
      expect(rows.map((row) => Number(row["Frage 2"]))).toEqual(Array.from({ length: COUNT }, (_, index) => index + 1));
      expect(rows[41]!["Frage 3"]).toBe('Zeile 42; mit "Zitat"\nund Umbruch');
      expect(rows[41]!["Frage 1"]).toBe("Antwort A");
    });

    it("streams the XLSX with every response and list entry", async () => {
      const response = await planner.request("GET", exportPath(largeSurveyId, "format=xlsx"));
      expect(response.status).toBe(200);
      const workbook = await readXlsx(response);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Antworten", "Liste"]);
      expect(workbook.getWorksheet("Antworten")!.rowCount).toBe(COUNT + 1);
      const list = workbook.getWorksheet("Liste")!;
      expect(list.rowCount).toBe(COUNT + 1);
      expect(list.getRow(COUNT + 1).values).toEqual([undefined, COUNT, 1, `Eintrag ${COUNT}`]);
    });

    it("stops reading when the download is cancelled", async () => {
      const response = await planner.request("GET", exportPath(largeSurveyId));
      const reader = response.body!.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
      // The app still answers (nothing is left holding the database).
      expect((await planner.request("GET", `/api/surveys/${largeSurveyId}/export/info`)).status).toBe(200);
    });
  });
});

describe("export building blocks", () => {
  it("neutralises every formula start in a CSV cell and quotes only where needed", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+49 202 123")).toBe("'+49 202 123");
    expect(csvCell("-")).toBe("'-");
    expect(csvCell("@Kita")).toBe("'@Kita");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell("Kita = Kindertagesstätte")).toBe("Kita = Kindertagesstätte");
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell(" Rand ")).toBe('" Rand "');
    expect(csvLine(["x", null, 2.5, -1], (cell) => String(cell).replace(".", ","))).toBe("x;;2,5;'-1\r\n");
  });

  it("keeps XLSX cells readable: no control characters, at most 32,767 characters", () => {
    expect(xlsxCell("a\u0000b\u0007c\td\ne")).toBe("abc\td\ne");
    expect((xlsxCell("x".repeat(40_000)) as string).length).toBe(32_767);
    expect(xlsxCell(-2)).toBe(-2);
    expect(xlsxCell("=SUM(A1)")).toBe("=SUM(A1)");
  });

  it("names sheets as Excel allows and files after the survey", () => {
    const used = new Set<string>(["antworten"]);
    expect(sheetName("Antworten", used)).toBe("Antworten (2)");
    expect(sheetName("Bitte beschreiben Sie Ihre Angebote: [alle] / jetzt?", used)).toBe("Bitte beschreiben Sie Ihre Ange");
    expect(sheetName("***", used)).toBe("Liste");
    expect(fileSlug("Netzwerkbefragung Süd/Ost (2025)")).toBe("netzwerkbefragung-sued-ost-2025");
    expect(fileSlug("???")).toBe("umfrage");
    expect(exportFileName("Befragung", "Angebote", "csv", new Date("2026-12-31T23:30:00Z"))).toBe("befragung-angebote-2027-01-01.csv");
    // A long list title is shortened on its own: what follows it ("codes") is never cut off.
    expect(exportFileName("Befragung", ["liste", "Bitte beschreiben Sie alle Angebote Ihrer Einrichtung in diesem Jahr ausführlich.", "codes"], "csv", new Date("2026-06-01T10:00:00Z"))).toBe(
      "befragung-liste-bitte-beschreiben-sie-alle-angebote-ihrer-einrichtung-in-die-codes-2026-06-01.csv",
    );
  });

  it("writes Berlin time in winter and summer, and the day only when asked", () => {
    expect(berlinTime(new Date("2026-01-15T07:05:00Z"))).toBe("15.01.2026 08:05");
    expect(berlinTime(new Date("2026-07-15T22:59:00Z"))).toBe("16.07.2026 00:59");
    expect(berlinTime(new Date("2026-07-15T22:59:00Z"), true)).toBe("16.07.2026");
  });

  it("makes headers unique and lays out a definition without pages", () => {
    expect(uniqueHeaders(["A", "A", "A (2)", "B", "A"])).toEqual(["A", "A (2)", "A (2) (2)", "B", "A (3)"]);
    const layout = exportLayout({ elements: [{ type: "text", name: "x", title: "X" }, { type: "html", name: "h" }] }, { lang: "de", values: "labels" });
    expect(layout.columns.map((column) => column.header)).toEqual(["X"]);
    expect(exportLayout(null, { lang: "de", values: "labels" })).toEqual({ columns: [], lists: [] });
  });

  it("counts CSV rows on the client as the bytes arrive, line breaks in quoted cells not counted", () => {
    const csv = new TextEncoder().encode('\uFEFFNr.;Text\r\n1;"Zeile\r\nmit ""Umbruch"""\r\n2;Größe\r\n');
    for (const size of [1, 3, 7, csv.length]) {
      const count = csvRowCounter();
      let rows = 0;
      for (let start = 0; start < csv.length; start += size) rows = count(csv.subarray(start, start + size));
      expect(rows, `chunks of ${size}`).toBe(2);
    }
  });
});
