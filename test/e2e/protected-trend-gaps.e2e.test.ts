import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshot } from "./browser-support.ts";

/**
 * The gap matrix and the trend of a pseudonymous survey in headless Chromium (in-process server,
 * PGlite in memory): two waves of a stocktaking, k = 5. Withheld cells say "ausgeblendet" (and
 * why, spoken), cannot be opened, the totals over them are withheld, the charts still draw; the
 * page stays axe-clean.
 */
requireChromiumOrExplain("protected trend and gap matrix browser test");

const ORGANISATION = "Stadt Wuppertal";
const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };

describe.skipIf(!chromiumPath)("trend and gap matrix of a pseudonymous survey in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let session = "";
  let csrfToken = "";
  let currentWave = "";

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

  /** Submitted answers: each an institution in Nord with offers for one life phase, and its sphere. */
  async function answer(surveyId: string, institutions: { phase: string; sphere: string }[]) {
    const organisationId = (await server.database.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow()).id;
    await server.database.db
      .insertInto("responses")
      .values(
        institutions.map((institution, index) => ({
          organisation_id: organisationId,
          survey_id: surveyId,
          invitation_id: null,
          answers: JSON.stringify({
            "actor.district": "Nord",
            "actor.offers": [{ offer_name: `Angebot ${index}`, life_phases: [institution.phase] }],
            "network.sphere": institution.sphere,
          }),
          status: "submitted" as const,
          submitted_at: new Date(),
        })),
      )
      .execute();
    await releaseSeededAnswers(server.database.db);
  }

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: ORGANISATION, ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;
    for (const name of ["Nord", "Süd"]) await call("POST", "/directory/districts", { name });

    const items = ["actor.district", "actor.offers", "network.sphere"].map((itemId) => ({ itemId, version: 1 }));
    const before = (await call<{ id: string }>("POST", "/surveys", { title: "Bestandsaufnahme 2025" })).id;
    await call("PATCH", `/surveys/${before}`, { items, privacyMode: "pseudonymous" });
    await call("POST", `/surveys/${before}/open`);
    const series = await call<{ series: { id: string } }>("PUT", `/surveys/${before}/series`, { newSeriesName: "Bestandsaufnahme", waveLabel: "2025" });
    await answer(before, [...Array(6).fill({ phase: "early_childhood", sphere: "stadtteil" }), { phase: "school", sphere: "stadtteil" }]);

    currentWave = (await call<{ id: string }>("POST", "/surveys", { title: "Bestandsaufnahme 2026" })).id;
    await call("PATCH", `/surveys/${currentWave}`, { items, privacyMode: "pseudonymous" });
    await call("POST", `/surveys/${currentWave}/open`);
    await call("PUT", `/surveys/${currentWave}/series`, { seriesId: series.series.id, waveLabel: "2026" });
    // 2026: five institutions for early childhood, two for school (withheld); spheres 5 : 2 (withheld, and 5 with them).
    await answer(currentWave, [
      ...Array(5).fill({ phase: "early_childhood", sphere: "stadtteil" }),
      { phase: "school", sphere: "quartier" },
      { phase: "school", sphere: "quartier" },
    ]);

    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: "kanon_session", value: session, url: server.url }]);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it("withholds the small cells of the gap matrix and the trend, says so, and stays accessible", async () => {
    await page.goto(`${server.url}/surveys/${currentWave}/results`);
    const gaps = page.locator("section.gap-matrix");
    await gaps.locator("table.gap-table").waitFor();
    await expect(gaps.locator(".gap-protected-note").textContent()).resolves.toContain("weniger als 5 Einrichtungen");
    // Nord: early childhood shown (5) and openable; school withheld: no button, "ausgeblendet", the row total too.
    const nord = gaps.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: "Nord" }) });
    const withheld = nord.locator("td[data-suppressed='true'] .gap-cell-withheld");
    await expect(withheld.count()).resolves.toBe(1);
    await expect(withheld.textContent()).resolves.toContain("ausgeblendet");
    await expect(withheld.locator("button").count()).resolves.toBe(0);
    await expect(nord.locator("td.number").textContent()).resolves.toContain("ausgeblendet");
    await expect(gaps.locator(".meta").first().textContent()).resolves.toContain("Gesamtzahlen ausgeblendet");
    // The wave before had six for early childhood, and school withheld then too.
    const earlyChildhood = nord.getByRole("button", { name: /frühe Kindheit/ });
    await expect(earlyChildhood.textContent()).resolves.toContain("(zuvor 6)");
    await expect(withheld.textContent()).resolves.toContain("(zuvor ausgeblendet)");
    await earlyChildhood.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("table").waitFor();
    await expect(dialog.locator("tbody tr").count()).resolves.toBe(5);
    // Listed by name only here: no life phases (nor free texts) beside them.
    await expect(dialog.locator("dt").count()).resolves.toBe(0);
    await dialog.getByRole("button", { name: "Schließen" }).click();

    const trend = page.locator("section.trend");
    await trend.getByRole("heading", { name: "Entwicklung über die Wellen" }).waitFor();
    await expect(trend.locator(".trend-waves").textContent()).resolves.toContain("pseudonym: nur geschützte Zahlen");
    await expect(trend.locator(".trend-protected-note").textContent()).resolves.toContain("mindestens 5 Antworten");
    const question = trend.locator('section.trend-question[data-canon-id="network.sphere"]');
    await question.locator("details.data-table summary").click();
    // 2026: quartier 2 withheld and stadtteil 5 with it; 2025: stadtteil 7, shown.
    await expect(question.locator("td[data-suppressed='true']").count()).resolves.toBeGreaterThan(0);
    await expect(question.locator("table").textContent()).resolves.toContain("ausgeblendet");
    await expect(question.locator("canvas").count()).resolves.toBe(1);
    await expect(question.locator("canvas").getAttribute("aria-label")).resolves.toContain("2026 (n = 7): Quartier ausgeblendet");
    await expect(question.textContent()).resolves.toContain("Ausgeblendete Werte fehlen im Diagramm");

    await screenshot(page, "protected-trend-gaps");
    await expectAccessible(page, "protected trend and gap matrix");
  });
});
