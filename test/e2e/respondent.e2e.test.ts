import { mkdirSync, readFileSync } from "node:fs";
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
 * The respondent's side in headless Chromium against the real server (in-process, PGlite in
 * memory, dev mailbox). The scene is set through the API: a two-page survey from the canon with
 * a required question and a condition, opened, recipients invited, links taken from the mails.
 * Then, in the browser: the privacy notice before the first question, the whole survey with the
 * keyboard alone, the server's validation shown in place, answers kept while offline (also over
 * a closed tab), two devices on one link (merge and conflict chooser), the thank-you with changes,
 * downloads and print, the access-state pages, the organisation settings, phone width and zoom,
 * and axe-core (WCAG 2.1 AA) on every one of these states.
 *
 * The client is built from the current sources into a folder of this test's own, and the browser
 * gets the pages and assets from there (with the server's headers): a stale dist/client cannot be
 * tested by mistake, and a rebuild of dist/client while the test runs cannot pull the assets away.
 *
 * E2E_SCREENSHOTS=1 keeps screenshots (1280 and 375 px, German and English) in test-results/e2e/.
 */
requireChromiumOrExplain("respondent browser test");

const ORGANISATION = "Stadt Wuppertal";
const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const SURVEY_TITLE = "Netzwerkanalyse Stadtteilkonferenzen 2026";
const NAME_TITLE = "Wie heißt das Netzwerk?";
const SPHERE_TITLE = "Auf welchen Wirkungskreis bezieht sich das Netzwerk?";
const FOCUS_TITLE = "Gibt es einen Fokus des Netzwerks?";
const TOPICS_TITLE = "Auf welche Themen richtet sich der Fokus des Netzwerks?";
const REQUIRED_DE = "Bitte beantworten Sie diese Frage.";
const PRIVACY_DE = "Verantwortlich ist die Stadt Wuppertal, Ressort 208 – Kinder, Jugend und Familie.\n\nIhre Angaben werden nach 24 Monaten gelöscht.";
const PRIVACY_EN = "The controller is the City of Wuppertal, department 208.\n\nYour answers are deleted after 24 months.";
const SAVED = "Gespeichert";
const OFFLINE = "Offline – wird gespeichert, sobald die Verbindung zurück ist";

/** One personal link per scene, so the tests do not step on each other's answers. */
const RECIPIENTS = ["keyboard", "validation", "offline", "closed-tab", "shared", "phone", "zoom"] as const;
type Recipient = (typeof RECIPIENTS)[number];

type Answers = Record<string, unknown>;
interface StoredView {
  status: "draft" | "submitted";
  answers: Answers;
  revision: number;
  canEdit: boolean;
}

/** What has the keyboard focus: enough to recognise SurveyJS inputs and our buttons. */
interface Focused {
  tag: string;
  type: string | null;
  question: string | null;
  value: string;
  checked: boolean;
  text: string;
  testId: string | null;
  visibleFocus: boolean;
}

describe.skipIf(!chromiumPath)("respondent page in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const openPages: Page[] = [];
  const tokens = {} as Record<Recipient, string>;
  let closedToken = "";
  let cookie = "";
  let csrfToken = "";

  /** A planner API call with the admin's session. */
  async function call<T = any>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}/api${apiPath}`, {
      method,
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** The mails in the dev mailbox once every address has one (the mail worker sends them). */
  async function mailsFor(addresses: string[]): Promise<{ to: string; text: string }[]> {
    for (let attempt = 0; attempt < 150; attempt++) {
      const { mails } = await call<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox");
      if (addresses.every((address) => mails.some((mail) => mail.to === address))) return mails;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no mail for ${addresses.join(", ")} after 30 s`);
  }

  const tokenIn = (mails: { to: string; text: string }[], address: string) => {
    const match = mails.find((mail) => mail.to === address)?.text.match(/\/r\/([A-Za-z0-9_-]{20,})/);
    if (!match) throw new Error(`no survey link in the mail to ${address}`);
    return match[1]!;
  };

  const link = (token: string) => `${server.url}/r/${token}`;
  const stored = async (token: string) => (await (await fetch(`${server.url}/api/r/${token}`)).json()) as StoredView;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    browser.on("disconnected", () => console.error("Chromium went away."));

    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: ORGANISATION, ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    cookie = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=[^;]+/)?.[0] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;
    await call("PATCH", "/organisation", { privacyNotice: PRIVACY_DE, privacyNoticeEn: PRIVACY_EN });

    const { id } = await call<{ id: string }>("POST", "/surveys", { title: SURVEY_TITLE });
    await call("PATCH", `/surveys/${id}`, {
      intro: "Liebe Netzwerkkoordination, bitte nehmen Sie sich fünf Minuten Zeit.",
      allowEditAfterSubmit: true,
      pages: [
        {
          id: "netzwerk",
          title: null,
          elements: [
            { itemId: "network.name", version: 1, required: true },
            { itemId: "network.sphere", version: 1 },
          ],
        },
        {
          id: "fokus",
          title: null,
          elements: [
            { itemId: "network.has_focus", version: 1 },
            { itemId: "network.focus_topics", version: 1, required: true, visibleIf: "{network.has_focus} = true" },
          ],
        },
      ],
    });
    await call("POST", `/surveys/${id}/open`);
    const addresses = RECIPIENTS.map((recipient) => `${recipient}@netz.example.org`);
    await call("POST", `/surveys/${id}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });

    // A second survey that is closed by the time its link is opened.
    const closed = await call<{ id: string }>("POST", "/surveys", { title: "Abgeschlossene Befragung" });
    await call("PATCH", `/surveys/${closed.id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
    await call("POST", `/surveys/${closed.id}/open`);
    await call("POST", `/surveys/${closed.id}/invitations`, { recipients: [{ email: "spaet@netz.example.org", name: "" }] });

    const mails = await mailsFor([...addresses, "spaet@netz.example.org"]);
    for (const recipient of RECIPIENTS) tokens[recipient] = tokenIn(mails, `${recipient}@netz.example.org`);
    closedToken = tokenIn(mails, "spaet@netz.example.org");
    await call("POST", `/surveys/${closed.id}/close`);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  async function newContext(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(context);
    return context;
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on("crash", () => console.error(`The page crashed: ${page.url()}`));
    openPages.push(page);
    return page;
  }

  /** On failure: a screenshot of every open page into test-results/e2e/. */
  async function screenshotOnFailure(name: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    for (const [index, page] of openPages.entries()) {
      if (page.isClosed()) continue;
      const file = path.join(screenshotDirectory, `failure-respondent-${name}-${index}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot of the failing page: ${file} (${page.url()})`);
    }
  }

  async function openSurvey(page: Page, token: string) {
    await page.goto(link(token));
    await page.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
    await page.getByText(NAME_TITLE).first().waitFor();
  }

  const status = (page: Page) => () => page.getByTestId("save-status").textContent();
  const question = (page: Page, name: string) => page.locator(`.sd-question[data-name="${name}"]`);
  const nameInput = (page: Page) => page.getByRole("textbox", { name: NAME_TITLE });

  async function typeName(page: Page, value: string) {
    await nameInput(page).fill(value);
    await nameInput(page).blur();
  }

  /** No sideways scrolling: the page is no wider than the viewport. */
  async function expectNoHorizontalScroll(page: Page, name: string) {
    const { scrollWidth, viewport } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(scrollWidth, `${name}: page is ${scrollWidth} px wide in a ${viewport} px viewport`).toBeLessThanOrEqual(viewport);
  }

  /** Screenshots at 1280 and 375 px (and back), when E2E_SCREENSHOTS=1. */
  async function screenshotWidths(page: Page, name: string) {
    const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
    await screenshot(page, `${name}-1280`);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.waitForTimeout(250);
    await expectNoHorizontalScroll(page, `${name} at 375 px`);
    await screenshot(page, `${name}-375`);
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
  }

  async function focused(page: Page): Promise<Focused> {
    return page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      if (!element) return { tag: "", type: null, question: null, value: "", checked: false, text: "", testId: null, visibleFocus: false };
      // SurveyJS hides its native inputs: the ring is drawn on the input box, the radio/checkbox
      // mark or the switch (see styles.css); elsewhere on the element itself.
      const drawnOn = (element.closest(".sd-formbox") ??
        element.closest(".sd-item")?.querySelector(".sd-item__decorator") ??
        element.closest(".sd-boolean") ??
        element) as HTMLElement;
      const ring = getComputedStyle(drawnOn);
      return {
        tag: element.tagName,
        type: element.getAttribute("type"),
        question: element.closest("[data-name]")?.getAttribute("data-name") ?? null,
        value: element.value ?? "",
        checked: Boolean(element.checked),
        text: (element.textContent ?? "").trim(),
        testId: element.getAttribute("data-testid"),
        visibleFocus: ring.outlineStyle !== "none" && parseFloat(ring.outlineWidth) >= 2,
      };
    });
  }

  /** Presses Tab (or Shift+Tab) until the focus is where `wanted` says; fails after 40 steps. */
  async function tabTo(page: Page, wanted: (focus: Focused) => boolean, backwards = false): Promise<Focused> {
    const seen: string[] = [];
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
      const focus = await focused(page);
      if (wanted(focus)) return focus;
      seen.push(`${focus.tag}${focus.question ? `[${focus.question}]` : ""}${focus.text ? ` "${focus.text.slice(0, 20)}"` : ""}`);
    }
    throw new Error(`the keyboard never reached the wanted element; focus went: ${seen.join(" → ")}`);
  }

  it(
    "shows the privacy notice before the first question, and can be completed with the keyboard alone",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("keyboard"));
      const context = await newContext();
      const page = await newPage(context);
      await openSurvey(page, tokens.keyboard);

      // The privacy notice, headed, in paragraphs, before the first question.
      const notice = page.getByRole("region", { name: "Datenschutzhinweis" });
      await notice.waitFor();
      // The organisation's text, then what the planner will see (the survey's privacy mode).
      await expect.poll(() => notice.locator("p").allTextContents()).toEqual([
        ...PRIVACY_DE.split("\n\n"),
        "Die einladende Stelle sieht Ihre Antworten zusammen mit dem Namen Ihres Netzwerks.",
      ]);
      const noticeFirst = await page.evaluate(() => {
        const box = document.querySelector("[data-testid='privacy-notice']");
        const firstQuestion = document.querySelector(".sd-question");
        return Boolean(box && firstQuestion && box.compareDocumentPosition(firstQuestion) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      expect(noticeFirst, "the privacy notice comes before the first question").toBe(true);
      await expectAccessible(page, "respondent (first page)");
      await screenshotWidths(page, "respondent-01-first-page-de");

      // The language switch by keyboard: English and back (Shift+Tab to "Deutsch").
      const english = await tabTo(page, (focus) => focus.tag === "BUTTON" && focus.text === "English");
      expect(english.visibleFocus, "the focused language button shows a focus ring").toBe(true);
      await page.keyboard.press("Enter");
      await page.getByText("What is the name of the network?").first().waitFor();
      await page.getByRole("region", { name: "Privacy notice" }).getByText("department 208").waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      await screenshotWidths(page, "respondent-02-first-page-en");
      await tabTo(page, (focus) => focus.tag === "BUTTON" && focus.text === "Deutsch", true);
      await page.keyboard.press("Enter");
      await page.getByText(NAME_TITLE).first().waitFor();

      // Page 1: the name (text) and the sphere (radio group: Space, then arrow keys).
      const name = await tabTo(page, (focus) => focus.question === "network.name" && focus.tag === "INPUT");
      expect(name.visibleFocus, "the focused text input shows a focus ring").toBe(true);
      await page.keyboard.type("Stadtteilkonferenz Nord");
      const sphere = await tabTo(page, (focus) => focus.question === "network.sphere" && focus.type === "radio");
      expect(sphere.visibleFocus, "the focused radio button shows a focus ring").toBe(true);
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => page.getByRole("radio", { name: "Stadtteil" }).isChecked()).toBe(true);
      const next = await tabTo(page, (focus) => focus.tag === "BUTTON" && focus.text === "Weiter");
      expect(next.visibleFocus, "the focused navigation button shows a focus ring").toBe(true);
      await page.keyboard.press("Enter");

      // Page 2: the focus moves to its first question; Space answers "Ja" and reveals the follow-up.
      await page.getByText(FOCUS_TITLE).first().waitFor();
      await expect.poll(async () => (await focused(page)).question).toBe("network.has_focus");
      expect(await question(page, "network.focus_topics").count()).toBe(0);
      await page.keyboard.press("Space");
      await page.getByText(TOPICS_TITLE).first().waitFor();
      await tabTo(page, (focus) => focus.question === "network.focus_topics" && focus.type === "checkbox");
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Space");
      await expect.poll(() => page.getByRole("checkbox", { name: "Kinderarmut und soziale Teilhabe" }).isChecked()).toBe(true);
      await expect.poll(status(page), { timeout: 15_000 }).toBe(SAVED);
      await expectAccessible(page, "respondent (second page)");
      await screenshotWidths(page, "respondent-03-second-page-de");
      // Back up with Shift+Tab to the switch (still "Ja"), then on to submitting.
      const focusSwitch = await tabTo(page, (focus) => focus.question === "network.has_focus", true);
      expect(focusSwitch.checked).toBe(true);
      await tabTo(page, (focus) => focus.tag === "BUTTON" && focus.text === "Abschließen");
      await page.keyboard.press("Enter");

      await page.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      expect((await focused(page)).tag, "the focus moves to the thank-you heading").toBe("H1");
      // The survey allows changes until it closes: the thank-you offers them.
      await page.getByRole("button", { name: "Antworten ändern" }).waitFor();
      await expect.poll(async () => (await stored(tokens.keyboard)).status).toBe("submitted");
      expect((await stored(tokens.keyboard)).answers).toEqual({
        "network.name": "Stadtteilkonferenz Nord",
        "network.sphere": "stadtteil",
        "network.has_focus": true,
        "network.focus_topics": ["uebergaenge", "kinderarmut"],
      });
    },
    120_000,
  );

  it(
    "shows the server's validation at the question, lists it above, and keeps every answer",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("validation"));
      const token = tokens.validation;
      const context = await newContext();
      const page = await newPage(context);
      await openSurvey(page, token);
      await typeName(page, "Netzwerk Frühe Hilfen");
      await page.getByText("Quartier", { exact: true }).click();
      await page.getByRole("button", { name: "Weiter" }).click();
      await page.getByText(FOCUS_TITLE).first().waitFor();
      await question(page, "network.has_focus").getByText("Ja", { exact: true }).click();
      await page.getByText("Kinderschutz", { exact: true }).click();
      await expect.poll(() => stored(token).then((view) => view.answers["network.focus_topics"]), { timeout: 15_000 }).toEqual(["kinderschutz"]);

      // A colleague clears the name elsewhere; this page takes that over with its next save. Its
      // own check only looks at the page it is on, so the server's check on submit finds the gap.
      const { answers, revision } = await stored(token);
      const { ["network.name"]: _cleared, ...rest } = answers;
      const clear = await fetch(`${server.url}/api/r/${token}/draft`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers: rest, page: 0, baseRevision: revision, changed: ["network.name"] }),
      });
      expect(clear.status).toBe(200);
      await page.getByText("Inklusion", { exact: true }).click();
      await expect
        .poll(() => stored(token).then((view) => view.answers["network.focus_topics"]), { timeout: 15_000 })
        .toEqual(["kinderschutz", "inklusion"]);
      await expect.poll(status(page), { timeout: 15_000 }).toBe(SAVED);
      await page.getByRole("button", { name: "Abschließen" }).click();

      // 422: the summary takes the focus and names the question; the first page shows the message there.
      const summary = page.getByTestId("validation-summary");
      await summary.waitFor();
      await summary.getByText("Bitte prüfen Sie diese Fragen").waitFor();
      await summary.getByText("Einige Antworten fehlen oder passen nicht.").waitFor();
      await expect.poll(async () => (await focused(page)).testId).toBe("validation-summary");
      await question(page, "network.name").getByText(REQUIRED_DE).waitFor();
      await expect.poll(() => page.getByRole("radio", { name: "Quartier" }).isChecked()).toBe(true);
      const kept = await stored(token);
      expect(kept.status).toBe("draft");
      expect(kept.answers).toEqual({
        "network.sphere": "quartier",
        "network.has_focus": true,
        "network.focus_topics": ["kinderschutz", "inklusion"],
      });
      await expectAccessible(page, "respondent (validation errors)");
      await screenshotWidths(page, "respondent-04-validation-de");

      // The listed question is a button: it puts the focus into the question.
      await tabTo(page, (focus) => focus.tag === "BUTTON" && focus.text === NAME_TITLE);
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await focused(page)).question).toBe("network.name");
      await page.keyboard.type("Netzwerk Frühe Hilfen Nord");
      await page.keyboard.press("Tab");
      // Answered: it leaves the summary (the only entry, so the summary goes).
      await expect.poll(() => summary.count()).toBe(0);
      await page.getByRole("button", { name: "Weiter" }).click();
      await page.getByRole("checkbox", { name: "Inklusion" }).waitFor();
      expect(await page.getByRole("checkbox", { name: "Inklusion" }).isChecked()).toBe(true);
      await page.getByRole("button", { name: "Abschließen" }).click();
      await page.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      const submitted = await stored(token);
      expect(submitted.status).toBe("submitted");
      expect(submitted.answers).toEqual({
        "network.name": "Netzwerk Frühe Hilfen Nord",
        "network.sphere": "quartier",
        "network.has_focus": true,
        "network.focus_topics": ["kinderschutz", "inklusion"],
      });
    },
    120_000,
  );

  it(
    "keeps answers given offline: sent when back online, and from the local copy after the tab was closed",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("offline"));
      const context = await newContext();

      // Offline, then online again, then a reload: everything is on the server and shown.
      const page = await newPage(context);
      await openSurvey(page, tokens.offline);
      await typeName(page, "Präventionsnetzwerk Ost");
      await expect.poll(status(page), { timeout: 15_000 }).toBe(SAVED);
      await context.setOffline(true);
      await page.getByText("Sozialraum", { exact: true }).click();
      await expect.poll(status(page), { timeout: 15_000 }).toBe(OFFLINE);
      await screenshot(page, "respondent-05-offline-1280");
      await context.setOffline(false);
      await expect.poll(status(page), { timeout: 30_000 }).toBe(SAVED);
      await page.reload();
      await page.getByText(NAME_TITLE).first().waitFor();
      await expect.poll(() => nameInput(page).inputValue()).toBe("Präventionsnetzwerk Ost");
      await expect.poll(() => page.getByRole("radio", { name: "Sozialraum" }).isChecked()).toBe(true);
      expect((await stored(tokens.offline)).answers).toEqual({ "network.name": "Präventionsnetzwerk Ost", "network.sphere": "sozialraum" });
      await page.close();

      // Offline, then the tab is closed; opened again once online, the local copy is sent and shown.
      const first = await newPage(context);
      await openSurvey(first, tokens["closed-tab"]);
      await typeName(first, "Arbeitskreis Kita und Schule");
      await expect.poll(status(first), { timeout: 15_000 }).toBe(SAVED);
      await context.setOffline(true);
      await first.getByText("Planungsraum", { exact: true }).click();
      await expect.poll(status(first), { timeout: 15_000 }).toBe(OFFLINE);
      // While offline the answer is kept in the browser ...
      const token = tokens["closed-tab"];
      const localCopy = await first.evaluate((key) => localStorage.getItem(key), `kanon.answers.${token}`);
      expect(JSON.parse(localCopy ?? "{}").answers?.["network.sphere"]).toBe("planungsraum");
      // ... and the tab is closed. Chromium may or may not deliver the keepalive save sent while
      // the page unloads; either way, the answer must be on the server and shown once reopened.
      await first.close();
      await context.setOffline(false);
      const again = await newPage(context);
      await openSurvey(again, tokens["closed-tab"]);
      await expect.poll(() => again.getByRole("radio", { name: "Planungsraum" }).isChecked()).toBe(true);
      await expect
        .poll(() => stored(tokens["closed-tab"]).then((view) => view.answers), { timeout: 15_000 })
        .toEqual({ "network.name": "Arbeitskreis Kita und Schule", "network.sphere": "planungsraum" });
      await expect.poll(status(again), { timeout: 15_000 }).toBe(SAVED);
    },
    120_000,
  );

  it(
    "merges two devices on one link, and lets the second one choose where both changed the same question",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("two-devices"));
      const token = tokens.shared;
      const deviceA = await newPage(await newContext());
      // Device B is a phone.
      const deviceB = await newPage(await newContext({ viewport: { width: 375, height: 740 } }));
      await openSurvey(deviceA, token);
      await openSurvey(deviceB, token);

      // A answers the name, B (not reloaded) the sphere: both are stored, and B shows A's name.
      await typeName(deviceA, "Netzwerk Frühe Hilfen Oststadt");
      await expect.poll(status(deviceA), { timeout: 15_000 }).toBe(SAVED);
      await deviceB.getByText("Gesamtstädtisch", { exact: true }).click();
      await expect.poll(status(deviceB), { timeout: 15_000 }).toBe(SAVED);
      await expect
        .poll(() => stored(token).then((view) => view.answers))
        .toEqual({ "network.name": "Netzwerk Frühe Hilfen Oststadt", "network.sphere": "gesamtstaedtisch" });
      await expect.poll(() => nameInput(deviceB).inputValue()).toBe("Netzwerk Frühe Hilfen Oststadt");

      // A changes the name again (and learns B's sphere); then B, still on the old name, changes it too.
      await typeName(deviceA, "Netzwerk Frühe Hilfen Oststadt (A)");
      await expect.poll(status(deviceA), { timeout: 15_000 }).toBe(SAVED);
      await expect.poll(() => deviceA.getByRole("radio", { name: "Gesamtstädtisch" }).isChecked()).toBe(true);
      await typeName(deviceB, "Frühe Hilfen Oststadt (B)");

      // B saved second: it sees both answers and chooses; nothing is overwritten before.
      const chooser = deviceB.getByRole("region", { name: "Antworten wurden an anderer Stelle geändert" });
      await chooser.waitFor({ timeout: 15_000 });
      await chooser.getByText("Frühe Hilfen Oststadt (B)").waitFor();
      await chooser.getByText("Netzwerk Frühe Hilfen Oststadt (A)").waitFor();
      expect((await stored(token)).answers["network.name"]).toBe("Netzwerk Frühe Hilfen Oststadt (A)");
      await expect.poll(async () => (await focused(deviceB)).tag, { message: "the focus moves to the chooser's heading" }).toBe("H2");
      await expectAccessible(deviceB, "respondent (conflict chooser)");
      await expectNoHorizontalScroll(deviceB, "conflict chooser at 375 px");
      await screenshot(deviceB, "respondent-06-conflict-de-375");
      await deviceB.getByRole("button", { name: "English" }).click();
      await deviceB.getByRole("region", { name: "Answers were changed elsewhere" }).waitFor();
      await screenshot(deviceB, "respondent-07-conflict-en-375");
      await deviceB.setViewportSize({ width: 1280, height: 900 });
      await screenshot(deviceB, "respondent-07-conflict-en-1280");
      await deviceB.setViewportSize({ width: 375, height: 740 });
      await deviceB.getByRole("button", { name: "Deutsch" }).click();

      // By keyboard (from the language switch, where the focus is now): the radios, then the button.
      await tabTo(deviceB, (focus) => focus.type === "radio" && focus.checked);
      await deviceB.keyboard.press("ArrowDown");
      await deviceB.keyboard.press("ArrowUp");
      expect(await chooser.getByRole("radio", { name: /Ihre Antwort/ }).isChecked()).toBe(true);
      await tabTo(deviceB, (focus) => focus.tag === "BUTTON" && focus.text === "Auswahl übernehmen und speichern");
      await deviceB.keyboard.press("Enter");
      await expect.poll(() => chooser.count()).toBe(0);
      await expect.poll(status(deviceB), { timeout: 15_000 }).toBe(SAVED);
      await expect
        .poll(() => stored(token).then((view) => view.answers))
        .toEqual({ "network.name": "Frühe Hilfen Oststadt (B)", "network.sphere": "gesamtstaedtisch" });
      expect(await nameInput(deviceB).inputValue()).toBe("Frühe Hilfen Oststadt (B)");
    },
    120_000,
  );

  it(
    "offers the submitted answers as CSV and JSON, prints them cleanly, and lets them be changed and sent again",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("thank-you"));
      expect((await stored(tokens.keyboard)).status, "the keyboard test submits first").toBe("submitted");
      const context = await newContext({ acceptDownloads: true });
      const page = await newPage(context);
      await page.goto(link(tokens.keyboard));
      await page.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      await expectAccessible(page, "thank-you");
      await screenshotWidths(page, "respondent-08-thank-you-de");

      async function download(button: string) {
        const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
        return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
      }

      const csv = await download("Als CSV herunterladen");
      expect(csv.name).toBe("netzwerkanalyse-stadtteilkonferenzen-2026-antworten.csv");
      expect([...csv.bytes.subarray(0, 3)], "UTF-8 byte order mark").toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.bytes.subarray(3).toString("utf8").split("\r\n")).toEqual([
        "Frage;Antwort",
        `${NAME_TITLE};Stadtteilkonferenz Nord`,
        `${SPHERE_TITLE};Stadtteil`,
        `${FOCUS_TITLE};Ja`,
        `${TOPICS_TITLE};Übergänge (z. B. Kita – Schule, Schule – Beruf), Kinderarmut und soziale Teilhabe`,
        "",
      ]);
      const json = JSON.parse((await download("Als JSON herunterladen")).bytes.toString("utf8"));
      expect(json).toMatchObject({
        survey: SURVEY_TITLE,
        organisation: ORGANISATION,
        language: "de",
        answers: {
          "network.sphere": { question: SPHERE_TITLE, answer: "Stadtteil", value: "stadtteil" },
          "network.focus_topics": { question: TOPICS_TITLE, value: ["uebergaenge", "kinderarmut"] },
        },
      });

      // Print (or PDF): the answers without header, buttons and status lines.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Als CSV herunterladen" }).isVisible()).toBe(false);
      expect(await page.getByRole("textbox", { name: NAME_TITLE }).isVisible()).toBe(true);
      await screenshot(page, "respondent-09-print");
      await page.emulateMedia({ media: "screen" });

      // Change the answers: back to the survey, drafts go on, "Erneut absenden" submits again.
      await page.getByRole("button", { name: "Antworten ändern" }).click();
      await page.getByTestId("editing-note").waitFor();
      await expect.poll(() => page.getByRole("radio", { name: "Stadtteil" }).isChecked()).toBe(true);
      // A value a spreadsheet would run as a formula, to see it neutralised in the CSV.
      await typeName(page, "=SUMME(1;2) Netz");
      await page.getByText("Quartier", { exact: true }).click();
      await expect.poll(status(page), { timeout: 15_000 }).toBe(SAVED);
      const draft = await stored(tokens.keyboard);
      expect(draft.status).toBe("submitted");
      expect(draft.answers["network.sphere"]).toBe("quartier");
      await screenshotWidths(page, "respondent-10-editing-de");
      await page.getByRole("button", { name: "Weiter" }).click();
      await page.getByRole("button", { name: "Erneut absenden" }).click();
      await page.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      const again = await download("Als CSV herunterladen");
      const lines = again.bytes.subarray(3).toString("utf8").split("\r\n");
      expect(lines[1]).toBe(`${NAME_TITLE};"'=SUMME(1;2) Netz"`);
      expect(lines[2]).toBe(`${SPHERE_TITLE};Quartier`);

      // In English: the file has English titles and answers.
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Thank you!", level: 1 }).waitFor();
      await screenshotWidths(page, "respondent-11-thank-you-en");
      const englishCsv = (await download("Download as CSV")).bytes.subarray(3).toString("utf8").split("\r\n");
      expect(englishCsv[0]).toBe("Question;Answer");
      expect(englishCsv[2]).toBe("Which sphere does the network cover?;Neighbourhood");
      await page.getByRole("button", { name: "Deutsch" }).click();
    },
    120_000,
  );

  it(
    "fits a 375 px phone and 200 % zoom without sideways scrolling",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("phone"));
      const phone = await newPage(await newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }));
      await openSurvey(phone, tokens.phone);
      await expectNoHorizontalScroll(phone, "respondent page at 375 px");
      await typeName(phone, "Stadtteilkonferenz Langerfeld-Beyenburg und Umgebung");
      await phone.getByText("Interkommunal", { exact: true }).click();
      await phone.getByRole("button", { name: "Weiter" }).click();
      await question(phone, "network.has_focus").getByText("Ja", { exact: true }).click();
      await phone.getByText("Integration und Teilhabe von Zugewanderten", { exact: true }).click();
      await expectNoHorizontalScroll(phone, "second page at 375 px");
      await screenshot(phone, "respondent-12-phone-second-page");
      await phone.getByRole("button", { name: "Abschließen" }).click();
      await phone.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      await expectNoHorizontalScroll(phone, "thank-you at 375 px");
      await screenshot(phone, "respondent-13-phone-thank-you");

      // 200 % zoom of a 1280 px window: 640 CSS pixels at twice the density.
      const zoomContext = await newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
      const zoomed = await newPage(zoomContext);
      await openSurvey(zoomed, tokens.zoom);
      await expectNoHorizontalScroll(zoomed, "respondent page at 200 %");
      await screenshot(zoomed, "respondent-14-zoom-200");
      await zoomed.goto(link(tokens.phone));
      await zoomed.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
      await expectNoHorizontalScroll(zoomed, "thank-you at 200 %");
    },
    120_000,
  );

  it(
    "explains unknown, closed, unreachable and over-used links in the respondent's language",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("access"));
      const context = await newContext();
      const page = await newPage(context);

      await page.goto(`${server.url}/r/doesnotexist0000000000000000000000`);
      await page.getByRole("heading", { name: "Link unbekannt", level: 1 }).waitFor();
      await page.getByText("Diesen Link kennen wir nicht.").waitFor();
      await expectAccessible(page, "unknown link");
      await screenshotWidths(page, "respondent-15-unknown-link");

      await page.goto(link(closedToken));
      await page.getByRole("heading", { name: "Umfrage beendet", level: 1 }).waitFor();
      await page.getByText(`Bei Fragen wenden Sie sich bitte an ${ORGANISATION}.`, { exact: false }).waitFor();
      await expectAccessible(page, "closed survey");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Survey closed", level: 1 }).waitFor();
      await page.getByText(`This survey has ended. If you have questions, please contact ${ORGANISATION}.`).waitFor();
      await screenshotWidths(page, "respondent-16-closed-en");
      await page.getByRole("button", { name: "Deutsch" }).click();

      // The server cannot be reached: a page that says so, and a retry that works once it can.
      await page.route("**/api/r/**", (route) => route.abort("internetdisconnected"));
      await page.goto(link(tokens.zoom));
      await page.getByRole("heading", { name: "Keine Verbindung", level: 1 }).waitFor();
      await expectAccessible(page, "no connection");
      await page.unroute("**/api/r/**");
      await page.getByRole("button", { name: "Erneut versuchen" }).click();
      await page.getByText(NAME_TITLE).first().waitFor();

      // A client that tries too many unknown links is told to wait, on a page of its own.
      for (let attempt = 0; attempt < 30; attempt++) {
        await fetch(`${server.url}/api/r/probe-${attempt}-${"x".repeat(30)}`);
      }
      await page.goto(`${server.url}/r/another-unknown-link-${"y".repeat(30)}`);
      await page.getByRole("heading", { name: "Zu viele unbekannte Links", level: 1 }).waitFor();
      await page.getByText("Bitte warten Sie eine Viertelstunde.").waitFor();
      expect(await page.getByRole("button", { name: "Erneut versuchen" }).count()).toBe(0);
      await screenshot(page, "respondent-17-too-many-1280");
    },
    120_000,
  );

  it(
    "lets admins edit the organisation's name and privacy notice, and shows them read-only to planners",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("settings"));
      const context = await newContext();
      const page = await newPage(context);
      await page.goto(`${server.url}/login`);
      await page.getByLabel("E-Mail-Adresse").fill(ADMIN.email);
      await page.getByLabel("Passwort").fill(ADMIN.password);
      await page.getByRole("button", { name: "Anmelden" }).click();
      await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
      await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Einstellungen" }).click();
      await page.getByRole("heading", { name: "Einstellungen", level: 1 }).waitFor();

      const nameField = page.getByLabel("Name der Organisation");
      const germanNotice = page.getByLabel("Datenschutzhinweis (Deutsch)");
      const englishNotice = page.getByLabel("Datenschutzhinweis (Englisch, optional)");
      await expect.poll(() => nameField.inputValue()).toBe(ORGANISATION);
      expect(await germanNotice.inputValue()).toBe(PRIVACY_DE);
      const effective = page.getByTestId("effective-notice");
      await effective.getByText("Ihre Angaben werden nach 24 Monaten gelöscht.").waitFor();
      await expectAccessible(page, "settings");
      await screenshotWidths(page, "respondent-18-settings-de");

      // A name that is too short is explained at the field; a new English notice is saved.
      await nameField.fill("W");
      await englishNotice.fill(`${PRIVACY_EN}\n\nQuestions: datenschutz@wuppertal.de`);
      await page.getByRole("form", { name: "Organisation" }).getByRole("button", { name: "Speichern" }).click();
      await page.getByText("Bitte geben Sie mindestens 2 Zeichen ein.").waitFor();
      await nameField.fill(ORGANISATION);
      await page.getByRole("form", { name: "Organisation" }).getByRole("button", { name: "Speichern" }).click();
      await expect.poll(() => page.getByTestId("settings-status").textContent()).toBe("Gespeichert");
      await effective.getByText("Questions: datenschutz@wuppertal.de").waitFor();
      await expect.poll(() => call("GET", "/organisation").then((settings) => settings.privacyNoticeEn)).toContain("Questions:");
      // Without a German text, respondents get Kanon's default.
      await germanNotice.fill("");
      await page.getByRole("form", { name: "Organisation" }).getByRole("button", { name: "Speichern" }).click();
      await effective.getByText("Noch kein eigener Text").waitFor();
      await effective.getByText(`${ORGANISATION} nutzt Ihre Angaben`, { exact: false }).waitFor();
      await germanNotice.fill(PRIVACY_DE);
      await page.getByRole("form", { name: "Organisation" }).getByRole("button", { name: "Speichern" }).click();
      await effective.getByText("Ihr eigener Datenschutzhinweis.").waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
      await screenshotWidths(page, "respondent-19-settings-en");
      await page.getByRole("button", { name: "Deutsch" }).click();

      // A planner who is not an admin reads the settings but cannot change them.
      await call("POST", "/team/invitations", { email: "planerin@wuppertal.de" });
      const mails = await mailsFor(["planerin@wuppertal.de"]);
      const inviteToken = mails.find((mail) => mail.to === "planerin@wuppertal.de")!.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!;
      const accepted = await fetch(`${server.url}/api/team/invitations/${inviteToken}/accept`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Paula Planerin", password: "gruene-tuer-am-marktplatz" }),
      });
      expect(accepted.status).toBe(200);
      const session = (accepted.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)![1]!;
      const plannerContext = await newContext();
      await plannerContext.addCookies([{ name: "kanon_session", value: session, url: server.url }]);
      const planner = await newPage(plannerContext);
      await planner.goto(`${server.url}/settings`);
      await planner.getByRole("heading", { name: "Einstellungen", level: 1 }).waitFor();
      await planner.getByTestId("settings-read-only").waitFor();
      await expect.poll(() => planner.getByLabel("Name der Organisation").inputValue()).toBe(ORGANISATION);
      expect(await planner.getByLabel("Datenschutzhinweis (Deutsch)").getAttribute("readonly")).not.toBeNull();
      expect(await planner.getByRole("button", { name: "Speichern" }).count()).toBe(0);
      await expectAccessible(planner, "settings (read-only)");
      await screenshot(planner, "respondent-20-settings-read-only-1280");
    },
    120_000,
  );
});
