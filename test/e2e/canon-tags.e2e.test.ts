import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshot, screenshotDirectory } from "./browser-support.ts";

/**
 * Life phases and fields of action in the canon browser and the form editor, in headless
 * Chromium against the real server: a life-phase filter finds the items about that phase and
 * says how many general items (tagged "all") it adds; leaving those out shows only the specific
 * ones, with the counts of the options following; an own question marked "Alle Lebensphasen"
 * turns up under every life phase. axe-core checks the filtered browser and the editor.
 */
requireChromiumOrExplain("canon tags browser test");

const HARD_TO_REACH = "Erreichen Sie auch Familien, die keine Regeleinrichtung (z. B. Kita) nutzen?";
const FRUEHE_HILFEN = "Arbeitet das Netzwerk mit der Koordination der Frühen Hilfen zusammen?";
const INSTITUTION_NAME = "Wie heißt Ihre Einrichtung bzw. Ihr Angebot?";
const OWN_TITLE = "Bietet Ihre Einrichtung Lernförderung an?";

describe.skipIf(!chromiumPath)("canon tags in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  async function screenshotOnFailure(name: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    if (page && !page.isClosed()) {
      const file = path.join(screenshotDirectory, `failure-${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot of the failing page: ${file} (${page.url()})`);
    }
  }

  const count = () => page.locator(".canon-count").textContent();
  const card = (title: string) => page.locator(".canon-item", { hasText: title });
  const lifePhase = () => page.getByLabel("Lebensphase", { exact: true });
  const fieldOfAction = () => page.getByLabel("Handlungsfeld", { exact: true });
  const includeGeneral = () => page.getByRole("checkbox", { name: "Allgemeine Fragen einbeziehen" });
  /** The number in an option's label, e.g. 119 in "Rund um die Kita (119)". */
  const optionCount = async (select: ReturnType<typeof lifePhase>, value: string) =>
    Number((await select.locator(`option[value="${value}"]`).textContent())?.match(/\((\d+)\)$/)?.[1]);

  it(
    "filters by life phase with and without the general questions",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("canon-tags-filter"));
      await page.goto(`${server.url}/`);
      await page.getByLabel("Name der Organisation").fill("Stadt Dortmund");
      await page.getByLabel("Ihr Name").fill("Petra Planer");
      await page.getByLabel("E-Mail-Adresse").fill("planung@dortmund.de");
      await page.getByLabel("Passwort").fill("ein-sicheres-passwort");
      await page.getByRole("button", { name: "Einrichten und anmelden" }).click();
      await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
      await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Fragenkanon" }).click();
      await page.getByRole("heading", { name: "Fragenkanon", level: 1 }).waitFor();
      await expect.poll(count).toMatch(/^\d+ Fragen gefunden$/);
      await expect(includeGeneral().count()).resolves.toBe(0);

      // "Rund um die Kita": the Kita items and the general ones, and the status line says how many are general.
      const withGeneral = await optionCount(lifePhase(), "early_childhood");
      expect(withGeneral).toBeGreaterThan(100);
      await lifePhase().selectOption("early_childhood");
      await expect.poll(count).toMatch(new RegExp(`^${withGeneral} Fragen gefunden, davon \\d+ allgemein`));
      await card(HARD_TO_REACH).waitFor();
      await card(INSTITUTION_NAME).waitFor();
      await expect(card(INSTITUTION_NAME).locator(".tag").allTextContents()).resolves.toEqual(expect.arrayContaining(["Alle Lebensphasen", "Alle Handlungsfelder"]));
      await expect(card(FRUEHE_HILFEN).locator(".tag").allTextContents()).resolves.toEqual(
        expect.arrayContaining(["Rund um Schwangerschaft und Geburt", "Rund um die Kita", "Kinder- und Jugendhilfe", "Gesundheit"]),
      );
      expect(await includeGeneral().isChecked()).toBe(true);
      await expectAccessible(page, "canon filtered by life phase");
      await screenshot(page, "canon-tags-1-kita-with-general");

      // Without the general questions: only what is about early childhood; the option counts follow.
      await includeGeneral().focus();
      await page.keyboard.press("Space");
      await expect.poll(count).toBe("2 Fragen gefunden");
      await card(HARD_TO_REACH).waitFor();
      await card(FRUEHE_HILFEN).waitFor();
      await expect(card(INSTITUTION_NAME).count()).resolves.toBe(0);
      expect(await optionCount(lifePhase(), "early_childhood")).toBe(2);
      expect(await optionCount(lifePhase(), "youth")).toBe(0);
      expect(await optionCount(fieldOfAction(), "social")).toBe(1);
      await screenshot(page, "canon-tags-2-kita-specific");

      // Both filters, then reset: the general questions are back.
      await fieldOfAction().selectOption("health");
      await expect.poll(count).toBe("1 Frage gefunden");
      await card(FRUEHE_HILFEN).waitFor();
      await page.getByRole("button", { name: "Filter zurücksetzen" }).click();
      await expect.poll(count).toMatch(/^\d+ Fragen gefunden$/);
      await lifePhase().selectOption("youth");
      expect(await includeGeneral().isChecked()).toBe(true);
      await expect.poll(count).toMatch(/^\d+ Fragen gefunden, davon \d+ allgemein/);
      await expect(card(HARD_TO_REACH).count()).resolves.toBe(0);
    },
    120_000,
  );

  it(
    "marks an own question as one for all life phases in the editor",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("canon-tags-editor"));
      await page.getByRole("link", { name: "Eigene Frage anlegen" }).click();
      await page.getByRole("heading", { name: "Eigene Frage anlegen", level: 1 }).waitFor();
      // A new draft's preview already names its still empty options, so nothing in it is unlabelled.
      const preview = page.getByRole("region", { name: "Vorschau" });
      await expect.poll(() => preview.getByRole("radio", { name: "(Antworttext fehlt noch)" }).count()).toBe(2);
      await expectAccessible(page, "new question editor");
      await page.getByLabel("Fragetyp").selectOption({ label: "Ja/Nein" });
      await page.getByLabel("Fragetext (Deutsch)").fill(OWN_TITLE);
      await page.getByLabel("Fragetext (Englisch)").fill("Does your institution offer learning support?");
      await page.getByLabel("Hilfetext (Deutsch)").fill("Gemeint ist Förderung außerhalb des Unterrichts.");
      await page.getByLabel("Hilfetext (Englisch)").fill("Support outside lessons.");

      const phases = page.getByRole("group", { name: "Lebensphasen" });
      const allPhases = phases.getByRole("checkbox", { name: "Alle Lebensphasen" });
      await phases.getByRole("checkbox", { name: "Rund um die Kita" }).check();
      await allPhases.focus();
      await page.keyboard.press("Space");
      expect(await allPhases.isChecked()).toBe(true);
      // Every single phase shows as included and cannot be unticked while "Alle" is on.
      for (const name of ["Rund um Schwangerschaft und Geburt", "Rund um die Kita", "Von der Grundschule bis in die weiterführende Schule"]) {
        const box = phases.getByRole("checkbox", { name, exact: false });
        expect(await box.isChecked(), name).toBe(true);
        expect(await box.isDisabled(), name).toBe(true);
      }
      await page.getByRole("group", { name: "Handlungsfelder" }).getByRole("checkbox", { name: "Bildung" }).check();
      await expectAccessible(page, "editor with tags");
      await screenshot(page, "canon-tags-3-editor");

      await page.getByRole("button", { name: "Frage anlegen" }).click();
      await page.getByText(`Die Frage „${OWN_TITLE}“ wurde angelegt.`).waitFor();

      // A general question as to life phase: found under adolescence, also without other general questions,
      // because it is specifically about education.
      await lifePhase().selectOption("youth");
      await card(OWN_TITLE).waitFor();
      await expect(card(OWN_TITLE).locator(".tag").allTextContents()).resolves.toEqual(["Alle Lebensphasen", "Bildung"]);
      await fieldOfAction().selectOption("education");
      await includeGeneral().uncheck();
      await expect.poll(count).toMatch(/^Keine Fragen speziell zu dieser Auswahl\. Mit „Allgemeine Fragen einbeziehen“/);
      await includeGeneral().check();
      await card(OWN_TITLE).waitFor();
      await lifePhase().selectOption("");
      await includeGeneral().uncheck();
      await expect.poll(count).toBe("1 Frage gefunden");
      await card(OWN_TITLE).waitFor();
    },
    120_000,
  );
});
