import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import {
  chromiumPath,
  ensureClientBuilt,
  expectAccessible,
  launchChromium,
  requireChromiumOrExplain,
  screenshot,
  screenshotDirectory,
} from "./browser-support.ts";

/**
 * The whole loop through the real UI in headless Chromium, against the real server (in-process,
 * PGlite in memory, dev mailbox): setup → compose from the canon → preview → open → paste
 * recipients → send → mail → respond with a draft, reload, submit → results. axe-core checks
 * the main pages for WCAG 2.1 AA problems on the way.
 *
 * Set E2E_SCREENSHOTS=1 to keep a screenshot of every step in test-results/e2e/, and
 * AXE_VERBOSE=1 to list every axe finding (also the minor ones that do not fail the test).
 */

requireChromiumOrExplain("whole-loop browser test");

const SURVEY_TITLE = "Netzwerkbefragung Stadtteilkonferenzen 2025";
const SPHERE_TITLE = "Auf welchen Wirkungskreis bezieht sich das Netzwerk?";
const FREE_TEXT_TITLE = "Was hat das Netzwerk bisher erreicht?";
const FREE_TEXT_ANSWER = "Regelmäßige Treffen und ein gemeinsamer Ferienkalender.";
const MESSY_RECIPIENTS = [
  'Anna Beispiel <anna.beispiel@example.org>; bernd@example.org',
  '"Müller, Carla" <carla.mueller@example.org>',
  "keine-adresse.example.org",
  "BERND@example.org",
].join("\n");

/** A screenshot of the step when E2E_SCREENSHOTS=1. */
const step = (page: Page, name: string) => screenshot(page, name);

