import path from "node:path";
import type { Browser, BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshot, screenshotDirectory, stepScreenshots } from "./browser-support.ts";

/**
 * "Explore an example municipality" in headless Chromium against the real server (in-process,
 * PGlite in memory), from a fresh installation: the setup page's option, the example's account
 * and share links, the banner marking example data, the results page of the running wave with
 * its gap matrix, trend and share links, a network view, and "Beispiel löschen" back to the
 * setup. No console errors, every page axe-clean (WCAG 2.1 AA). The server serves the client
 * from dist/client, which `npm test` builds first (as for the other browser tests).
 */
requireChromiumOrExplain("example municipality browser test");

describe.skipIf(!chromiumPath)("example municipality in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  let credentials = { email: "", password: "" };
  let viewLinks: { name: string; url: string }[] = [];

  function watch(target: Page) {
    target.setDefaultTimeout(30_000);
    target.on("console", (message: ConsoleMessage) => {
      if (message.type() === "error") consoleErrors.push(`${target.url()}: ${message.text()}`);
    });
    target.on("pageerror", (error) => consoleErrors.push(`${target.url()}: ${error.message}`));
  }

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page);
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  async function failWithScreenshot<T>(name: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      await screenshot(page, `example-failed-${name}`, true).catch(() => undefined);
      console.error(`Screenshot of the failing page: ${path.join(screenshotDirectory, `example-failed-${name}.png`)} (${page.url()})`);
      throw error;
    }
  }

  it("offers the example on the setup page, creates it and shows the account and share links once", async () => {
    await failWithScreenshot("setup", async () => {
      // Straight to the setup page: a first visit to "/" asks who is signed in (401 in the console) before it redirects here.
      await page.goto(`${server.url}/setup`);
      await page.getByRole("heading", { level: 1, name: "Kanon einrichten" }).waitFor();
      await page.getByRole("heading", { name: "Erst einmal ausprobieren?" }).waitFor();
      await expectAccessible(page, "setup with the example option");
      await screenshot(page, "example-setup");

      await page.getByRole("button", { name: "Beispielkommune erkunden" }).click();
      await page.getByRole("heading", { name: "Musterstadt ist bereit" }).waitFor({ timeout: 60_000 });
      credentials = {
        email: (await page.getByTestId("example-email").textContent()) ?? "",
        password: (await page.getByTestId("example-password").textContent()) ?? "",
      };
      expect(credentials.email).toBe("planung@musterstadt.example");
      expect(credentials.password).toMatch(/^musterstadt-/);
      // The admin form is gone: this is the example's page now.
      expect(await page.getByLabel("Name der Organisation").count()).toBe(0);
      const links = page.getByTestId("example-network-view");
      expect(await links.count()).toBe(3);
      viewLinks = [];
      for (let index = 0; index < 3; index++) {
        viewLinks.push({ name: (await links.nth(index).textContent()) ?? "", url: (await links.nth(index).getAttribute("href")) ?? "" });
      }
      expect(viewLinks.map((link) => link.url).every((url) => url.startsWith(`${server.url}/n/`))).toBe(true);
      await expectAccessible(page, "example ready");
      await screenshot(page, "example-ready");
    });
  }, 120_000);

  it("marks every planner page as example data, and the shown credentials sign in", async () => {
    await failWithScreenshot("surveys", async () => {
      await page.getByRole("button", { name: "Zu Musterstadt" }).click();
      await page.getByRole("heading", { level: 1, name: "Umfragen" }).waitFor();
      const banner = page.getByTestId("example-banner");
      await expect(banner.textContent()).resolves.toContain("Beispieldaten – Musterstadt ist erfunden.");
      await expect(page.locator(".brand-org").textContent()).resolves.toBe("Musterstadt (Beispiel)");
      await page.getByRole("link", { name: /^Bestandsaufnahme Angebote \d{4}$/ }).first().waitFor();
      expect(await page.locator(".survey-card").count()).toBe(4);
      await expectAccessible(page, "example survey list");
      await screenshot(page, "example-surveys");
      await page.getByRole("link", { name: "Verzeichnis" }).click();
      // The directory's first page of institutions, some of them members of a Stadtteilkonferenz.
      await page.locator("table tbody tr").nth(20).waitFor();
      await expect(page.locator("table tbody").textContent()).resolves.toContain("Stadtteilkonferenz");
      await expect(page.getByTestId("example-banner").isVisible()).resolves.toBe(true);

      const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(credentials) });
      expect(login.status).toBe(200);
    });
  }, 60_000);

  it("opens the results of the running wave with the gap matrix, the trend and the share links", async () => {
    await failWithScreenshot("results", async () => {
      await page.getByRole("link", { name: "Umfragen" }).click();
      const year = new Date().getFullYear();
      await page.getByRole("link", { name: `Bestandsaufnahme Angebote ${year}`, exact: true }).click();
      await page.getByRole("link", { name: "Ergebnisse" }).click();
      await page.waitForURL(/\/results/);
      await page.locator('section[data-question="actor.access_mode"]').first().waitFor();

      const gaps = page.locator("section.gap-matrix");
      await gaps.getByRole("heading", { name: "Lücken und Überangebot" }).waitFor();
      await gaps.locator("table.gap-table").waitFor();
      expect(await gaps.locator(".gap-cell-gap").count()).toBeGreaterThan(0);
      expect(await gaps.locator(".gap-cell-many").count()).toBeGreaterThan(0);
      await expect(gaps.locator("tbody").textContent()).resolves.toContain("Ostpark");

      const trend = page.locator("section.trend");
      await trend.getByRole("heading", { name: "Entwicklung über die Wellen" }).waitFor();
      await expect(trend.locator(".trend-waves").textContent()).resolves.toContain(String(year - 1));
      await trend.getByRole("heading", { name: "Wie erreicht Ihr Angebot die Familien?" }).waitFor();

      const sharing = page.getByTestId("network-share");
      await sharing.locator("tbody th", { hasText: "Stadtteilkonferenz Altstadt-Süd" }).waitFor();

      await expectAccessible(page, "example results");
      if (stepScreenshots) {
        await gaps.screenshot({ path: path.join(screenshotDirectory, "example-gap-matrix.png") });
        await trend.locator("section, article, .card").first().screenshot({ path: path.join(screenshotDirectory, "example-trend-question.png") });
        await sharing.screenshot({ path: path.join(screenshotDirectory, "example-share-links.png") });
      }
    });
  }, 120_000);

  it("opens a network view of the example", async () => {
    await failWithScreenshot("network-view", async () => {
      const members = viewLinks.find((link) => link.name.startsWith("Netzwerk Frühe Hilfen"))!;
      const viewPage = await context.newPage();
      watch(viewPage);
      await viewPage.goto(members.url);
      await viewPage.getByRole("heading", { level: 1, name: "Ergebnisse für Netzwerk Frühe Hilfen Musterstadt" }).waitFor();
      await expect(viewPage.getByTestId("respondents").textContent()).resolves.toMatch(/\d+/);
      await viewPage.locator('section[data-question="network.perception"]').getByRole("img").waitFor();
      await expectAccessible(viewPage, "example network view");
      await screenshot(viewPage, "example-network-view");
      await viewPage.close();
    });
  }, 60_000);

  /** Lines of the visible text that show an internal code: a question id, a `{…}` variable, a `v1`-style value code. */
  async function internalCodes(scope: string): Promise<string[]> {
    const text = await page.locator(scope).first().innerText();
    const patterns = [
      /\{\s*(?:own|actor|network|municipal|standards)\.[^}]*\}/,
      /(?<![\w@./-])(?:own|actor|network|municipal|standards)\.[a-z][a-z0-9_]*/,
      /(?<![\w./-])v\d+(?![\w.])/,
    ];
    return text.split("\n").filter((line) => patterns.some((pattern) => pattern.test(line)));
  }

  it("resolves the planner addresses people type: /surveys, trailing slashes, the questions tab by name", async () => {
    await failWithScreenshot("routes", async () => {
      await page.goto(`${server.url}/surveys`);
      await page.getByRole("heading", { level: 1, name: "Umfragen" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      await page.goto(`${server.url}/surveys/`);
      await page.getByRole("heading", { level: 1, name: "Umfragen" }).waitFor();
      const surveys = (await page.evaluate(async () => (await (await fetch("/api/surveys")).json()).surveys)) as { id: string; title: string }[];
      const survey = surveys[0]!;
      await page.goto(`${server.url}/surveys/${survey.id}/`);
      await page.getByRole("heading", { level: 1, name: survey.title }).waitFor();
      await expect(page.getByRole("navigation", { name: "Bereiche der Umfrage" }).getByRole("link", { name: "Fragen" }).getAttribute("aria-current")).resolves.toBe("page");
      await page.goto(`${server.url}/surveys/${survey.id}/fragen`);
      await page.waitForURL(new RegExp(`/surveys/${survey.id}$`));
      await page.goto(`${server.url}/surveys/${survey.id}/results/`);
      await page.getByRole("heading", { name: "Ergebnisse", level: 2 }).first().waitFor();
      await page.goto(`${server.url}/directory/institutions`);
      await page.waitForURL(/\/directory$/);
      await page.goto(`${server.url}/surveys/${survey.id}/nonsense`);
      await page.getByRole("heading", { level: 1, name: "Seite nicht gefunden" }).waitFor();
    });
  }, 120_000);

  it("shows planners titles and labels, never internal codes, on every planner page", async () => {
    await failWithScreenshot("codes", async () => {
      const found: string[] = [];
      const check = async (name: string, scope = "main") => {
        for (const line of await internalCodes(scope)) found.push(`${name}: ${line}`);
      };
      const surveys = (await page.evaluate(async () => (await (await fetch("/api/surveys")).json()).surveys)) as { id: string; title: string }[];
      expect(surveys.length).toBe(4);

      await page.goto(`${server.url}/`);
      await page.locator(".survey-card").first().waitFor();
      await check("survey list");

      for (const survey of surveys) {
        await page.goto(`${server.url}/surveys/${survey.id}`);
        await page.locator(".builder-page").first().waitFor();
        await check(`builder of ${survey.title}`);
        await page.goto(`${server.url}/surveys/${survey.id}/recipients`);
        await page.locator(".invitations-table, table").first().waitFor();
        await check(`recipients of ${survey.title}`);
        await page.goto(`${server.url}/surveys/${survey.id}/results`);
        await page.locator("section.question-result, [data-testid=protected-fewer]").first().waitFor();
        await expect.poll(() => page.locator(".loading").count(), { timeout: 30_000 }).toBe(0);
        await check(`results of ${survey.title}`);
      }

      // One respondent's answers, as the planner reads them (the network analysis is identified).
      const analysis = surveys.find((survey) => survey.title.startsWith("Netzwerkanalyse"))!;
      await page.goto(`${server.url}/surveys/${analysis.id}/recipients`);
      await page
        .locator("tr", { has: page.locator(".invitation-submitted") })
        .getByRole("button", { name: /^Antworten von .+ ansehen$/ })
        .first()
        .click();
      const answers = page.getByRole("dialog");
      await answers.locator(".response-view").waitFor();
      await check("a respondent's answers", "dialog");
      // Set the response aside (it stays, counted nowhere), then count it again.
      await answers.getByLabel("Grund für den Ausschluss").fill("Testantwort der Verwaltung");
      await answers.getByRole("button", { name: "Aus den Ergebnissen ausschließen" }).click();
      await answers.getByRole("button", { name: "Wieder einbeziehen" }).waitFor();
      await expect(answers.locator(".response-exclusion .notice").textContent()).resolves.toContain("Testantwort der Verwaltung");
      await check("an excluded response", "dialog");
      await answers.getByRole("button", { name: "Wieder einbeziehen" }).click();
      await answers.getByRole("button", { name: "Aus den Ergebnissen ausschließen" }).waitFor();
      await answers.getByRole("button", { name: "Schließen" }).last().click();

      await page.goto(`${server.url}/canon`);
      const closed = page.locator("button.module-toggle[aria-expanded=false]");
      await closed.first().waitFor();
      while ((await closed.count()) > 0) await closed.first().click();
      await check("canon");

      for (const path of ["/directory", "/directory/networks", "/directory/districts", "/team", "/settings", "/audit"]) {
        await page.goto(`${server.url}${path}`);
        await page.locator("main h1").waitFor();
        await expect.poll(() => page.locator("main .loading").count(), { timeout: 30_000 }).toBe(0);
        await check(path);
      }
      expect(found).toEqual([]);
    });
  }, 600_000);

  it("shows the pseudonymous member survey only in protected aggregates, also broken down by district", async () => {
    await failWithScreenshot("protected", async () => {
      const surveys = (await page.evaluate(async () => (await (await fetch("/api/surveys")).json()).surveys)) as { id: string; title: string }[];
      const members = surveys.find((survey) => survey.title.startsWith("Mitgliederbefragung"))!;
      await page.goto(`${server.url}/surveys/${members.id}/results?group=district`);
      const notice = page.locator(".protected-results .notice");
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain("pseudonym");
      // The breakdown: a row per district, small cells withheld with the reason for screen readers.
      const table = page.locator("table.breakdown-table").first();
      await table.waitFor();
      expect(await table.locator("tbody tr").count()).toBeGreaterThan(1);
      expect(await page.locator('table.breakdown-table td[data-suppressed="true"]').count()).toBeGreaterThan(0);
      await expect(page.locator('table.breakdown-table td[data-suppressed="true"] .visually-hidden').first().textContent()).resolves.toContain("weniger als");
      await page.goto(`${server.url}/surveys/${members.id}/results`);
      await notice.waitFor();
      await expectAccessible(page, "protected results");
    });
  }, 120_000);

  it("has logged no console errors while exploring", () => {
    expect(consoleErrors).toEqual([]);
  });

  it("deletes the example in one step and returns to the setup page", async () => {
    await failWithScreenshot("delete", async () => {
      await page.getByTestId("example-banner").getByRole("button", { name: "Beispiel löschen" }).click();
      const dialog = page.getByRole("dialog", { name: "Beispiel löschen?" });
      await dialog.getByRole("button", { name: "Beispiel löschen" }).click();
      await page.waitForURL(/\/setup$/);
      await page.getByRole("button", { name: "Beispielkommune erkunden" }).waitFor();
      const organisations = await server.database.db.selectFrom("organisations").select("id").execute();
      expect(organisations).toEqual([]);
      // The session check after the deletion answers 401 (the account is gone): that is the only message allowed.
      expect(consoleErrors.filter((message) => !/status of 401/.test(message))).toEqual([]);
    });
  }, 60_000);
});
