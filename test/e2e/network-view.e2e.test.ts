import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, screenshotBothWidths } from "./browser-support.ts";

/**
 * A network's share link in headless Chromium against the real server (in-process, PGlite in
 * memory): the members' results with a chart, a data table with suppressed cells marked and
 * explained, the protection note, English, phone width and axe-core (WCAG 2.1 AA); a withdrawn
 * link's page; and the smallest-group setting changing what the view hides. The server serves
 * the client from dist/client, which `npm test` builds first (as for the other browser tests).
 */
requireChromiumOrExplain("network view browser test");

const ORGANISATION = "Stadt Wuppertal";
const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const SURVEY_TITLE = "Netzwerkanalyse 2026";
const NETWORK = "STK Vohwinkel";
const SPHERE_TITLE = "Auf welchen Wirkungskreis bezieht sich das Netzwerk?";
const SECRET = "Geheimer Freitext";

/** Twelve members: sphere quartier ×5 (shown), stadtteil ×4 and sozialraum ×3 (below 5: hidden, each protecting the other). */
const SPHERES = [...Array(5).fill("quartier"), ...Array(4).fill("stadtteil"), ...Array(3).fill("sozialraum")] as string[];
/** The same split in a Likert row ("Verlässlichkeit"): 5 × trifft voll zu, 4 × eher, 3 × eher nicht; "Flexibilität" all voll. */
const RELIABILITY = [...Array(5).fill("trifft_voll_zu"), ...Array(4).fill("trifft_eher_zu"), ...Array(3).fill("trifft_eher_nicht_zu")] as string[];

