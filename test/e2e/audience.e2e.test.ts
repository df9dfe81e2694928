import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { peoplePrivacyNotice, privacyModeText } from "../../server/lib/privacy-notice.ts";
import { PERSONAL_DATA_WARNING } from "../../server/lib/survey-definition.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshot } from "./browser-support.ts";
import { humanType, seededRandom, slowDraftSaves } from "./human-input.ts";

/**
 * A youth survey in the browser, set up like the respondent test (real server, PGlite in memory,
 * dev mailbox): the planner says that people are asked and sees "du" chosen and the notice in
 * plain words (also in the preview); the young respondent reads that notice before the first
 * question, the autosave hint in the "du" form and survey-core's own required message in the "du"
 * form, no warning about client data under a free-text question, no "fill in with colleagues",
 * and a thank-you in the "du" form. axe-core on each state.
 */
requireChromiumOrExplain("audience browser test");

const ORGANISATION = "Stadt Wuppertal";
const SURVEY_TITLE = "Jugendbefragung Ostpark 2026";
const NAME_TITLE = "Wie heißt das Netzwerk?";

describe.skipIf(!chromiumPath)("a survey of young people in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let cookie = "";
  let csrfToken = "";
  let surveyId = "";

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

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: ORGANISATION, name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    cookie = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=[^;]+/)?.[0] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;
    // The organisation's notice speaks to professionals: a survey of people must not show it.
    await call("PATCH", "/organisation", { privacyNotice: "Bitte machen Sie keine Angaben zu Klient:innen Ihrer Einrichtung." });

    ({ id: surveyId } = await call<{ id: string }>("POST", "/surveys", { title: SURVEY_TITLE }));
    await call("PATCH", `/surveys/${surveyId}`, {
      intro: "Hi! Wir wollen wissen, was du in deinem Stadtteil machst.",
      privacyMode: "anonymous",
      pages: [
        {
          id: "seite-1",
          title: null,
          elements: [
            { itemId: "network.name", version: 1, required: true },
            { itemId: "network.main_topics", version: 1 },
          ],
        },
      ],
    });
    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it("the planner chooses people: “du” follows, and the notice in plain words is what respondents will read (also in the preview)", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/surveys/${surveyId}`);
    const audience = page.getByRole("group", { name: "Wer wird befragt?" });
    await audience.waitFor();
    // The questions come from the network questionnaire: Kanon suggests networks, with "Sie".
    await expect.poll(() => audience.getByRole("radio", { name: /^Netzwerke/ }).isChecked()).toBe(true);
    expect(await audience.textContent()).toContain("Vorschlag aus den gewählten Fragen.");
    const address = page.getByRole("group", { name: "Anrede der Befragten" });
    expect(await address.getByRole("radio", { name: /^„Sie“/ }).isChecked()).toBe(true);

    await audience.getByRole("radio", { name: /^Personen/ }).check();
    await expect.poll(() => address.getByRole("radio", { name: /^„du“/ }).isChecked()).toBe(true);
    const notice = page.getByTestId("survey-notice");
    await expect.poll(() => notice.textContent()).toContain("Mitmachen ist freiwillig.");
    expect(await notice.textContent()).not.toContain("Klient");
    await expectAccessible(page, "survey settings (people, du)");
    await screenshot(page, "audience-01-settings");

    // An own text starts from the default; an empty one is refused at the field; reset goes back.
    await notice.getByRole("button", { name: "Eigenen Text schreiben" }).click();
    const german = notice.getByLabel("Datenschutzhinweis (Deutsch)");
    await expect.poll(() => german.inputValue()).toMatch(/^Stadt Wuppertal möchte wissen/);
    await german.press("ControlOrMeta+a");
    await german.press("Delete");
    await notice.getByRole("button", { name: "Text speichern" }).click();
    await notice.getByText("Bitte schreiben Sie einen Text oder wählen Sie „Standardtext verwenden“.").waitFor();
    await page.keyboard.type("Verantwortlich ist das Jugendamt Wuppertal.", { delay: 20 });
    await notice.getByRole("button", { name: "Text speichern" }).click();
    await expect.poll(() => notice.getByTestId("privacy-notice").textContent()).toContain("Verantwortlich ist das Jugendamt Wuppertal.");
    await expectAccessible(page, "survey settings (own notice)");
    await notice.getByRole("button", { name: "Standardtext verwenden" }).click();
    await expect.poll(() => notice.getByTestId("privacy-notice").textContent()).toContain("Mitmachen ist freiwillig.");

    // The preview shows the notice before the first question and survey-core's texts with "du".
    await page.goto(`${server.url}/surveys/${surveyId}/preview`);
    const previewNotice = page.getByRole("region", { name: "Datenschutzhinweis" });
    await expect.poll(() => previewNotice.textContent()).toContain("Mitmachen ist freiwillig.");
    await page.getByRole("button", { name: "Abschließen" }).click();
    await expect.poll(() => page.locator('.sd-question[data-name="network.name"]').textContent()).toContain("Bitte beantworte diese Frage.");
    await page.close();
  });

  it("the young respondent reads the people notice, a “du” autosave hint and survey-core's required message with “du”", async () => {
    await call("POST", `/surveys/${surveyId}/open`);
    await call("POST", `/surveys/${surveyId}/invitations`, { recipients: [{ email: "jugend@example.org", name: "" }] });
    let token = "";
    for (let attempt = 0; attempt < 150 && !token; attempt++) {
      const { mails } = await call<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox");
      token = mails.find((mail) => mail.to === "jugend@example.org")?.text.match(/\/r\/([A-Za-z0-9_-]{20,})/)?.[1] ?? "";
      if (!token) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(token, "the invitation mail with the personal link").not.toBe("");

    const page = await newPage();
    const random = seededRandom("audience");
    await slowDraftSaves(page, random);
    await page.goto(`${server.url}/r/${token}`);
    await page.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();

    // The notice for people, in "du", then the anonymity sentence: before the first question.
    const notice = page.getByRole("region", { name: "Datenschutzhinweis" });
    await expect.poll(() => notice.locator("p").allTextContents()).toEqual([
      ...peoplePrivacyNotice(ORGANISATION).du.split("\n\n"),
      privacyModeText("anonymous", "people").du,
    ]);
    expect(await notice.textContent()).toContain("Mitmachen ist freiwillig.");
    expect(await notice.textContent()).not.toMatch(/Klient|Einrichtung|Netzwerk/);

    // The autosave hint above the save line in "du"; the line itself says what happens.
    const status = () => page.getByTestId("save-status").textContent();
    expect(await page.locator(".autosave-hint").textContent()).toBe(
      "Deine Antworten werden automatisch gespeichert. Du kannst jederzeit unterbrechen und über denselben Link weitermachen.",
    );
    expect(await status()).toBe("Wird automatisch gespeichert");
    // No warning for professionals under the free-text question, no colleague links.
    expect(await page.locator("body").textContent()).not.toContain(PERSONAL_DATA_WARNING.de);
    expect(await page.getByRole("heading", { name: "Gemeinsam ausfüllen" }).count()).toBe(0);
    await page.getByRole("textbox", { name: "1. Thema" }).click();
    await humanType(page, "Basketball im Verein", random);
    await page.keyboard.press("Tab");
    await expect.poll(status, { timeout: 15_000 }).toBe("Gespeichert");
    const draft = (await (await fetch(`${server.url}/api/r/${token}`)).json()) as { answers: Record<string, unknown> };
    expect(draft.answers).toEqual({ "network.main_topics": { thema_1: "Basketball im Verein" } });
    await expectAccessible(page, "youth survey (du)");
    await screenshot(page, "audience-02-respondent");

    // Completing without the required answer: survey-core's own message, with "du".
    await page.getByRole("button", { name: "Abschließen" }).click();
    const nameQuestion = page.locator('.sd-question[data-name="network.name"]');
    await expect.poll(() => nameQuestion.textContent()).toContain("Bitte beantworte diese Frage.");
    expect(await page.locator("body").textContent()).not.toContain("Bitte beantworten Sie");
    await expectAccessible(page, "youth survey, required message (du)");

    // Answered and sent: the thank-you speaks "du" too.
    await page.getByRole("textbox", { name: NAME_TITLE }).click();
    await humanType(page, "Jugendtreff Ostpark", random);
    await page.getByRole("button", { name: "Abschließen" }).click();
    await page.getByRole("heading", { name: "Vielen Dank!", level: 1 }).waitFor();
    await expect.poll(() => page.locator("body").textContent()).toContain("Deine Antworten wurden abgeschickt. Hier siehst du noch einmal, was du angegeben hast.");
    await expectAccessible(page, "youth survey, thank-you (du)");
    await screenshot(page, "audience-03-thanks");
    await page.close();
  });
});
