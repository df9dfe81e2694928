import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvRowCounter } from "../../client/src/results/export-panel.tsx";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, expectAccessible, launchChromium, requireChromiumOrExplain, root, screenshot, screenshotDirectory, stepScreenshots } from "./browser-support.ts";

/**
 * The planner's results page in headless Chromium against the real server (in-process, PGlite in
 * memory). Scene: twenty institutions in two districts (8 in Vohwinkel, 12 in Elberfeld), the
 * Vohwinkel ones members of a network, each answering a survey with choice, multiple-choice,
 * rating, Likert matrix, number, multiple-text, repeatable-list (offers) and free-text questions
 * through the respondent API. The page shows every kind with n and a data table, filters by
 * district (in the address, so a reload keeps it) and by answer, groups, cross-tabulates, saves a
 * chart as PNG and the CSV export, prints, opens a network view and is axe-clean with filters on.
 *
 * The client is built from the current sources into a folder of this test's own (as in the
 * network view test), so a stale or concurrent build of dist/client cannot interfere.
 */
requireChromiumOrExplain("results page browser test");

const ORGANISATION = "Stadt Wuppertal";
const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const SURVEY_TITLE = "Bestandsaufnahme Angebote 2026";
const NETWORK = "STK Vohwinkel";
const COUNT = 20;
/** Institutions 0–7 are in Vohwinkel (and members of the network), 8–19 in Elberfeld. */
const inVohwinkel = (index: number) => index < 8;

const ACCESS_TITLE = "Wie erreicht Ihr Angebot die Familien?";
const COST_TITLE = "Was kostet die Teilnahme für Familien?";

function accessMode(index: number): string {
  if (index < 5) return "aufsuchend";
  if (index < 8) return "beides";
  if (index < 10) return "aufsuchend";
  if (index < 18) return "komm_struktur";
  return "beides";
}
const COSTS = ["kostenfrei", "geringer_beitrag", "einkommensabhaengig", "kostenpflichtig"];
const LIKERT = ["trifft_voll_zu", "trifft_eher_zu", "trifft_eher_nicht_zu", "trifft_gar_nicht_zu"];

/** The organisation's own question with a "none of these" item but no text of its own for it. */
const OWN_QUESTION = {
  type: "checkbox",
  title: { de: "Welche Räume nutzen Sie?", en: "Which rooms do you use?" },
  choices: [
    { value: "eigene", text: { de: "Eigene Räume", en: "Own rooms" } },
    { value: "gemietet", text: { de: "Gemietete Räume", en: "Rented rooms" } },
  ],
  showNoneItem: true,
};
/** The year an offer started: 2010 + 0…7. */
const startYear = (index: number) => 2010 + (index % 8);

function answersOf(index: number, ownItem: string): Record<string, unknown> {
  const offers: Record<string, unknown>[] = [{ offer_name: `Elterncafé ${index}`, offer_type: "offener_treff", life_phases: ["early_childhood"], frequency: "woechentlich" }];
  if (index % 2 === 0) offers.push({ offer_name: `Beratung ${index}`, offer_type: "beratung", life_phases: ["school"], frequency: "monatlich" });
  // Rows a respondent never filled in (SurveyJS stores them as they were): not entries. The last
  // institution has nothing but such rows.
  else offers.push({});
  return {
    "actor.access_mode": accessMode(index),
    "actor.cost": COSTS[index % 4],
    "actor.low_threshold": index === COUNT - 1 ? ["none"] : index % 2 === 0 ? ["kostenfrei", "wohnortnah"] : ["ohne_anmeldung"],
    "actor.start_year": startYear(index),
    [ownItem]: index < 3 ? ["none"] : ["eigene"],
    "actor.network_benefit": (index % 5) + 1,
    "network.cooperation_perception": { verlaesslichkeit: LIKERT[index % 4], flexibilitaet: index < 10 ? "trifft_voll_zu" : "trifft_eher_nicht_zu" },
    "actor.capacity": 10 + index,
    "actor.staff_count": { hauptamtlich: 1 + (index % 3), ehrenamtlich: index % 4 },
    "actor.offers": index === COUNT - 1 ? [{}, { offer_name: "  ", life_phases: [] }] : offers,
    "actor.observed_effects": index % 3 === 0 ? `Das Elterncafé bringt Familien zusammen (${index}).` : `Familien finden Anschluss (${index}).`,
  };
}

const expected = (filter: (index: number) => boolean) => Array.from({ length: COUNT }, (_, index) => index).filter(filter);

