import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshot } from "./browser-support.ts";

/**
 * Erasure at the respondent's request from the invitation list of a pseudonymous survey, in
 * headless Chromium (in-process server, PGlite in memory): the button is named for its
 * recipient, the confirmation dialog takes the focus and says what happens, Escape cancels and
 * gives the focus back, confirming deletes the response (audited with onRequest) and the row says
 * so. An anonymous survey's list offers no such action and says why. Axe-clean throughout.
 */
requireChromiumOrExplain("response erasure browser test");

const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const RESPONDENT = "kita-nord@wuppertal.de";
const ANONYMOUS_RESPONDENT = "jugendhaus@wuppertal.de";

describe.skipIf(!chromiumPath)("erasing a response at the respondent's request in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let session = "";
  let csrfToken = "";
  const surveys = { pseudonymous: "", anonymous: "" };

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

  /** An opened survey in the mode, with one invitation that submitted. */
  async function answeredSurvey(mode: "pseudonymous" | "anonymous", email: string): Promise<string> {
    const id = (await call<{ id: string }>("POST", "/surveys", { title: `Bestandsaufnahme ${mode}` })).id;
    await call("PATCH", `/surveys/${id}`, { closingDate: "2099-12-31", privacyMode: mode, items: [{ itemId: "network.founding_year", version: 1 }] });
    await call("POST", `/surveys/${id}/open`);
    await call("POST", `/surveys/${id}/invitations`, { recipients: [{ email, name: "" }] });
    let token = "";
    for (let attempt = 0; attempt < 100 && !token; attempt++) {
      const { mails } = await call<{ mails: { to: string; subject: string; text: string }[] }>("GET", "/dev/mailbox");
      token = mails.find((mail) => mail.to.includes(email))?.text.match(/\/r\/([A-Za-z0-9_-]{20,})/)?.[1] ?? "";
      if (!token) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const submitted = await fetch(`${server.url}/api/r/${token}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answers: {}, baseRevision: 0, locale: "de" }),
    });
    if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.status} ${await submitted.text()}`);
    return id;
  }

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "100", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: "Stadt Wuppertal", ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;
    surveys.pseudonymous = await answeredSurvey("pseudonymous", RESPONDENT);
    surveys.anonymous = await answeredSurvey("anonymous", ANONYMOUS_RESPONDENT);

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

  it("deletes a pseudonymous response on request after a confirmation that says what happens; anonymous lists offer nothing and say why", async () => {
    await page.goto(`${server.url}/surveys/${surveys.pseudonymous}/recipients`);
    const invitations = page.locator("section[aria-labelledby='invitations-heading']");
    await expect(invitations.locator(".response-actions-hint").textContent()).resolves.toContain("Art. 17 DSGVO");
    const erase = invitations.getByRole("button", { name: `Auf Wunsch löschen: Antwort von ${RESPONDENT}` });
    await erase.click();
    const dialog = page.getByRole("dialog", { name: "Antwort auf Wunsch der befragten Person löschen?" });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? "";
    for (const fact of [RESPONDENT, "endgültig", "nicht rückgängig", "Protokoll", "erst mit der nächsten Freigabe"]) expect(text).toContain(fact);
    await expect(page.evaluate(() => document.activeElement?.closest("dialog") !== null)).resolves.toBe(true);
    await expectAccessible(page, "erasure confirmation");
    await screenshot(page, "response-erasure-dialog");
    // Escape cancels and gives the focus back to the button; nothing was deleted.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves.toBe(`Auf Wunsch löschen: Antwort von ${RESPONDENT}`);
    await expect(server.database.db.selectFrom("responses").select("id").where("survey_id", "=", surveys.pseudonymous).execute()).resolves.toHaveLength(1);

    await erase.click();
    await dialog.getByRole("button", { name: "Endgültig löschen" }).click();
    await invitations.getByText(`Die Antwort von ${RESPONDENT} ist gelöscht.`).waitFor();
    await invitations.getByText(/Antwort gelöscht am/).waitFor();
    // Nothing links an answer to the institution any more (released answers would leave the results with the next batch).
    await expect(server.database.db.selectFrom("responses").select("id").where("survey_id", "=", surveys.pseudonymous).where("invitation_id", "is not", null).execute()).resolves.toEqual([]);
    const audit = await server.database.db.selectFrom("audit_log").select("details").where("action", "=", "response.deleted").executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ privacyMode: "pseudonymous", onRequest: true });
    await expectAccessible(page, "invitations after erasure");

    await page.goto(`${server.url}/surveys/${surveys.anonymous}/recipients`);
    await expect(invitations.locator(".response-actions-hint").textContent()).resolves.toContain("mit keiner Einladung verbunden");
    await invitations.getByRole("cell", { name: ANONYMOUS_RESPONDENT, exact: true }).waitFor();
    await expect(invitations.getByRole("button", { name: /Auf Wunsch löschen/ }).count()).resolves.toBe(0);
    await expectAccessible(page, "anonymous invitations");
  });
});
