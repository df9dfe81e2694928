import ExcelJS from "exceljs";
import Papa from "papaparse";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Markup, script URLs, SQL and spreadsheet formulas typed by planners (survey title and texts,
 * own question texts, directory names, recipient names, privacy notice) and by respondents
 * (answers): the API stores them verbatim and returns them as JSON strings (never as HTML, with
 * nosniff), the survey texts reach SurveyJS's HTML elements escaped, mails escape them in their
 * HTML part, SQL stays data, and CSV/XLSX exports neutralise formula cells. The browser side
 * (rendered as text, no dialog) is test/e2e/xss.e2e.test.ts.
 */
export const PAYLOADS = {
  script: "<script>alert(1)</script>",
  img: '"><img src=x onerror=alert(1)>',
  javascriptUrl: "javascript:alert(1)",
  sql: "'; drop table surveys; --",
  formula: '=HYPERLINK("http://evil","x")',
  plus: "+cmd|' /C calc'!A0",
  minus: "-2+3",
  at: "@SUM(A1:A2)",
  template: "{{link}} ${7*7} {network.name}",
} as const;
const ALL = Object.values(PAYLOADS);
const FORMULA_START = /^[=+\-@\t\r]/;

/** Every cell of a semicolon CSV (after unquoting). */
function csvCells(text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { delimiter: ";" });
  return parsed.data.flat();
}

async function xlsxCells(buffer: ArrayBuffer): Promise<{ value: unknown; formula: boolean }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const cells: { value: unknown; formula: boolean }[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push({ value: cell.value, formula: cell.type === ExcelJS.ValueType.Formula });
      }),
    ),
  );
  return cells;
}

