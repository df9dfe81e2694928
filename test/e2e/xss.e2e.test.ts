import type { Browser, BrowserContext, Dialog, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, launchChromium, requireChromiumOrExplain } from "./browser-support.ts";

/**
 * Script and markup typed by planners and respondents, rendered by the real client in Chromium:
 * survey titles and texts, an own question with hostile title and options, recipient names,
 * directory names, the privacy notice and answers. Every page that shows them must show them as
 * text: no dialog fires and no injected element exists. The Content-Security-Policy would stop
 * inline scripts anyway; the browser context bypasses it, so that this test sees the rendering
 * itself, not the safety net.
 */
requireChromiumOrExplain("XSS browser test");

const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1) class=kanon-xss-probe>';
const SVG = "<svg onload=alert(1) class=kanon-xss-probe></svg>";
const JS_URL = "javascript:alert(1)";
const SQL = "'; drop table surveys; --";
const FORMULA = '=HYPERLINK("http://evil","x")';
const TITLE = `${SCRIPT} ${IMG}`;

/** Elements a successful injection would leave in the page. */
const INJECTED = [
  ".kanon-xss-probe",
  "img[src='x']",
  "[onerror]",
  "[onload]",
  "svg[onload]",
  "a[href^='javascript:' i]",
  "iframe[src^='javascript:' i]",
].join(", ");

