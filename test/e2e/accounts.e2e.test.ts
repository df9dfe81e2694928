import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, root, screenshotBothWidths } from "./browser-support.ts";

/**
 * A forgotten password in headless Chromium against the real server (in-process, PGlite in
 * memory, dev mailbox): "Passwort vergessen?" on the sign-in page → the address → the mail →
 * the link → a new password judged while typing (a weak one refused at the field) → sign in with
 * it. Then the team page: an invitation says where it went (never the link), and removing a
 * member after the confirmation signs them out at once. A large survey deleted from the list is
 * gone at once while a progress bar shows its rows go. axe-core (WCAG 2.1 AA) on every page of
 * the way. The password dictionaries load only once a new password is typed, and never with the
 * respondent page.
 */
requireChromiumOrExplain("accounts browser test");

const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const NEW_PASSWORD = "wolken-ueber-dem-rathausdach";

const assets = path.join(root, "dist", "client", "assets");

/** The built chunks of the password judge: its own and the ones it imports (zxcvbn and its dictionaries). */
function passwordChunks(): Set<string> {
  const judge = readdirSync(assets).find((file) => /^password-strength-[\w-]+\.js$/.test(file));
  if (!judge) throw new Error("no password-strength chunk in dist/client/assets: run `npm run build`");
  const code = readFileSync(path.join(assets, judge), "utf8");
  return new Set([
    judge,
    ...[...code.matchAll(/"assets\/([\w.-]+\.js)"/g)].map((match) => match[1]!),
    ...[...code.matchAll(/import\(["`]\.\/([\w.-]+\.js)["`]\)/g)].map((match) => match[1]!),
  ]);
}

describe.skipIf(!chromiumPath)("forgotten password in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let isPasswordChunk: (url: string) => boolean;

  beforeAll(async () => {
    await ensureClientBuilt();
    const chunks = passwordChunks();
    expect(chunks.size).toBeGreaterThanOrEqual(5);
    isPasswordChunk = (url) => chunks.has(path.basename(new URL(url, "http://x").pathname));
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: "Stadt Wuppertal", ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** The reset mail in the dev mailbox (the address's inbox here), once the mail worker delivered it. */
  async function resetLink(): Promise<string> {
    let link = "";
    await expect
      .poll(
        async () => {
          const mail = await server.database.db.selectFrom("dev_mailbox").select("text_body").where("to_address", "=", ADMIN.email).orderBy("id", "desc").executeTakeFirst();
          link = mail?.text_body.match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/)?.[0] ?? "";
          return link;
        },
        { timeout: 20_000 },
      )
      .not.toBe("");
    return link;
  }

  it("asks for a link, sets a strong password with it and signs in", async () => {
    const page: Page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });

    await page.goto(`${server.url}/login`);
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await expectAccessible(page, "login");
    await page.getByRole("link", { name: "Passwort vergessen?" }).click();
    await page.getByRole("heading", { name: "Passwort vergessen" }).waitFor();
    await expectAccessible(page, "forgot password");
    await page.getByLabel("E-Mail-Adresse").fill(ADMIN.email.toUpperCase());
    await page.getByRole("button", { name: "Link anfordern" }).click();
    const status = page.getByRole("status").filter({ hasText: "Wenn es ein Konto" });
    await expect.poll(() => status.textContent()).toContain("Wenn es ein Konto für PLANUNG@WUPPERTAL.DE gibt, ist eine Mail mit einem Link unterwegs");
    await expectAccessible(page, "forgot password, sent");
    await screenshotBothWidths(page, "accounts-forgot-sent");
    expect(scripts.filter(isPasswordChunk)).toEqual([]);

    const link = await resetLink();
    expect(link.startsWith(`${server.url}/reset-password/`)).toBe(true);
    await page.goto(link);
    await page.getByRole("heading", { name: "Neues Passwort festlegen" }).waitFor();
    await page.getByText(`Für ${ADMIN.email} (Stadt Wuppertal)`).waitFor();
    await expectAccessible(page, "reset password");

    // Typing: the verdict is text in a polite live region; the dictionaries load now, not before.
    const field = page.getByLabel("Neues Passwort", { exact: true });
    const verdict = page.locator(".password-verdict");
    expect(await verdict.getAttribute("aria-live")).toBe("polite");
    expect(await field.getAttribute("aria-describedby")).toContain(await verdict.getAttribute("id"));
    await field.fill("passwort123");
    await expect.poll(() => verdict.textContent()).toMatch(/^Passwortstärke: (sehr )?schwach\. Dies (ist ein|ähnelt einem) häufigen? Passwort\./);
    expect(scripts.some(isPasswordChunk)).toBe(true);
    await field.fill("wuppertal-petra-2024");
    await expect.poll(() => verdict.textContent()).toContain("enthält Ihren Namen, Ihre E-Mail-Adresse oder den Namen Ihrer Organisation");

    // Submitted anyway: the server refuses it with the reason at the field.
    await page.getByRole("button", { name: "Passwort speichern" }).click();
    const fieldError = page.locator(".password-field .field-error");
    await expect.poll(() => fieldError.textContent()).toContain("enthält Ihren Namen");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("alert").filter({ hasText: "Bitte prüfen Sie die markierte Angabe" }).waitFor();
    expect(await verdict.textContent()).toBe("Passwortstärke: sehr schwach.");
    await expectAccessible(page, "reset password, refused");
    await screenshotBothWidths(page, "accounts-reset-refused");

    await field.fill(NEW_PASSWORD);
    await expect.poll(() => verdict.textContent()).toMatch(/^Passwortstärke: (gut|sehr gut)\. Dieses Passwort können Sie verwenden\.$/);
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: "Passwort speichern" }).click();
    await page.getByText("Ihr Passwort ist geändert. Sie wurden auf allen Geräten abgemeldet.").waitFor();
    await expectAccessible(page, "reset password, done");

    // The link works once.
    await page.goto(link);
    await page.getByRole("alert").filter({ hasText: "unbekannt, abgelaufen oder wurde schon verwendet" }).waitFor();
    await page.getByRole("link", { name: "Neuen Link anfordern" }).waitFor();

    // The old password no longer signs in; the new one does.
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-Mail-Adresse").fill(ADMIN.email);
    await page.getByLabel("Passwort", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("alert").filter({ hasText: "E-Mail-Adresse oder Passwort stimmt nicht" }).waitFor();
    await page.getByLabel("Passwort", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Mein Konto" }).click();
    await page.getByRole("heading", { name: "Mein Konto", level: 1 }).waitFor();
    await page.getByLabel("Bisheriges Passwort").waitFor();
    await expectAccessible(page, "my account");
    await page.close();
  });

  it("invites by mail without showing the link, and removes a member after a confirmation: their page is signed out at once", async () => {
    const admin = await context.newPage();
    admin.setDefaultTimeout(20_000);
    await admin.goto(`${server.url}/team`);
    await admin.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    await admin.getByLabel("E-Mail-Adresse").fill("bernd@wuppertal.de");
    await admin.getByRole("button", { name: "Einladung senden" }).click();
    await expect.poll(() => admin.getByRole("status").filter({ hasText: "Einladung gesendet" }).textContent()).toBe("Einladung gesendet an bernd@wuppertal.de.");
    await admin.getByRole("button", { name: "Einladung an bernd@wuppertal.de erneut senden" }).waitFor();
    expect(await admin.content()).not.toContain("/invite/");
    await expectAccessible(admin, "team with an open invitation");

    // Bernd reads his mail (the dev mailbox stands in for his inbox) and joins in a browser of his own.
    let link = "";
    await expect
      .poll(async () => {
        const mail = await server.database.db.selectFrom("dev_mailbox").select("text_body").where("to_address", "=", "bernd@wuppertal.de").executeTakeFirst();
        return (link = mail?.text_body.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0] ?? "");
      })
      .not.toBe("");
    const berndContext = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    const bernd = await berndContext.newPage();
    bernd.setDefaultTimeout(20_000);
    await bernd.goto(link);
    await bernd.getByLabel("Name", { exact: true }).fill("Bernd Planer");
    await bernd.getByLabel("Passwort", { exact: true }).fill("gelbe-fenster-im-abendlicht");
    await bernd.getByRole("button", { name: "Konto anlegen" }).click();
    await bernd.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();

    await admin.reload();
    await admin.getByRole("button", { name: "Bernd Planer aus dem Team entfernen" }).click();
    const dialog = admin.getByRole("dialog", { name: "Bernd Planer aus dem Team entfernen?" });
    await dialog.waitFor();
    await expectAccessible(admin, "team, removal dialog");
    await screenshotBothWidths(admin, "accounts-team-remove");
    await dialog.getByRole("button", { name: "Entfernen" }).click();
    await expect.poll(() => admin.getByRole("status").filter({ hasText: "entfernt" }).textContent()).toBe("Bernd Planer wurde aus dem Team entfernt und ist abgemeldet.");
    expect(await admin.getByRole("cell", { name: "bernd@wuppertal.de" }).count()).toBe(0);

    // Bernd's next step finds him signed out.
    await bernd.goto(`${server.url}/canon`);
    await bernd.getByRole("heading", { name: "Anmelden" }).waitFor();
    await berndContext.close();
    await admin.close();
  });

  it("deletes a large survey: gone at once, its rows removed in the background with a progress bar", async () => {
    const db = server.database.db;
    const { id: organisationId } = await db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const survey = await db.insertInto("surveys").values({ organisation_id: organisationId, title: "Große Befragung", intro: "", structure: JSON.stringify({ pages: [] }) }).returning("id").executeTakeFirstOrThrow();
    await sql`insert into invitations (organisation_id, survey_id, email, mail_status)
      select ${organisationId}, ${survey.id}, 'einrichtung' || g || '@example.org', 'sent' from generate_series(1, 12000) as g`.execute(db);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Umfrage löschen: Große Befragung" }).click();
    const dialog = page.getByRole("dialog", { name: "Umfrage „Große Befragung“ löschen?" });
    await dialog.getByTestId("deletion-summary").waitFor();
    await dialog.getByRole("button", { name: "Endgültig löschen" }).click();
    await dialog.getByRole("progressbar", { name: "Daten der Umfrage entfernt" }).waitFor();
    // Gone for everyone at once, while the rows still go.
    expect((await page.request.get(`${server.url}/api/surveys/${survey.id}`)).status()).toBe(404);
    await expectAccessible(page, "survey deletion under way");
    await dialog.getByText("Alle Daten der Umfrage sind entfernt.").waitFor({ timeout: 120_000 });
    expect(await dialog.locator(".progress-text").textContent()).toBe("12.000 von 12.000 Einladungen und Antworten entfernt");
    await dialog.getByRole("button", { name: "Schließen" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await page.getByRole("button", { name: "Umfrage löschen: Große Befragung" }).count()).toBe(0);
    expect((await db.selectFrom("invitations").select(sql<number>`count(*)::int`.as("n")).where("survey_id", "=", survey.id).executeTakeFirstOrThrow()).n).toBe(0);
    await page.close();
  }, 180_000);

  it("keeps the password dictionaries out of the respondent page's bundle", () => {
    const files = readdirSync(assets);
    const respondent = files.find((file) => /^respondent-page-[\w-]+\.js$/.test(file));
    expect(respondent).toBeTruthy();
    // Everything the respondent page imports statically, transitively.
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(path.join(assets, file), "utf8");
      for (const match of code.matchAll(/(?:import|export)\s*(?:[\w{},\s*$]+from\s*)?["`]\.\/([\w.-]+\.js)["`]/g)) walk(match[1]!);
    };
    walk(respondent!);
    expect([...seen].filter((file) => isPasswordChunk(file))).toEqual([]);
    for (const file of seen) expect(readFileSync(path.join(assets, file), "utf8"), file).not.toContain("l33tMaxSubstitutions");
  });
});