describe.skipIf(!chromiumPath)("network view in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let session = "";
  let csrfToken = "";
  let surveyId = "";
  let networkId = "";
  let viewUrl = "";

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

  async function newPage(options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(context);
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
      body: JSON.stringify({ organisationName: ORGANISATION, ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;

    const members: string[] = [];
    for (let index = 0; index < SPHERES.length; index++) {
      members.push((await call<{ id: string }>("POST", "/directory/entries", { kind: "institution", name: `Kita ${index + 1}`, emails: [`kita${index + 1}@wuppertal.de`] })).id);
    }
    networkId = (await call<{ id: string }>("POST", "/directory/entries", { kind: "network", name: NETWORK, emails: ["stk@vohwinkel.de"], memberIds: members })).id;

    surveyId = (await call<{ id: string }>("POST", "/surveys", { title: SURVEY_TITLE })).id;
    await call("PATCH", `/surveys/${surveyId}`, {
      items: [
        { itemId: "network.sphere", version: 1 },
        { itemId: "network.member_count", version: 1 },
        { itemId: "network.achievements", version: 1 },
        { itemId: "network.cooperation_perception", version: 1 },
        { itemId: "network.focus_life_phases", version: 1 },
      ],
    });
    await call("POST", `/surveys/${surveyId}/open`);
    await call("POST", `/surveys/${surveyId}/invitations`, { directoryEntryIds: [...members, networkId] });
    const { db } = server.database;
    const invitations = await db.selectFrom("invitations").select(["id", "directory_entry_id", "organisation_id"]).where("survey_id", "=", surveyId).execute();
    await db
      .insertInto("responses")
      .values(
        invitations.map((invitation) => {
          const index = members.indexOf(invitation.directory_entry_id!);
          // The network answers for itself too (its own view).
          const answers =
            index < 0
              ? { "network.sphere": "quartier", "network.member_count": 12, "network.achievements": `${SECRET} Netzwerk`, "network.focus_life_phases": ["school"] }
              : {
                  "network.sphere": SPHERES[index],
                  "network.member_count": index < 6 ? 10 : 20,
                  "network.achievements": `${SECRET} ${index}`,
                  "network.cooperation_perception": { verlaesslichkeit: RELIABILITY[index], flexibilitaet: "trifft_voll_zu" },
                  // Youth: only three members (below 5): hidden and marked "< 5".
                  "network.focus_life_phases": index < 9 ? ["early_childhood"] : ["early_childhood", "youth"],
                };
          return {
            organisation_id: invitation.organisation_id,
            survey_id: surveyId,
            invitation_id: invitation.id,
            answers: JSON.stringify(answers),
            status: "submitted" as const,
            submitted_at: new Date(),
          };
        }),
      )
      .execute();
    viewUrl = (await call<{ url: string }>("POST", `/surveys/${surveyId}/network-views`, { networkId, mode: "members" })).url;
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const sphere = (page: Page) => page.locator(`section[data-question="network.sphere"]`);

  it("opens a network view: chart, data table with suppressed cells explained, no free texts, axe-clean", async () => {
    const page = await newPage();
    await page.goto(viewUrl);
    await page.getByRole("heading", { level: 1, name: `Ergebnisse für ${NETWORK}` }).waitFor();
    await expect(page.title()).resolves.toContain(NETWORK);
    await expect(page.getByTestId("protection-note").textContent()).resolves.toContain("unter 5");
    await expect(page.getByTestId("respondents").textContent()).resolves.toContain("12");

    // The chart: a canvas that is an image with a full text alternative naming the hidden cells.
    const chart = sphere(page).getByRole("img");
    await chart.waitFor();
    const label = (await chart.getAttribute("aria-label")) ?? "";
    expect(label).toContain(SPHERE_TITLE);
    expect(label).toContain("Quartier: 5 (42 %)");
    expect(label).toContain("Stadtteil: ausgeblendet");
    expect(label).toContain("Planungsraum: 0");
    // The hidden bars do not vanish: drawn together (hatched), so the bars add up to n.
    expect(label).toContain("ausgeblendet, zusammen: 7");
    expect(label).toContain("Zusammen (n) 12");
    const drawn = await chart.evaluate((canvas) => (canvas as HTMLCanvasElement).width > 0 && (canvas as HTMLCanvasElement).height > 0);
    expect(drawn).toBe(true);

    // The data table: hidden cells marked as hidden (spoken with the reason), without a share;
    // together in a row of their own, so the table adds up to n.
    await sphere(page).getByText("Daten als Tabelle").click();
    const hiddenRow = sphere(page).locator('tr[data-value="stadtteil"]');
    await expect(hiddenRow.getAttribute("data-suppressed")).resolves.toBe("true");
    const cells = hiddenRow.locator("td");
    await expect(cells.nth(0).locator('[aria-hidden="true"]').innerText()).resolves.toBe("ausgeblendet");
    await expect(cells.nth(0).locator(".visually-hidden").textContent()).resolves.toContain("ausgeblendet (weniger als 5");
    await expect(cells.nth(1).innerText()).resolves.toBe("");
    await expect(sphere(page).locator('tr[data-value="sozialraum"]').getAttribute("data-suppressed")).resolves.toBe("true");
    await expect(sphere(page).locator('tr[data-value="quartier"] td').first().innerText()).resolves.toBe("5");
    await expect(sphere(page).locator('tr[data-value="quartier"] td').nth(1).innerText()).resolves.toBe("42 %");
    await expect(sphere(page).locator('tr[data-value="planungsraum"] td').first().innerText()).resolves.toBe("0");
    const shownCounts = (await sphere(page).locator("tbody tr:not([data-suppressed]) td:first-of-type").allInnerTexts()).map(Number);
    const together = Number(await sphere(page).locator('tr[data-value="hidden-together"] td').first().innerText());
    expect(together).toBe(7);
    await expect(sphere(page).locator('tr[data-value="total"] td').first().innerText()).resolves.toBe("12");
    expect(shownCounts.reduce((sum, count) => sum + count, 0) + together).toBe(12);

    // A Likert row with hidden cells: the stacked bar holds a hatched segment of the hidden ones
    // together, so it is as long as the row's n; the table says the same.
    const cooperation = page.locator(`section[data-question="network.cooperation_perception"]`);
    const stackLabel = (await cooperation.getByRole("img").getAttribute("aria-label")) ?? "";
    expect(stackLabel).toContain(
      "Die Partner sind verlässlich: trifft voll zu 5, trifft eher zu ausgeblendet, trifft eher nicht zu ausgeblendet, trifft gar nicht zu 0, ausgeblendet, zusammen: 7, Zusammen (n) 12",
    );
    await cooperation.getByText("Daten als Tabelle").click();
    const reliability = cooperation.locator('tr[data-value="verlaesslichkeit"] td');
    await expect(reliability.evaluateAll((tds) => tds.map((td) => (td.hasAttribute("data-suppressed") ? "hidden" : (td as HTMLElement).innerText)))).resolves.toEqual([
      "5",
      "hidden",
      "hidden",
      "0",
      "7",
      "12",
    ]);
    await expect(reliability.nth(1).locator('[aria-hidden="true"]').innerText()).resolves.toBe("ausgeblendet");

    // Multiple choice adds up to more than n: a hidden option is marked "< 5" (only counts below 5 are hidden there).
    const focus = page.locator(`section[data-question="network.focus_life_phases"]`);
    await focus.getByText("Daten als Tabelle").click();
    await expect(focus.locator('tr[data-value="youth"] td').first().locator('[aria-hidden="true"]').innerText()).resolves.toBe("< 5");
    await expect(focus.locator('tr[data-value="early_childhood"] td').first().innerText()).resolves.toBe("12");
    expect((await focus.getByRole("img").getAttribute("aria-label")) ?? "").toMatch(/: < 5/);

    // Numbers: no bin is small here, so the statistics are shown.
    await expect(page.locator(`section[data-question="network.member_count"]`).textContent()).resolves.toContain("Mittelwert: 15");

    // Free texts: how many, never what.
    const texts = page.locator(`section[data-question="network.achievements"]`);
    await expect(texts.textContent()).resolves.toContain("12 Freitextantworten, aus Datenschutzgründen nicht angezeigt");
    await expect(page.content()).resolves.not.toContain(SECRET);

    await expectAccessible(page, "network view");

    // Phone width: no sideways scrolling.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await expectAccessible(page, "network view at 375 px");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshotBothWidths(page, "network-view-de");

    // English.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: `Results for ${NETWORK}` }).waitFor();
    await expect(page.getByTestId("protection-note").textContent()).resolves.toContain("below 5");
    await expectAccessible(page, "network view in English");
  });

  it("shows a network its own answer beside everyone's", async () => {
    const { url } = await call<{ url: string }>("POST", `/surveys/${surveyId}/network-views`, { networkId, mode: "own" });
    const page = await newPage();
    await page.goto(url);
    await page.getByRole("heading", { level: 1, name: `Ergebnisse für ${NETWORK}` }).waitFor();
    await expect(page.getByTestId("respondents").textContent()).resolves.toContain("13");
    await expect(sphere(page).textContent()).resolves.toContain("Ihre Antwort: Quartier");
    await expect(page.locator(`section[data-question="network.member_count"]`).textContent()).resolves.toContain("Ihre Angabe: 12");
    await sphere(page).getByText("Daten als Tabelle").click();
    const own = sphere(page).locator('tr[data-value="quartier"]');
    await expect(own.locator("td").first().innerText()).resolves.toBe("6");
    await expect(own.locator("td").nth(2).innerText()).resolves.toBe("✓");
    await expect(page.content()).resolves.not.toContain(SECRET);
    await expectAccessible(page, "own network view");
    await screenshotBothWidths(page, "network-view-own");
  });

  it("shows fewer hidden cells once the organisation allows groups of 3", async () => {
    const settingsPage = await newPage();
    await settingsPage.context().addCookies([{ name: "kanon_session", value: session, url: server.url }]);
    await settingsPage.goto(`${server.url}/settings`);
    const field = settingsPage.getByLabel("Kleinste gezeigte Zahl");
    await expect(field.inputValue()).resolves.toBe("5");
    await field.fill("3");
    await settingsPage.getByTestId("min-cell-size-setting").getByRole("button", { name: "Speichern" }).click();
    await settingsPage.getByTestId("min-cell-size-setting").getByText("Gespeichert.").waitFor();

    // The retention card shares the number-setting card: a bad value stays editable with the reason, a good one is kept.
    const retention = settingsPage.getByTestId("retention-setting");
    const months = retention.getByLabel("Antworten löschen … Monate nach Ende der Umfrage");
    await months.fill("0");
    await retention.getByRole("button", { name: "Speichern" }).click();
    await retention.getByText("Bitte eine ganze Zahl von 1 bis 120 eingeben oder das Feld leeren.").waitFor();
    await expect(months.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(months.inputValue()).resolves.toBe("0");
    await months.fill("24");
    await retention.getByRole("button", { name: "Speichern" }).click();
    await retention.getByText("Antworten werden 24 Monate nach Ende einer Umfrage gelöscht.").waitFor();
    await expect(call<{ retentionMonths: number | null }>("GET", "/organisation").then((organisation) => organisation.retentionMonths)).resolves.toBe(24);
    await call("PATCH", "/organisation", { retentionMonths: null });

    const page = await newPage();
    await page.goto(viewUrl);
    await page.getByRole("heading", { level: 1, name: `Ergebnisse für ${NETWORK}` }).waitFor();
    await expect(page.getByTestId("protection-note").textContent()).resolves.toContain("unter 3");
    await sphere(page).getByText("Daten als Tabelle").click();
    await expect(sphere(page).locator('tr[data-value="stadtteil"] td').first().innerText()).resolves.toBe("4");
    await expect(sphere(page).locator('tr[data-value="sozialraum"] td').first().innerText()).resolves.toBe("3");
    await call("PATCH", "/organisation", { minCellSize: 5 });
  });

  it("says clearly when a link is withdrawn or unknown", async () => {
    const { url, id } = await call<{ url: string; id: string }>("POST", `/surveys/${surveyId}/network-views`, { networkId, mode: "members" });
    await call("POST", `/surveys/${surveyId}/network-views/${id}/revoke`);
    const page = await newPage();
    await page.goto(url);
    await page.getByRole("heading", { level: 1, name: "Link zurückgezogen" }).waitFor();
    await expect(page.locator(".message-page").textContent()).resolves.toContain(ORGANISATION);
    await expectAccessible(page, "withdrawn network view");

    await page.goto(`${server.url}/n/kein-gueltiger-link`);
    await page.getByRole("heading", { level: 1, name: "Link nicht gefunden" }).waitFor();
  });
});