describe.skipIf(!chromiumPath)("whole loop in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let planner: BrowserContext;
  let respondent: BrowserContext | undefined;
  const openPages: Page[] = [];
  /** A second recipient's link, for the draft-conflict test. */
  let secondLink = "";

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    planner = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
  }, 120_000);

  /** On failure: a screenshot of every open page into test-results/e2e/. */
  async function screenshotOnFailure(testName: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    for (const [index, page] of openPages.entries()) {
      if (page.isClosed()) continue;
      const file = path.join(screenshotDirectory, `failure-${testName}-${index}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot of the failing page: ${file} (${page.url()})`);
    }
  }

  afterAll(async () => {
    await respondent?.close();
    await planner?.close();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it(
    "runs setup → compose → open → invite → respond → results",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("whole-loop"));
      const page = await planner.newPage();
      openPages.push(page);
      page.setDefaultTimeout(20_000);

      // First run: the app sends an empty installation to the setup page.
      await page.goto(`${server.url}/`);
      await expect.poll(() => page.url()).toContain("/setup");
      await page.getByRole("heading", { name: "Kanon einrichten" }).waitFor();
      await page.getByLabel("Name der Organisation").waitFor();
      await step(page, "01-setup");
      await expectAccessible(page, "setup");
      await page.getByLabel("Name der Organisation").fill("Stadt Wuppertal");
      await page.getByLabel("Ihr Name").fill("Petra Planer");
      await page.getByLabel("E-Mail-Adresse").fill("planung@wuppertal.de");
      await page.getByLabel("Passwort").fill("ein-sicheres-passwort");
      await page.getByRole("button", { name: "Einrichten und anmelden" }).click();

      // New survey.
      await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
      await expect(page.locator(".brand-org").textContent()).resolves.toBe("Stadt Wuppertal");
      await page.getByLabel("Titel der neuen Umfrage").fill(SURVEY_TITLE);
      await page.getByRole("button", { name: "Anlegen" }).click();
      await page.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
      const surveyPath = new URL(page.url()).pathname;
      expect(surveyPath).toMatch(/^\/surveys\/[0-9a-f-]{36}$/);

      // Compose from the canon.
      await page.getByLabel("Einleitungstext").fill("Liebe Netzwerkkoordination, bitte nehmen Sie sich zehn Minuten Zeit.");
      await page.getByLabel("Abschlusstext", { exact: true }).fill("Danke!\n\nDie Ergebnisse stellen wir zuerst den Netzwerken vor.");
      await page.getByLabel("Frist (letzter Tag)").fill("2099-12-31");
      const search = page.getByLabel("Im Kanon suchen");
      await search.fill("Wirkungskreis");
      await page.getByRole("button", { name: `Hinzufügen: ${SPHERE_TITLE}` }).click();
      await search.fill("Netzwerk");
      await page.getByRole("button", { name: `Hinzufügen: ${FREE_TEXT_TITLE}` }).click();
      const picked = page.locator(".picked-item");
      await expect.poll(() => picked.count()).toBe(2);
      // Reorder with the keyboard-accessible buttons and back again.
      await page.getByRole("button", { name: `Nach unten: ${SPHERE_TITLE}` }).click();
      await expect.poll(() => picked.first().textContent()).toContain(FREE_TEXT_TITLE);
      await page.getByRole("button", { name: `Nach oben: ${SPHERE_TITLE}` }).click();
      await expect.poll(() => picked.first().textContent()).toContain(SPHERE_TITLE);
      // Two pages: the free-text question moves to a page of its own.
      await page.getByRole("button", { name: "Seite hinzufügen" }).click();
      await page.getByLabel(`Zielseite für: ${FREE_TEXT_TITLE}`).selectOption({ label: "Seite 2" });
      await page.getByRole("button", { name: `Auf gewählte Seite verschieben: ${FREE_TEXT_TITLE}` }).click();
      await expect.poll(() => page.locator(".builder-page").nth(1).textContent()).toContain(FREE_TEXT_TITLE);
      await expect.poll(() => page.locator(".save-status").textContent(), { timeout: 15_000 }).toBe("Gespeichert");
      await step(page, "02-compose");
      await expectAccessible(page, "compose");

      // Preview renders the survey with SurveyJS, as respondents will see it.
      await page.getByRole("link", { name: "Vorschau" }).click();
      await page.getByText(SPHERE_TITLE).first().waitFor();
      await page.getByText("Stadtteil", { exact: true }).first().waitFor();
      await step(page, "03-preview");
      await page.getByRole("link", { name: "Zurück zu den Fragen" }).click();

      // Open the survey, confirming that its questions are frozen.
      await page.getByRole("button", { name: "Umfrage öffnen" }).click();
      const dialog = page.getByRole("dialog", { name: "Umfrage öffnen?" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Ja, Umfrage öffnen" }).click();
      await page.locator(".workspace-head .badge", { hasText: "Geöffnet" }).waitFor();

      // Recipients: a messy paste with an invalid entry and a duplicate.
      await page.getByRole("navigation", { name: "Bereiche der Umfrage" }).getByRole("link", { name: "Empfänger" }).click();
      const textarea = page.getByLabel("E-Mail-Adressen einfügen");
      await textarea.fill(MESSY_RECIPIENTS);
      const invalidRow = page.locator(".check-table tr", { hasText: "keine-adresse.example.org" });
      await invalidRow.getByText("Es fehlt das @-Zeichen").waitFor();
      await page.locator(".check-table tr", { hasText: "bernd@example.org" }).getByText("Doppelt – wird zusammengeführt").waitFor();
      const sendButton = page.getByRole("button", { name: "3 Einladungen senden" });
      await sendButton.waitFor();
      await step(page, "04-recipients");
      await expectAccessible(page, "recipients");
      await sendButton.click();
      await page.getByText("3 Einladungen werden versendet.").waitFor();
      await expect.poll(() => textarea.inputValue()).toBe("keine-adresse.example.org");
      // The invalid entry is still checked and explained after sending.
      await invalidRow.getByText("Es fehlt das @-Zeichen").waitFor();
      const invitationRows = page.locator("section[aria-labelledby='invitations-heading'] tbody tr");
      await expect.poll(() => invitationRows.count()).toBe(3);
      await page.getByText("3 von 3 versendet").waitFor({ timeout: 20_000 });
      await step(page, "05-sent");

      // The dev mailbox has the invitation.
      await page.getByRole("link", { name: "Test-Postfach" }).click();
      const mailEntry = page.locator(".mail-entry", { hasText: "anna.beispiel@example.org" });
      await mailEntry.waitFor({ timeout: 20_000 });
      await mailEntry.click();
      const respondentLink = page.locator(".mail-text a[href*='/r/']").first();
      await respondentLink.waitFor();
      const link = await respondentLink.getAttribute("href");
      // The link names the recipient's language, so the page opens in it.
      expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{20,}\?lang=de$/);
      await step(page, "06-mailbox");
      await page.locator(".mail-entry", { hasText: "bernd@example.org" }).click();
      await page.locator(".mail-view", { hasText: "bernd@example.org" }).waitFor();
      secondLink = (await page.locator(".mail-text a[href*='/r/']").first().getAttribute("href")) ?? "";
      expect(secondLink).not.toBe(link);

      // As the respondent, in a browser context of their own.
      respondent = await browser.newContext({ locale: "de-DE", viewport: { width: 390, height: 844 } });
      const answerPage = await respondent.newPage();
      openPages.push(answerPage);
      answerPage.setDefaultTimeout(20_000);
      await answerPage.goto(link!);
      await answerPage.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
      await answerPage.getByText(SPHERE_TITLE).first().waitFor();
      await expect(answerPage.locator(".brand-name").textContent()).resolves.toBe("Stadt Wuppertal");
      await step(answerPage, "07-respondent");
      await expectAccessible(answerPage, "respondent");

      // Half: the choice question, saved as a draft.
      await answerPage.getByText("Stadtteil", { exact: true }).first().click();
      await expect.poll(() => answerPage.getByTestId("save-status").textContent(), { timeout: 15_000 }).toBe("Gespeichert");
      await answerPage.reload();
      await answerPage.getByText(SPHERE_TITLE).first().waitFor();
      await expect.poll(() => answerPage.getByRole("radio", { name: "Stadtteil" }).isChecked()).toBe(true);

      // The rest, then submit.
      await answerPage.getByRole("button", { name: "Weiter" }).click();
      const freeText = answerPage.getByRole("textbox", { name: FREE_TEXT_TITLE });
      await freeText.fill(FREE_TEXT_ANSWER);
      await freeText.blur();
      await answerPage.getByRole("button", { name: "Abschließen" }).click();
      await answerPage.getByRole("heading", { name: "Vielen Dank!" }).waitFor();
      await answerPage.getByText("Ihre Antworten wurden abgeschickt.").waitFor();
      // The planner's closing text, as plain paragraphs.
      await answerPage.locator(".closing-text p", { hasText: "Die Ergebnisse stellen wir zuerst den Netzwerken vor." }).waitFor();
      await expect.poll(() => answerPage.locator(".survey-readonly").textContent()).toContain(SPHERE_TITLE);
      await expect.poll(() => answerPage.getByRole("textbox", { name: FREE_TEXT_TITLE }).inputValue()).toBe(FREE_TEXT_ANSWER);
      await step(answerPage, "08-thank-you");

      // Back as the planner: results count the submission and the chosen answer.
      await page.goto(`${server.url}${surveyPath}/results`);
      await page.getByRole("heading", { name: "Ergebnisse", level: 2 }).waitFor();
      await expect.poll(() => page.getByTestId("tile-submitted").locator("dd").textContent(), { timeout: 20_000 }).toBe("1");
      const sphere = page.locator("section.question-result", { hasText: SPHERE_TITLE });
      await sphere.locator("canvas[role='img']").waitFor();
      expect(await sphere.locator("canvas").getAttribute("aria-label")).toContain("Stadtteil: 1");
      await sphere.getByText("Daten als Tabelle").click();
      const chosenRow = sphere.locator("tbody tr", { has: page.getByRole("rowheader", { name: "Stadtteil", exact: true }) });
      await expect.poll(() => chosenRow.locator("td").first().textContent()).toBe("1");
      const texts = page.locator("section.question-result", { hasText: FREE_TEXT_TITLE });
      await texts.getByText(FREE_TEXT_ANSWER).waitFor();
      await step(page, "09-results");
      await expectAccessible(page, "results");
    },
    120_000,
  );

  it(
    "merges a draft saved elsewhere, saves after being offline, and switches to English",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("draft-conflict"));
      expect(secondLink, "the whole-loop test must run first").toMatch(/\/r\//);
      const token = secondLink.slice(secondLink.lastIndexOf("/") + 1);
      const stored = async () =>
        ((await (await fetch(`${server.url}/api/r/${token}`)).json()) as { answers: Record<string, unknown> }).answers;
      const first = await browser.newContext({ locale: "de-DE" });
      const second = await browser.newContext({ locale: "de-DE" });
      try {
        const deviceA = await first.newPage();
        const deviceB = await second.newPage();
        openPages.push(deviceA, deviceB);
        for (const device of [deviceA, deviceB]) {
          device.setDefaultTimeout(20_000);
          await device.goto(secondLink);
          await device.getByText(SPHERE_TITLE).first().waitFor();
        }
        const status = (device: Page) => () => device.getByTestId("save-status").textContent();

        // Device A saves first; device B still holds revision 0 and writes another answer.
        await deviceA.getByText("Quartier", { exact: true }).first().click();
        await expect.poll(status(deviceA), { timeout: 15_000 }).toBe("Gespeichert");
        await deviceB.getByRole("button", { name: "Weiter" }).click();
        const freeText = deviceB.getByRole("textbox", { name: FREE_TEXT_TITLE });
        await freeText.fill(FREE_TEXT_ANSWER);
        await freeText.blur();
        await expect.poll(status(deviceB), { timeout: 15_000 }).toBe("Gespeichert");
        // The conflict was merged: both answers are stored, and device B shows A's answer too.
        await expect.poll(stored).toMatchObject({ "network.achievements": FREE_TEXT_ANSWER, "network.sphere": "quartier" });
        await deviceB.getByRole("button", { name: "Zurück" }).click();
        await expect.poll(() => deviceB.getByRole("radio", { name: "Quartier" }).isChecked()).toBe(true);

        // Offline: the answer waits, the status says so, and it is saved once back online.
        await second.setOffline(true);
        await deviceB.getByText("Stadtteil", { exact: true }).first().click();
        await expect
          .poll(status(deviceB), { timeout: 15_000 })
          .toBe("Offline – wird gespeichert, sobald die Verbindung zurück ist");
        await second.setOffline(false);
        await expect.poll(status(deviceB), { timeout: 30_000 }).toBe("Gespeichert");
        await expect.poll(stored).toMatchObject({ "network.sphere": "stadtteil", "network.achievements": FREE_TEXT_ANSWER });

        // English for respondents who prefer it: questions and the page language switch.
        await deviceB.getByRole("button", { name: "English" }).click();
        await deviceB.getByText("Which sphere does the network cover?").waitFor();
        expect(await deviceB.evaluate(() => document.documentElement.lang)).toBe("en");
        await step(deviceB, "11-respondent-english");
      } finally {
        await first.close();
        await second.close();
      }
    },
    90_000,
  );

  it(
    "explains an unknown respondent link",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("unknown-link"));
      const context = await browser.newContext({ locale: "de-DE" });
      try {
        const page = await context.newPage();
        openPages.push(page);
        await page.goto(`${server.url}/r/doesnotexist0000000000000000000000`);
        await page.getByRole("heading", { name: "Link unbekannt" }).waitFor({ timeout: 20_000 });
        await page.getByText("Diesen Link kennen wir nicht.").waitFor();
        await step(page, "10-unknown-link");
        // A cut-off link (too short for a token) gets the same clear page.
        await page.goto(`${server.url}/r/doesnotexist`);
        await page.getByRole("heading", { name: "Link unbekannt" }).waitFor({ timeout: 20_000 });
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