describeEachDatabase("XSS and injection payloads", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  let itemId: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    const item = await planner.json(
      "POST",
      "/api/canon/items",
      {
        questionnaire: "network",
        tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
        help: { de: PAYLOADS.img, en: PAYLOADS.script },
        personalDataWarning: false,
        element: {
          type: "radiogroup",
          name: "x",
          title: { de: `Frage ${PAYLOADS.script}`, en: `Question ${PAYLOADS.img}` },
          choices: [
            { value: "a", text: { de: PAYLOADS.formula, en: PAYLOADS.formula } },
            { value: "b", text: { de: PAYLOADS.img, en: PAYLOADS.script } },
          ],
        },
      },
      201,
    );
    itemId = item.itemId;
    ({ id: surveyId } = await planner.json("POST", "/api/surveys", { title: PAYLOADS.formula }, 201));
    await planner.json("PATCH", `/api/surveys/${surveyId}`, {
      title: `${PAYLOADS.script} ${PAYLOADS.img}`,
      titleEn: PAYLOADS.javascriptUrl,
      intro: `${PAYLOADS.script}\n${PAYLOADS.img}\n${PAYLOADS.javascriptUrl}`,
      closingText: PAYLOADS.img,
      items: [
        { itemId, version: 1 },
        { itemId: "network.name", version: 1 },
      ],
      closingDate: "2099-12-31",
    });
    await planner.json("PATCH", "/api/organisation", { privacyNotice: `${PAYLOADS.script} ${PAYLOADS.img}`, mailSenderName: PAYLOADS.img.slice(0, 100) });
    await planner.json("POST", `/api/surveys/${surveyId}/open`);
    const recipients = ALL.map((payload, index) => ({ email: `empfang${index}@kita.example`, name: payload.slice(0, 200) }));
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    for (let index = 0; index < ALL.length; index++) {
      const mail = mails.find((candidate: { to: string }) => candidate.to.includes(`empfang${index}@`));
      tokens.push(tokenFromMail(mail.text));
    }
    for (const [index, token] of tokens.entries()) {
      const response = await testApp.request("POST", `/api/r/${token}/submit`, {
        answers: { "network.name": ALL[index], [itemId]: index % 2 === 0 ? "a" : "b" },
        baseRevision: 0,
      });
      expect(response.status, await response.clone().text()).toBe(200);
    }
    for (const [index, payload] of ALL.entries()) {
      await planner.json("POST", "/api/directory/entries", { kind: "institution", name: payload, contactPerson: PAYLOADS.img, notes: PAYLOADS.formula, emails: [`eintrag${index}@kita.example`], type: PAYLOADS.plus }, 201);
    }
  });
  afterAll(() => testApp.close());

  it("stores planner texts verbatim and returns them as JSON, never as HTML", async () => {
    const response = await planner.request("GET", `/api/surveys/${surveyId}`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const survey = (await response.json()) as any;
    expect(survey.title).toBe(`${PAYLOADS.script} ${PAYLOADS.img}`);
    expect(survey.texts).toMatchObject({ titleEn: PAYLOADS.javascriptUrl, intro: `${PAYLOADS.script}\n${PAYLOADS.img}\n${PAYLOADS.javascriptUrl}`, closingText: PAYLOADS.img });
    const list = await planner.json("GET", "/api/surveys");
    expect(list.surveys.map((entry: { title: string }) => entry.title)).toContain(`${PAYLOADS.script} ${PAYLOADS.img}`);
    const versions = await planner.json("GET", `/api/canon/items/${encodeURIComponent(itemId)}/versions`);
    expect(JSON.stringify(versions)).toContain(JSON.stringify(`Frage ${PAYLOADS.script}`).slice(1, -1));
    const settings = await planner.json("GET", "/api/organisation");
    expect(settings.privacyNotice).toBe(`${PAYLOADS.script} ${PAYLOADS.img}`);
  });

  it("keeps recipient and directory names verbatim", async () => {
    const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
    expect(invitations.map((invitation: { name: string }) => invitation.name).sort()).toEqual(ALL.map((payload) => payload.slice(0, 200)).sort());
    const { entries } = await planner.json("POST", "/api/directory/search", { limit: 100 });
    expect(entries.map((entry: { name: string }) => entry.name).sort()).toEqual([...ALL].sort());
    expect(entries.every((entry: { contactPerson: string; notes: string; type: string }) => entry.contactPerson === PAYLOADS.img && entry.notes === PAYLOADS.formula && entry.type === PAYLOADS.plus)).toBe(true);
  });

  it("gives the respondent the texts as SurveyJS text, and the closing text only as escaped HTML", async () => {
    const view = (await (await testApp.request("GET", `/api/r/${tokens[1]}`)).json()) as any;
    expect(view.title).toBe(`${PAYLOADS.script} ${PAYLOADS.img}`);
    expect(view.answers["network.name"]).toBe(ALL[1]);
    expect(view.privacyNotice.de).toBe(`${PAYLOADS.script} ${PAYLOADS.img}`);
    const html: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const record = node as Record<string, unknown>;
        // SurveyJS shows `html` (html elements) and `completedHtml` as markup: only escaped text may be there.
        for (const [key, value] of Object.entries(record)) if (/html$/i.test(key)) html.push(JSON.stringify(value));
        Object.values(record).forEach(walk);
      }
    };
    walk(view.definition);
    expect(html.length).toBeGreaterThan(0);
    for (const fragment of html) {
      expect(fragment).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
      expect(fragment).not.toMatch(/href=\\?"javascript:/i);
    }
    expect(html.join(" ")).toContain("&#34;&#62;&#60;img src=x onerror=alert(1)&#62;");
    // Titles, the intro and question texts are text properties, which SurveyJS renders as text.
    expect(view.definition.description.de).toBe(`${PAYLOADS.script}\n${PAYLOADS.img}\n${PAYLOADS.javascriptUrl}`);
  });

  it("escapes names and titles in the HTML part of the mails", async () => {
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    expect(mails.length).toBeGreaterThanOrEqual(ALL.length);
    for (const mail of mails as { html: string; text: string; to: string }[]) {
      expect(mail.html).not.toMatch(/<script|<img/i);
      expect(mail.html).not.toMatch(/href="javascript:/i);
      // The name never adds a recipient: one address, and it is the invited one.
      const address = /<([^<>]+)>$/.exec(mail.to)?.[1] ?? mail.to;
      expect(address, mail.to).toMatch(/^empfang\d@kita\.example$/);
    }
    const scriptMail = mails.find((mail: { to: string }) => mail.to.includes("empfang0@"));
    expect(scriptMail.html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(scriptMail.text).toContain(PAYLOADS.script);
  });

  it("treats SQL in every search and login field as data", async () => {
    for (const path of [
      `/api/canon/items?q=${encodeURIComponent(PAYLOADS.sql)}`,
      `/api/canon/items?q=${encodeURIComponent("%' or 1=1 --")}`,
    ]) {
      const response = await planner.request("GET", path);
      expect(response.status, path).toBeLessThan(500);
    }
    const search = await planner.json("POST", "/api/directory/search", { filter: { search: "%' or '1'='1" }, limit: 100 });
    expect(search.total).toBe(0);
    const exact = await planner.json("POST", "/api/directory/search", { filter: { search: "drop table" }, limit: 100 });
    expect(exact.entries.map((entry: { name: string }) => entry.name)).toEqual([PAYLOADS.sql]);
    const login = await testApp.request("POST", "/api/auth/login", { email: "' or 1=1 --", password: PAYLOADS.sql });
    expect([400, 401]).toContain(login.status);
    const tables = await sql<{ count: number }>`select count(*)::int as count from information_schema.tables where table_name = 'surveys'`.execute(testApp.database.db);
    expect(tables.rows[0]!.count).toBe(1);
    expect((await planner.json("GET", "/api/surveys")).surveys.length).toBe(1);
  });

  it("returns answers verbatim in the results", async () => {
    const response = await planner.request("GET", `/api/surveys/${surveyId}/results`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const payload of ALL) expect(text, payload).toContain(JSON.stringify(payload).slice(1, -1));
  });

  it("neutralises formula cells in the directory export (CSV and XLSX)", async () => {
    const csv = await planner.request("GET", "/api/directory/export?format=csv");
    expect(csv.status).toBe(200);
    const cells = csvCells(await csv.text());
    expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    expect(cells).toContain(`'${PAYLOADS.formula}`);
    expect(cells).toContain(`'${PAYLOADS.at}`);
    expect(cells).toContain(PAYLOADS.script);
    const xlsx = await planner.request("GET", "/api/directory/export?format=xlsx");
    expect(xlsx.status).toBe(200);
    const xlsxValues = await xlsxCells(await xlsx.arrayBuffer());
    expect(xlsxValues.filter((cell) => cell.formula)).toEqual([]);
  });

  it("neutralises formula cells in the response exports (CSV and XLSX)", async () => {
    const info = await planner.request("GET", `/api/surveys/${surveyId}/export/info`);
    if (info.status === 404 && ((await info.json()) as any).error?.code === "no_such_route") {
      console.warn("[xss] the response export routes are not there yet: not checked");
      return;
    }
    for (const query of ["format=csv", "format=csv&values=codes", "format=csv&lang=en&status=all"]) {
      const response = await planner.request("GET", `/api/surveys/${surveyId}/export/responses?${query}`);
      expect(response.status, query).toBe(200);
      const cells = csvCells(await response.text());
      expect(cells.filter((cell) => FORMULA_START.test(cell)), query).toEqual([]);
      expect(cells, query).toContain(`'${PAYLOADS.formula}`);
      expect(cells, query).toContain(PAYLOADS.script);
    }
    const summary = await planner.request("GET", `/api/surveys/${surveyId}/export/summary?format=csv`);
    expect(summary.status).toBe(200);
    const summaryCells = csvCells(await summary.text());
    expect(summaryCells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    const xlsx = await planner.request("GET", `/api/surveys/${surveyId}/export/responses?format=xlsx`);
    expect(xlsx.status).toBe(200);
    const xlsxValues = await xlsxCells(await xlsx.arrayBuffer());
    expect(xlsxValues.filter((cell) => cell.formula)).toEqual([]);
    // Text cells are never evaluated in XLSX; whether they also carry the apostrophe is the exporter's choice.
    expect(xlsxValues.map((cell) => cell.value)).toEqual(expect.arrayContaining([expect.stringMatching(/^'?=HYPERLINK\("http:\/\/evil","x"\)$/)]));
  });
});