describe.skipIf(!chromiumPath)("results page in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let buildDirectory = "";
  let session = "";
  let csrfToken = "";
  let surveyId = "";
  let emptySurveyId = "";
  let vohwinkelId = "";
  let ownItemId = "";

  async function call<T = any>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}/api${apiPath}`, {
      method,
      headers: { "content-type": "application/json", cookie: `kanon_session=${session}`, "x-csrf-token": csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Pages and assets from this test's own build, with the headers the server sends. */
  async function serveOwnBuild(route: Route) {
    const url = new URL(route.request().url());
    const file = path.join(buildDirectory, decodeURIComponent(url.pathname));
    const isAsset = url.pathname.startsWith("/assets/") && file.startsWith(buildDirectory) && existsSync(file);
    const original = await route.fetch({ url: `${server.url}/` });
    const headers = { ...original.headers() };
    for (const name of ["content-length", "content-encoding", "etag", "last-modified", "content-type"]) delete headers[name];
    const type = !isAsset ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "application/octet-stream";
    await route.fulfill({ status: 200, headers: { ...headers, "content-type": type }, body: readFileSync(isAsset ? file : path.join(buildDirectory, "index.html")) });
  }

  /** Submits every institution's answers through its personal link, as a respondent's browser would. */
  async function respondAll(entryIds: string[], ownItem: string) {
    await call("POST", `/surveys/${surveyId}/invitations`, { directoryEntryIds: entryIds });
    const { db } = server.database;
    const deadline = Date.now() + 30_000;
    let mails: { to_address: string; text_body: string }[] = [];
    while (Date.now() < deadline) {
      mails = await db.selectFrom("dev_mailbox").select(["to_address", "text_body"]).execute();
      if (mails.length >= COUNT) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(mails).toHaveLength(COUNT);
    for (let index = 0; index < COUNT; index++) {
      const mail = mails.find((candidate) => candidate.to_address.includes(`einrichtung${index}@wuppertal.de`));
      const token = mail?.text_body.match(/\/r\/([A-Za-z0-9_-]{20,})/)?.[1];
      if (!token) throw new Error(`no link for institution ${index}`);
      const response = await fetch(`${server.url}/api/r/${token}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers: answersOf(index, ownItem), page: 0, baseRevision: 0, locale: "de" }),
      });
      if (response.status !== 200) throw new Error(`submit ${index}: ${response.status} ${await response.text()}`);
    }
  }

  beforeAll(async () => {
    buildDirectory = mkdtempSync(path.join(tmpdir(), "kanon-results-e2e-"));
    const { build } = await import("vite");
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn", build: { outDir: buildDirectory, emptyOutDir: true } });

    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "error" }));
    browser = await launchChromium();

    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: ORGANISATION, ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;

    vohwinkelId = (await call<{ id: string }>("POST", "/directory/districts", { name: "Vohwinkel" })).id;
    const elberfeldId = (await call<{ id: string }>("POST", "/directory/districts", { name: "Elberfeld" })).id;
    const institutions: string[] = [];
    for (let index = 0; index < COUNT; index++) {
      const entry = await call<{ id: string }>("POST", "/directory/entries", {
        kind: "institution",
        name: `Einrichtung ${index}`,
        type: index % 2 === 0 ? "Kita" : "Familienzentrum",
        lifePhases: ["early_childhood"],
        districtId: inVohwinkel(index) ? vohwinkelId : elberfeldId,
        emails: [`einrichtung${index}@wuppertal.de`],
      });
      institutions.push(entry.id);
    }
    await call("POST", "/directory/entries", { kind: "network", name: NETWORK, type: "Stadtteilkonferenz", emails: ["stk@vohwinkel.de"], memberIds: institutions.slice(0, 8) });

    const ownItem = (
      await call<{ itemId: string }>("POST", "/canon/items", {
        questionnaire: "actor",
        tags: { lifePhases: [], fieldsOfAction: [], topics: ["offers"] },
        help: { de: "Mehrfachauswahl möglich.", en: "Several answers possible." },
        personalDataWarning: false,
        element: OWN_QUESTION,
      })
    ).itemId;
    ownItemId = ownItem;
    surveyId = (await call<{ id: string }>("POST", "/surveys", { title: SURVEY_TITLE })).id;
    await call("PATCH", `/surveys/${surveyId}`, {
      items: [
        ownItem,
        "actor.start_year",
        "actor.access_mode",
        "actor.cost",
        "actor.low_threshold",
        "actor.network_benefit",
        "network.cooperation_perception",
        "actor.capacity",
        "actor.staff_count",
        "actor.offers",
        "actor.observed_effects",
      ].map((itemId) => ({ itemId, version: 1 })),
    });
    await call("POST", `/surveys/${surveyId}/open`);
    await respondAll(institutions, ownItem);

    emptySurveyId = (await call<{ id: string }>("POST", "/surveys", { title: "Noch ohne Antworten" })).id;
    await call("PATCH", `/surveys/${emptySurveyId}`, { items: [{ itemId: "actor.access_mode", version: 1 }] });
    await call("POST", `/surveys/${emptySurveyId}/open`);

    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    await context.route((url) => url.origin === server.url && !url.pathname.startsWith("/api/"), serveOwnBuild);
    await context.addCookies([{ name: "kanon_session", value: session, url: server.url }]);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (buildDirectory) rmSync(buildDirectory, { recursive: true, force: true });
  }, 60_000);

  /** On failure: a screenshot of the page into test-results/e2e/. */
  async function screenshotOnFailure(name: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    const file = path.join(screenshotDirectory, `failure-results-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failing page: ${file} (${page.url()})`);
  }

  const question = (name: string) => page.locator(`section.question-result[data-question="${name}"]`);
  const count = () => page.getByTestId("respondent-count");
  /** The count and share cells of an option in a question's data table. */
  async function tableRow(name: string, value: string): Promise<string[]> {
    const section = question(name);
    const details = section.locator("details.data-table").first();
    if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
    return details.locator(`tbody tr[data-value="${value}"] td`).allInnerTexts();
  }

  it("shows each kind of question with its chart, n and data table", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("kinds"));
    await page.goto(`${server.url}/surveys/${surveyId}/results`);
    await page.getByRole("heading", { level: 2, name: "Ergebnisse" }).waitFor();
    await expect.poll(() => count().textContent()).toBe(`Alle ${COUNT} abgeschickten Antworten`);
    await expect(page.locator(".results-report").getAttribute("aria-busy")).resolves.toBe("false");

    // Choice: bars with counts and shares, drawn, described, and as a table.
    const access = question("actor.access_mode");
    await expect(access.locator(".result-n").textContent()).resolves.toBe(`n = ${COUNT}`);
    const chart = access.getByRole("img");
    const label = (await chart.getAttribute("aria-label")) ?? "";
    expect(label).toContain(ACCESS_TITLE);
    expect(label).toContain("Überwiegend aufsuchend (Gehstruktur): 7 (35 %)");
    expect(await chart.evaluate((canvas) => (canvas as HTMLCanvasElement).width > 0 && (canvas as HTMLCanvasElement).height > 0)).toBe(true);
    await expect(tableRow("actor.access_mode", "aufsuchend")).resolves.toEqual(["7", "35 %"]);
    await expect(tableRow("actor.access_mode", "komm_struktur")).resolves.toEqual(["8", "40 %"]);
    await expect(access.getByRole("button", { name: `PNG herunterladen: ${ACCESS_TITLE}` }).isVisible()).resolves.toBe(true);

    // Multiple choice: shares of respondents (kostenfrei: the 10 even ones of 20).
    await expect(tableRow("actor.low_threshold", "kostenfrei")).resolves.toEqual(["10", "50 %"]);
    await expect(question("actor.low_threshold").textContent()).resolves.toContain("zusammen mehr als 100 %");

    // Rating: the mean of 1…5, four times each.
    await expect(question("actor.network_benefit").locator(".result-mean").textContent()).resolves.toBe("Mittelwert: 3");

    // Likert matrix: diverging bars, row means in the table.
    const matrix = question("network.cooperation_perception");
    expect(await matrix.getByRole("img").getAttribute("aria-label")).toContain("Gestapelte Balken je Zeile");
    const flexibility = await tableRow("network.cooperation_perception", "flexibilitaet");
    expect(flexibility[0]).toBe("10 (50 %)");
    expect(flexibility.at(-2)).toBe(String(COUNT));
    expect(flexibility.at(-1)).toBe("2");

    // Number: key figures and a histogram.
    const capacity = question("actor.capacity");
    await expect(capacity.locator('[data-figure="n"] dd').textContent()).resolves.toBe(String(COUNT));
    await expect(capacity.locator('[data-figure="median"] dd').textContent()).resolves.toBe("19,5");
    await expect(capacity.locator('[data-figure="min"] dd').textContent()).resolves.toBe("10");
    await expect(capacity.locator('[data-figure="max"] dd').textContent()).resolves.toBe("29");
    expect(await capacity.getByRole("img").getAttribute("aria-label")).toContain("Histogramm");

    // Multiple texts: each item on its own, here two numbers.
    const staff = question("actor.staff_count");
    await expect(staff.locator('[data-item="hauptamtlich"] [data-figure="n"] dd').textContent()).resolves.toBe(String(COUNT));
    await expect(staff.locator('[data-item="ehrenamtlich"] canvas[role="img"]').count()).resolves.toBe(1);

    // Repeatable list (offers): entries with content only (no empty rows, and the institution with
    // only empty rows has none), and each field aggregated over them.
    const offers = question("actor.offers");
    await expect(offers.getByTestId("panel-entries").textContent()).resolves.toBe(`29 Einträge von ${COUNT - 1} Befragten (leere Einträge nicht gezählt)`);
    const offerType = offers.locator('[data-field="offer_type"]');
    await offerType.locator("details.data-table summary").click();
    await expect(offerType.locator('tr[data-value="offener_treff"] td').allInnerTexts()).resolves.toEqual(["19", "66 %"]);
    await expect(offers.locator('[data-field="offer_name"] .text-answers li').count()).resolves.toBe(29);

    // Years are years: "2014", never "2.014"; their mean is a whole year.
    const years = question("actor.start_year");
    await expect(years.locator('[data-figure="min"] dd').textContent()).resolves.toBe("2010");
    await expect(years.locator('[data-figure="max"] dd').textContent()).resolves.toBe("2017");
    await expect(years.locator('[data-figure="mean"] dd').textContent()).resolves.toBe("2013");
    await expect(years.locator('[data-figure="median"] dd').textContent()).resolves.toBe("2013");
    await expect(tableRow("actor.start_year", "2014")).resolves.toEqual(["2", "10 %"]);
    await expect(years.locator('tr[data-value="2014"] th').textContent()).resolves.toBe("2014");
    const yearLabel = (await years.getByRole("img").getAttribute("aria-label")) ?? "";
    expect(yearLabel).toContain("2014: 2 (10 %)");
    expect(yearLabel).not.toMatch(/\d\.\d{3}/);
    expect(await years.innerText()).not.toMatch(/2\.01\d/);

    // "None of these" in the questionnaire's words: its own noneText, else what SurveyJS showed.
    await expect(tableRow("actor.low_threshold", "none")).resolves.toEqual(["1", "5 %"]);
    await expect(question("actor.low_threshold").locator('tr[data-value="none"] th').textContent()).resolves.toBe("Nichts davon");
    await expect(tableRow(ownItemId, "none")).resolves.toEqual(["3", "15 %"]);
    await expect(question(ownItemId).locator('tr[data-value="none"] th').textContent()).resolves.toBe("Nichts trifft zu");


    // Free text: searchable on the server.
    const texts = question("actor.observed_effects");
    await expect(texts.locator(".text-answers li").count()).resolves.toBe(COUNT);
    await texts.getByLabel("Antworten durchsuchen").fill("Elterncafé");
    await expect.poll(() => texts.locator(".text-answers li").count()).toBe(7);
    await expect(texts.getByRole("status").textContent()).resolves.toContain("7 Antworten enthalten „Elterncafé“");
    await texts.getByLabel("Antworten durchsuchen").fill("");
    await expect.poll(() => texts.locator(".text-answers li").count()).toBe(COUNT);
    await screenshot(page, "results-all");
  });

  it("filters by district with the keyboard: the count and an option's count follow, and the address keeps it", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("filter"));
    const controls = page.locator(".results-controls");
    const districts = controls.locator('details[data-criterion="districtIds"]');
    await districts.locator("summary").focus();
    await page.keyboard.press("Enter");
    const vohwinkel = districts.getByRole("checkbox", { name: "Vohwinkel", exact: true });
    await vohwinkel.focus();
    await page.keyboard.press("Space");

    const inDistrict = expected(inVohwinkel);
    const reaching = inDistrict.filter((index) => accessMode(index) === "aufsuchend");
    await expect.poll(() => count().textContent()).toBe(`${inDistrict.length} von ${COUNT} abgeschickten Antworten entsprechen dem Filter`);
    await expect(count().getAttribute("aria-live")).resolves.toBe("polite");
    await expect.poll(() => tableRow("actor.access_mode", "aufsuchend")).toEqual([String(reaching.length), "63 %"]);
    await expect(question("actor.access_mode").locator(".result-n").textContent()).resolves.toBe(`n = ${inDistrict.length}`);
    await expect(page.getByTestId("filter-status").textContent()).resolves.toContain("Filter aktiv");
    await page.getByRole("button", { name: "Filter entfernen: Sozialraum: Vohwinkel" }).waitFor();
    expect(new URL(page.url()).searchParams.getAll("district")).toEqual([vohwinkelId]);

    // A bookmark or a colleague's link opens the same view.
    await page.goto(page.url());
    await expect.poll(() => count().textContent()).toBe(`${inDistrict.length} von ${COUNT} abgeschickten Antworten entsprechen dem Filter`);
    await expect.poll(() => tableRow("actor.access_mode", "aufsuchend")).toEqual([String(reaching.length), "63 %"]);

    // And by the answer to another question, on top: free of charge.
    const answer = controls.locator(".results-answer-filter");
    await answer.getByLabel("Frage", { exact: true }).selectOption({ label: COST_TITLE });
    await answer.getByRole("checkbox", { name: "Nichts, die Teilnahme ist kostenfrei" }).check();
    const free = inDistrict.filter((index) => COSTS[index % 4] === "kostenfrei");
    await expect.poll(() => count().textContent()).toBe(`${free.length} von ${COUNT} abgeschickten Antworten entsprechen dem Filter`);
    expect(new URL(page.url()).searchParams.get("answer")).toBe("actor.cost");
    await screenshot(page, "results-filtered");
    await page.getByRole("button", { name: `Filter entfernen: ${COST_TITLE}: Nichts, die Teilnahme ist kostenfrei` }).click();
    await expect.poll(() => count().textContent()).toBe(`${inDistrict.length} von ${COUNT} abgeschickten Antworten entsprechen dem Filter`);

    // Reset: everyone again.
    await page.getByRole("button", { name: "Filter zurücksetzen" }).click();
    await expect.poll(() => count().textContent()).toBe(`Alle ${COUNT} abgeschickten Antworten`);
    expect(new URL(page.url()).searchParams.has("district")).toBe(false);
  });

  it("groups by district and shows the figures per group", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("group"));
    await page.getByLabel("Gruppieren nach").selectOption({ label: "Sozialraum" });
    const overview = page.getByTestId("groups-overview");
    await overview.waitFor();
    await expect(overview.locator(`tr[data-group="${vohwinkelId}"] td`).textContent()).resolves.toBe("8");
    await expect(overview.locator("tbody tr", { hasText: "Elberfeld" }).locator("td").textContent()).resolves.toBe("12");

    const access = question("actor.access_mode");
    await expect.poll(() => access.locator(`tr[data-value="aufsuchend"] td[data-group="${vohwinkelId}"]`).textContent()).toBe("5 (63 %)");
    await expect(access.locator('tr[data-value="aufsuchend"] td[data-group="all"]').textContent()).resolves.toBe("7 (35 %)");
    await expect(access.locator(`th[data-group="${vohwinkelId}"]`).textContent()).resolves.toContain("(n = 8)");
    expect(await access.getByRole("img").getAttribute("aria-label")).toContain("Vohwinkel (n = 8)");
    // Numbers per group: the median capacity of Vohwinkel (10…17) is 13.5.
    await expect(question("actor.capacity").locator(`tr[data-group="${vohwinkelId}"] td`).nth(2).textContent()).resolves.toBe("13,5");
    expect(new URL(page.url()).searchParams.get("group")).toBe("district");
    await screenshot(page, "results-grouped");
  });

  it("cross-tabulates two choice questions with counts and row percentages", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("cross"));
    const panel = page.getByTestId("cross-table");
    await panel.getByLabel("Zeilen").selectOption({ label: ACCESS_TITLE });
    await panel.getByLabel("Spalten").selectOption({ label: COST_TITLE });
    await panel.getByRole("button", { name: "Kreuztabelle anzeigen" }).click();
    const table = panel.getByRole("table");
    await expect.poll(() => table.locator("caption").textContent()).toBe(`${ACCESS_TITLE} × ${COST_TITLE} (n = ${COUNT})`);
    const both = expected((index) => accessMode(index) === "aufsuchend" && COSTS[index % 4] === "kostenfrei");
    await expect(table.locator('tbody tr[data-value="aufsuchend"] td[data-column="kostenfrei"]').textContent()).resolves.toBe(`${both.length} (43 %)`);
    await expect(table.locator('tbody tr[data-value="aufsuchend"] td').last().textContent()).resolves.toBe("7");
    await expect(panel.getByRole("rowheader", { name: "Überwiegend Komm-Struktur" }).count()).resolves.toBe(1);
    const params = new URL(page.url()).searchParams;
    expect([params.get("rows"), params.get("cols")]).toEqual(["actor.access_mode", "actor.cost"]);
  });

  it("downloads a chart as PNG on white and the CSV export of the filtered responses", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("downloads"));
    await page.getByLabel("Gruppieren nach").selectOption({ label: "– nicht gruppieren –" });
    const access = question("actor.access_mode");
    await access.locator("details.data-table").waitFor();
    const [png] = await Promise.all([page.waitForEvent("download"), access.getByRole("button", { name: `PNG herunterladen: ${ACCESS_TITLE}` }).click()]);
    expect(png.suggestedFilename()).toBe("bestandsaufnahme-angebote-2026-actor-access-mode.png");
    const bytes = readFileSync((await png.path())!);
    if (stepScreenshots) {
      mkdirSync(screenshotDirectory, { recursive: true });
      writeFileSync(path.join(screenshotDirectory, "results-chart-download.png"), bytes);
    }
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Not transparent anywhere, white in the corner.
    const picture = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext("2d")!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let translucent = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index] !== 255) translucent++;
      return { width: image.width, translucent, corner: [...context.getImageData(2, 2, 1, 1).data] };
    }, bytes.toString("base64"));
    expect(picture.width).toBeGreaterThan(300);
    expect(picture.translucent).toBe(0);
    expect(picture.corner).toEqual([255, 255, 255, 255]);

    // With the district filter on, the export holds only the filtered responses, and the page says so.
    const districts = page.locator('.results-controls details[data-criterion="districtIds"]');
    if ((await districts.getAttribute("open")) === null) await districts.locator("summary").click();
    await districts.getByRole("checkbox", { name: "Vohwinkel", exact: true }).check();
    await expect.poll(() => count().textContent()).toBe(`8 von ${COUNT} abgeschickten Antworten entsprechen dem Filter`);
    await expect(page.getByTestId("export-filtered").textContent()).resolves.toContain("nur die 8 abgeschickten Antworten");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "CSV (Beschriftungen)" }).click()]);
    expect(csv.suggestedFilename()).toMatch(/-antworten-gefiltert-.*\.csv$/);
    const file = readFileSync((await csv.path())!);
    expect(csvRowCounter()(file)).toBe(8);
    const text = file.toString("utf8");
    expect(text).toContain("Einrichtung 7");
    expect(text).not.toContain("Einrichtung 19");

    // The list's own button says what it exports; its file holds one row per offer, no blank rows.
    const listButton = page.getByRole("button", { name: "Liste „Bitte beschreiben Sie Ihre Angebote.“ als CSV (29 Einträge)" });
    const [list] = await Promise.all([page.waitForEvent("download"), listButton.click()]);
    expect(list.suggestedFilename()).toMatch(/^bestandsaufnahme-angebote-2026-liste-bitte-beschreiben-sie-ihre-angebote-gefiltert-.*\.csv$/);
    const listFile = readFileSync((await list.path())!);
    // Vohwinkel (institutions 0–7): eight cafés and four counselling offers, their empty rows left out.
    expect(csvRowCounter()(listFile)).toBe(12);
    expect(listFile.toString("utf8")).not.toMatch(/\r\n\d+;\d+;+\r\n/);
  });

  it("prints a report: controls hidden, title block with the filter, charts and tables shown", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("print"));
    await page.emulateMedia({ media: "print" });
    try {
      const header = page.getByTestId("report-header");
      await expect(header.isVisible()).resolves.toBe(true);
      const text = (await header.innerText()).replace(/\s+/g, " ");
      expect(text).toContain(SURVEY_TITLE);
      expect(text).toContain("Sozialraum: Vohwinkel");
      expect(text).toContain(`8 von ${COUNT}`);
      for (const hidden of [".results-controls", ".site-header", "nav.tabs", ".export-panel", '[data-testid="network-share"]']) {
        await expect(page.locator(hidden).first().isVisible(), hidden).resolves.toBe(false);
      }
      // (Located by CSS, since hidden buttons have no role to find them by.)
      await expect(page.locator(".toolbar button", { hasText: "Bericht drucken" }).isVisible()).resolves.toBe(false);
      await expect(question("actor.access_mode").locator("button", { hasText: "PNG herunterladen" }).isVisible()).resolves.toBe(false);
      const chart = question("actor.cost").getByRole("img");
      await expect(chart.isVisible()).resolves.toBe(true);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      // The data table prints although its <details> is closed on screen.
      await expect(question("actor.cost").locator('tr[data-value="kostenfrei"] td').first().isVisible()).resolves.toBe(true);
      await expect(question("actor.capacity").evaluate((section) => getComputedStyle(section).breakInside)).resolves.toBe("avoid");
      await screenshot(page, "results-print");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("is axe-clean with a filter, a grouping and a cross-table on", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("axe"));
    await page.getByLabel("Gruppieren nach").selectOption({ label: COST_TITLE });
    await page.getByTestId("groups-overview").waitFor();
    await page.getByTestId("cross-table").getByRole("table").waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get("group")).toBe("q:actor.cost");
    expect(url.searchParams.getAll("district")).toEqual([vohwinkelId]);
    await expectAccessible(page, "results with filters");
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 2, name: "Results" }).waitFor();
    await expect.poll(() => count().textContent()).toBe(`8 of ${COUNT} submitted responses match the filter`);
    await expectAccessible(page, "results with filters in English");
    await page.getByRole("button", { name: "Deutsch" }).click();
  });

  it("opens a network view made in the share panel", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("network-view"));
    const share = page.getByTestId("network-share");
    await share.getByLabel("Netzwerk", { exact: true }).selectOption({ index: 1 });
    await share.getByRole("button", { name: "Link erstellen" }).click();
    const link = await share.getByRole("textbox", { name: `Link für ${NETWORK}` }).inputValue();
    expect(link).toContain("/n/");
    const view = await context.newPage();
    try {
      await view.goto(link);
      await view.getByRole("heading", { level: 1, name: `Ergebnisse für ${NETWORK}` }).waitFor();
      await expect(view.getByTestId("respondents").textContent()).resolves.toContain("8");
      await view.locator(`section[data-question="actor.access_mode"]`).getByRole("img").waitFor();
    } finally {
      await view.close();
    }
  });

  it("makes the survey a wave of a new series on its questions tab, and takes it out again", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("series"));
    await page.goto(`${server.url}/surveys/${surveyId}`);
    const control = page.locator("section.series-control");
    await control.getByRole("heading", { name: "Reihe und Welle" }).waitFor();
    await control.getByText("Diese Umfrage gehört zu keiner Reihe.").waitFor();
    await control.getByLabel("Reihe", { exact: true }).selectOption({ label: "Neue Reihe anlegen …" });
    await control.getByLabel("Name der neuen Reihe").fill("Bestandsaufnahme Angebote");
    await control.getByLabel("Bezeichnung der Welle").fill("2026");
    await control.getByRole("button", { name: "Zur Reihe hinzufügen" }).click();
    await control.getByText("Welle „2026“ der Reihe „Bestandsaufnahme Angebote“").waitFor();
    const state = await call<{ series: { name: string } | null; waveLabel: string }>("GET", `/surveys/${surveyId}/series`);
    expect([state.series?.name, state.waveLabel]).toEqual(["Bestandsaufnahme Angebote", "2026"]);
    await expectAccessible(page, "series control");

    await control.getByRole("button", { name: "Aus der Reihe nehmen" }).click();
    await control.getByText("Die Umfrage gehört zu keiner Reihe mehr.").waitFor();
    expect((await call<{ series: unknown }>("GET", `/surveys/${surveyId}/series`)).series).toBeNull();
  });

  it("says when a survey has no responses yet, and shows the server's message for a bad address", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("states"));
    await page.goto(`${server.url}/surveys/${emptySurveyId}/results`);
    await page.getByTestId("no-responses").waitFor();
    await expect(page.getByTestId("no-responses").textContent()).resolves.toBe("Noch keine abgeschickten Antworten.");
    await expect(page.locator("section.question-result").count()).resolves.toBe(0);

    await page.goto(`${server.url}/surveys/${surveyId}/results?answer=gibt.es.nicht&value=x`);
    const alert = page.locator(".results-report > .alert-error");
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe("Die Umfrage hat keine Frage „gibt.es.nicht“.");
    await expect(page.locator("section.question-result").count()).resolves.toBe(0);
    await expectAccessible(page, "results with an error");
  });

  it("shows an imported ranking by mean rank and a matrix of dropdowns cell by cell", async ({ onTestFailed }) => {
    onTestFailed(() => screenshotOnFailure("imported-kinds"));
    const youth = readFileSync(path.join(root, "test/fixtures/jugendbefragung.surveyjs.json"));
    const { surveyId: youthId } = await call<{ surveyId: string }>("POST", "/surveys/import", { fileName: "jugend.json", contentBase64: youth.toString("base64") });
    await call("PATCH", `/surveys/${youthId}`, { closingDate: "2099-12-31" });
    await call("POST", `/surveys/${youthId}/open`);
    const rankings = [
      ["sport", "freunde", "musik", "medien"],
      ["freunde", "sport", "medien", "musik"],
      ["freunde", "musik", "sport", "medien"],
    ];
    await call("POST", `/surveys/${youthId}/invitations`, { recipients: rankings.map((_, index) => ({ email: `jugend${index}@wuppertal.de`, name: "" })) });
    const { db } = server.database;
    for (const [index, ranking] of rankings.entries()) {
      let token: string | undefined;
      for (const deadline = Date.now() + 30_000; !token && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
        const mail = await db.selectFrom("dev_mailbox").select("text_body").where("to_address", "like", `%jugend${index}@%`).executeTakeFirst();
        token = mail?.text_body.match(/\/r\/([A-Za-z0-9_-]{20,})/)?.[1];
      }
      const answers = { alter: "14-15", schule: "nein", wichtig: ranking, angebote: { jz: { kenne: index < 2, note: index + 1 } } };
      const response = await fetch(`${server.url}/api/r/${token}/submit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answers, baseRevision: 0 }) });
      expect(response.status, await response.text()).toBe(200);
    }

    await page.goto(`${server.url}/surveys/${youthId}/results`);
    await expect.poll(() => count().textContent(), { timeout: 20_000 }).toBe("Alle 3 abgeschickten Antworten");
    // The ranking: options ordered by mean rank (Freunde 1,33 · Sport 2 · Musik 3 · Handy 3,67), places as bars and in the table.
    const ranking = question("wichtig");
    await expect(ranking.getByText(/^Reihenfolge nach mittlerem Rang/).isVisible()).resolves.toBe(true);
    const rankingLabel = (await ranking.getByRole("img").getAttribute("aria-label")) ?? "";
    expect(rankingLabel).toMatch(/Freunde treffen \(Ø Rang 1,3\); Sport \(Ø Rang 2\); Musik \(Ø Rang 3\); Handy und Computer \(Ø Rang 3,7\)/);
    const details = ranking.locator("details.data-table").first();
    await details.locator("summary").click();
    await expect(details.locator("thead th").allInnerTexts()).resolves.toEqual(["Antwort", "Platz 1", "Platz 2", "Platz 3", "Platz 4", "n", "Mittlerer Rang"]);
    await expect(details.locator("tbody th").allInnerTexts()).resolves.toEqual(["Freunde treffen", "Sport", "Musik", "Handy und Computer"]);
    await expect(tableRow("wichtig", "freunde")).resolves.toEqual(["2 (67 %)", "1 (33 %)", "0 (0 %)", "0 (0 %)", "3", "1,33"]);
    // The matrix of dropdowns: a part per row and column with its own chart and n.
    const matrix = question("angebote");
    const grade = matrix.locator('[data-item="jz.note"]');
    await expect(grade.getByRole("heading").textContent()).resolves.toBe("Jugendzentrum: Schulnote");
    await expect(grade.locator(".meta").first().textContent()).resolves.toBe("n = 3");
    await grade.locator("details.data-table summary").click();
    await expect(grade.locator('tr[data-value="2"] td').allInnerTexts()).resolves.toEqual(["1", "33 %"]);
    const known = matrix.locator('[data-item="jz.kenne"]');
    await known.locator("details.data-table summary").click();
    await expect(known.locator('tr[data-value="true"] th').textContent()).resolves.toBe("Ja");
    await expect(known.locator('tr[data-value="true"] td').allInnerTexts()).resolves.toEqual(["2", "67 %"]);
    await expect(matrix.locator('[data-item="bib.note"] .meta').first().textContent()).resolves.toBe("n = 0");
    await expectAccessible(page, "results of an imported ranking and matrix");
    await screenshot(page, "results-ranking-matrixdropdown");
  });
});