describe.skipIf(!chromiumPath)("XSS payloads in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let session = "";
  let csrfToken = "";
  let surveyId = "";
  let itemId = "";
  let draftToken = "";
  let submittedToken = "";
  const dialogs: string[] = [];

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

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: "Stadt Wuppertal", name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;

    await call("PATCH", "/organisation", { privacyNotice: `Datenschutz: ${SCRIPT} ${SVG} ${JS_URL}` });
    const item = await call("POST", "/canon/items", {
      questionnaire: "network",
      tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
      help: { de: `Hilfe ${IMG}`, en: `Help ${SCRIPT}` },
      personalDataWarning: false,
      element: {
        type: "radiogroup",
        name: "x",
        title: { de: `Frage ${SCRIPT}`, en: `Question ${IMG}` },
        choices: [
          { value: "a", text: { de: `Option ${IMG}`, en: `Option ${IMG}` } },
          { value: "b", text: { de: FORMULA, en: FORMULA } },
        ],
      },
    });
    itemId = item.itemId;
    ({ id: surveyId } = await call<{ id: string }>("POST", "/surveys", { title: TITLE }));
    await call("PATCH", `/surveys/${surveyId}`, {
      intro: `Einleitung ${SCRIPT}\n${IMG}\n${JS_URL}`,
      closingText: `Danke ${IMG} ${SVG}`,
      items: [
        { itemId, version: 1 },
        { itemId: "network.name", version: 1 },
      ],
      closingDate: "2099-12-31",
    });
    await call("POST", `/surveys/${surveyId}/open`);
    await call("POST", `/surveys/${surveyId}/invitations`, {
      recipients: [
        { email: "entwurf@kita.example", name: IMG },
        { email: "fertig@kita.example", name: SCRIPT },
      ],
    });
    for (const [index, name] of [SCRIPT, IMG, SVG, SQL, FORMULA, JS_URL].entries()) {
      await call("POST", "/directory/entries", { kind: "institution", name, contactPerson: IMG, notes: SCRIPT, emails: [`eintrag${index}@kita.example`] });
    }
    let mails: { to: string; text: string }[] = [];
    for (let attempt = 0; attempt < 150 && mails.length < 2; attempt++) {
      mails = (await call<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox")).mails;
      if (mails.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const tokenFor = (address: string) => mails.find((mail) => mail.to.includes(address))!.text.match(/\/r\/([A-Za-z0-9_-]{20,})/)![1]!;
    draftToken = tokenFor("entwurf@kita.example");
    submittedToken = tokenFor("fertig@kita.example");
    const save = (token: string, action: "draft" | "submit", answers: Record<string, unknown>) =>
      fetch(`${server.url}/api/r/${token}/${action}`, {
        method: action === "draft" ? "PUT" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers, baseRevision: 0 }),
      }).then(async (response) => {
        if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
      });
    await save(draftToken, "draft", { "network.name": `${IMG} ${SCRIPT}`, [itemId]: "a" });
    await save(submittedToken, "submit", { "network.name": `${SVG} ${SQL}`, [itemId]: "b" });

    browser = await launchChromium();
    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await context.addCookies([{ name: "kanon_session", value: session, url: server.url }]);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** Opens the page, waits until `visible` shows as text, then checks that nothing ran and nothing was injected. */
  async function expectInert(path: string, visible: string[], interact?: (page: Page) => Promise<void>) {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const onDialog = (dialog: Dialog) => {
      dialogs.push(`${path}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    };
    page.on("dialog", onDialog);
    try {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState("networkidle");
      if (interact) await interact(page);
      for (const text of visible) {
        await page.waitForFunction((needle) => document.body.innerText.includes(needle), text, { timeout: 20_000 }).catch(async () => {
          throw new Error(`${path}: "${text}" is not shown as text; the page says: ${(await page.evaluate(() => document.body.innerText)).slice(0, 1500)}`);
        });
      }
      // Give an injected handler (onerror of a broken image, onload) the time to fire.
      await page.waitForTimeout(400);
      const injected = await page.evaluate(
        (selector) =>
          [...document.querySelectorAll(selector)].map((element) => element.outerHTML.slice(0, 200)).concat(
            [...document.querySelectorAll("script")].filter((script) => (script.textContent ?? "").includes("alert(1)")).map((script) => script.outerHTML.slice(0, 200)),
          ),
        INJECTED,
      );
      expect(injected, `${path}: injected elements`).toEqual([]);
      expect(dialogs, `${path}: dialogs`).toEqual([]);
    } finally {
      page.off("dialog", onDialog);
      await page.close();
    }
  }

  it("renders titles in the survey list as text", async () => {
    await expectInert("/", [SCRIPT, IMG.slice(0, 20)]);
  });

  it("renders the builder with the hostile title, texts and question as text", async () => {
    await expectInert(`/surveys/${surveyId}`, [SCRIPT, `Frage ${SCRIPT}`]);
  });

  it("renders recipient names as text", async () => {
    await expectInert(`/surveys/${surveyId}/recipients`, [IMG.slice(0, 25), SCRIPT]);
  });

  it("renders the text answers and charts in the results as text", async () => {
    await expectInert(`/surveys/${surveyId}/results`, [TITLE.slice(0, 20), `${SVG} ${SQL}`]);
  });

  it("renders the preview (SurveyJS) with the hostile texts as text", async () => {
    await expectInert(`/surveys/${surveyId}/preview`, [`Frage ${SCRIPT}`, `Option ${IMG}`, `Einleitung ${SCRIPT}`]);
  });

  it("renders directory names as text", async () => {
    await expectInert("/directory", [SCRIPT, SQL, FORMULA]);
  });

  it("renders the own question in the item editor as text", async () => {
    await expectInert(`/canon/items/${encodeURIComponent(itemId)}`, [`Frage ${SCRIPT}`.slice(0, 10)]);
  });

  it("renders the mails in the dev mailbox as text", async () => {
    await expectInert("/dev/mailbox", [SCRIPT]);
  });

  it("renders the respondent page (privacy notice, intro, question, options, the saved draft) as text", async () => {
    await expectInert(`/r/${draftToken}`, [`Datenschutz: ${SCRIPT}`, `Einleitung ${SCRIPT}`, `Frage ${SCRIPT}`, `Option ${IMG}`]);
  });

  it("renders the thank-you page with the closing text and the submitted answers as text", async () => {
    await expectInert(`/r/${submittedToken}`, [`Danke ${IMG}`]);
  });

  it("never fired a dialog on any page", () => {
    expect(dialogs).toEqual([]);
  });
});
