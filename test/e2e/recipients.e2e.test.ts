import { mkdirSync } from "node:fs";
import path from "node:path";
import { domainToASCII } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
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
 * Issue 4 through the real UI in headless Chromium, against the real server (in-process, PGlite
 * in memory, dev mailbox): "A planner can import a directory of 300 institutions and 40
 * networks, invite all members of one network and all district conferences with personal links,
 * see delivery status live, and remind the ones who have not answered."
 *
 * 1. Verzeichnis: a CSV made here (300 institutions, 40 networks – 8 of them Stadtteilkonferenzen –
 *    and 3 bad rows) goes through the import wizard (file chooser → suggested mapping → report with
 *    the rejected rows); then the counts, a district filter and a network's members.
 * 2. Empfänger of a survey opened through the API: all Stadtteilkonferenzen, then all members of one
 *    network, invited from the directory; the tiles and the mailing progress bars follow the mail
 *    worker without a reload.
 * 3. Mail texts: the invitation subject changes the preview; a text without {{link}} is refused.
 * 4. One respondent keeps a draft, another only opened the link; "Link noch nicht geöffnet"
 *    reminds exactly the others.
 * 5. The draft is handed over to a colleague's address: the new link opens the same answers, the
 *    old one is revoked.
 * 6. A messy address list pasted (and a line typed) as planners do: Outlook's `Last, First <mail>`,
 *    Excel columns with a salutation, an internationalised domain in both forms, broken entries:
 *    names, greetings and the specific reason per entry shown; the invitations greet properly, in
 *    German only; an English recipient's mail is English only and its link opens the page in English.
 *
 * E2E_SCREENSHOTS=1 keeps a screenshot of every step in test-results/e2e/; AXE_VERBOSE=1 lists
 * every axe finding.
 */
requireChromiumOrExplain("recipients browser test");

const ORGANISATION = "Stadt Wuppertal";
const ADMIN = { name: "Petra Planer", email: "planung@wuppertal.de", password: "ein-sicheres-passwort" };
const SURVEY_TITLE = "Netzwerkbefragung Wuppertal 2026";
const FILE_NAME = "verzeichnis-wuppertal.csv";

// ---------------------------------------------------------------------------------------------
// The directory file: 40 networks, 300 institutions, 3 bad rows, as a planner's Excel export.
// ---------------------------------------------------------------------------------------------

const DISTRICTS = [
  "Elberfeld",
  "Elberfeld-West",
  "Uellendahl-Katernberg",
  "Vohwinkel",
  "Cronenberg",
  "Barmen",
  "Oberbarmen",
  "Heckinghausen",
  "Langerfeld-Beyenburg",
  "Ronsdorf",
] as const;
/** The districts with a Stadtteilkonferenz (all but the last two). */
const CONFERENCE_DISTRICTS = DISTRICTS.slice(0, 8);
const FACHRUNDEN = [
  "Sprachförderung",
  "Kinderschutz",
  "Inklusion",
  "Bewegung",
  "Ernährung",
  "Medienbildung",
  "Übergang Kita–Schule",
  "Elternbildung",
  "Migration",
  "Gesundheit",
  "Ferienangebote",
  "Schulsozialarbeit",
];
const INSTITUTION_TYPES = ["Kita", "Familienzentrum", "Grundschule", "Offene Ganztagsschule", "Jugendzentrum", "Beratungsstelle"] as const;
const LIFE_PHASES: Record<(typeof INSTITUTION_TYPES)[number], string> = {
  Kita: "Kita",
  Familienzentrum: "Schwangerschaft, Kita",
  Grundschule: "Schule",
  "Offene Ganztagsschule": "Schule",
  Jugendzentrum: "Jugend",
  Beratungsstelle: "Schwangerschaft, Kita, Schule, Jugend",
};
const FIRST_NAMES = ["Anna", "Bernd", "Carla", "Deniz", "Emma", "Farid", "Gül", "Hannes", "Ilse", "Jonas"];
const LAST_NAMES = ["Becker", "Yilmaz", "Schmitz", "Klein", "Wagner", "Nowak", "Hoffmann", "Schulz", "Krause", "Lange"];

/** The network whose members are invited; Kitas and Familienzentren of Barmen are its members. */
const NETWORK_X = "Netzwerk Frühe Hilfen Barmen";
const FILTER_DISTRICT = "Barmen";

interface Row {
  name: string;
  kind: "Einrichtung" | "Netzwerk";
  type: string;
  district: string;
  lifePhases: string;
  email: string;
  contact: string;
  memberOf: string[];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const contactOf = (index: number) => `${FIRST_NAMES[index % 10]} ${LAST_NAMES[Math.floor(index / 10) % 10]}`;

function networkRows(): Row[] {
  const network = (name: string, type: string, district: string, lifePhases: string, index: number): Row => ({
    name,
    kind: "Netzwerk",
    type,
    district,
    lifePhases,
    email: `${slug(name)}@netzwerke.example.org`,
    contact: contactOf(index + 300),
    memberOf: [],
  });
  return [
    ...CONFERENCE_DISTRICTS.map((district, index) => network(`Stadtteilkonferenz ${district}`, "Stadtteilkonferenz", district, "", index)),
    ...DISTRICTS.map((district, index) => network(`Netzwerk Frühe Hilfen ${district}`, "Netzwerk Frühe Hilfen", district, "Schwangerschaft, Kita", index + 8)),
    ...DISTRICTS.map((district, index) => network(`Arbeitskreis Jugend ${district}`, "Arbeitskreis", district, "Jugend", index + 18)),
    ...FACHRUNDEN.map((topic, index) => network(`Fachrunde ${topic}`, "Fachrunde", "", "", index + 28)),
  ];
}

function institutionRow(index: number): Row {
  const district = DISTRICTS[index % 10]!;
  const round = Math.floor(index / 10);
  const type = INSTITUTION_TYPES[round % 6]!;
  const memberOf: string[] = [];
  if ((CONFERENCE_DISTRICTS as readonly string[]).includes(district)) memberOf.push(`Stadtteilkonferenz ${district}`);
  if (type === "Kita" || type === "Familienzentrum") memberOf.push(`Netzwerk Frühe Hilfen ${district}`);
  if (type === "Jugendzentrum" || type === "Offene Ganztagsschule") memberOf.push(`Arbeitskreis Jugend ${district}`);
  if (type === "Beratungsstelle") memberOf.push("Fachrunde Kinderschutz");
  return {
    name: `${type} ${district} ${Math.floor(round / 6) + 1}`,
    kind: "Einrichtung",
    type,
    district,
    lifePhases: LIFE_PHASES[type],
    email: `einrichtung${String(index + 1).padStart(3, "0")}@traeger.example.org`,
    contact: contactOf(index),
    memberOf,
  };
}

const BAD_ROWS: Row[] = [
  {
    name: "",
    kind: "Einrichtung",
    type: "Kita",
    district: "Vohwinkel",
    lifePhases: "Kita",
    email: "ohne-namen@traeger.example.org",
    contact: "",
    memberOf: [],
  },
  {
    name: "Kita Regenbogen Barmen",
    kind: "Einrichtung",
    type: "Kita",
    district: "Barmen",
    lifePhases: "Kita",
    email: "leitung(at)kita-regenbogen.de",
    contact: "Rita Regen",
    memberOf: [NETWORK_X],
  },
  {
    name: "Jugendtreff Nordpark",
    kind: "Einrichtung",
    type: "Jugendzentrum",
    district: "Barmen",
    lifePhases: "Jugend",
    email: "nordpark@traeger.example.org",
    contact: "Nils Nord",
    memberOf: ["Netzwerk Nordstadt"],
  },
];

const NETWORKS = networkRows();
const INSTITUTIONS = Array.from({ length: 300 }, (_, index) => institutionRow(index));
/** Where the bad rows sit among the institutions (0-based: after this many institutions). */
const BAD_ROWS_AFTER = 120;
const FILE_ROWS: Row[] = [...NETWORKS, ...INSTITUTIONS.slice(0, BAD_ROWS_AFTER), ...BAD_ROWS, ...INSTITUTIONS.slice(BAD_ROWS_AFTER)];
/** Spreadsheet row numbers of the bad rows (the header is row 1). */
const BAD_ROW_NUMBERS = BAD_ROWS.map((row) => FILE_ROWS.indexOf(row) + 2);

const CONFERENCES = NETWORKS.filter((row) => row.type === "Stadtteilkonferenz");
const MEMBERS_OF_X = INSTITUTIONS.filter((row) => row.memberOf.includes(NETWORK_X));
const IN_FILTER_DISTRICT = INSTITUTIONS.filter((row) => row.district === FILTER_DISTRICT);

function csvCell(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Semicolons, as a German Excel writes CSV; "Art" holds the kind, "Typ" the type. */
function directoryCsv(): string {
  const header = ["Name", "Art", "Typ", "Sozialraum", "Lebensphasen", "E-Mail", "Ansprechperson", "Mitglied in"];
  const lines = FILE_ROWS.map((row) =>
    [row.name, row.kind, row.type, row.district, row.lifePhases, row.email, row.contact, row.memberOf.join(", ")].map(csvCell).join(";"),
  );
  return [header.join(";"), ...lines].join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------------------------------------

interface Mail {
  id: number;
  to: string;
  subject: string;
  text: string;
}

/** The address of a mailbox header: `"Anna Becker" <anna@…>` or just the address. */
const addressOf = (to: string) => (to.match(/<([^>]+)>\s*$/)?.[1] ?? to).toLowerCase();
const tokenIn = (mail: Mail) => {
  const match = mail.text.match(/\/r\/([A-Za-z0-9_-]{20,})/);
  if (!match) throw new Error(`no survey link in the mail to ${mail.to}`);
  return match[1]!;
};

/** A screenshot of the step when E2E_SCREENSHOTS=1. */
const step = (page: Page, name: string) => screenshot(page, `recipients-${name}`);

describe.skipIf(!chromiumPath)("directory import, invitations from the directory, delivery and reminders in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let planner: BrowserContext;
  let page: Page;
  const openPages: Page[] = [];
  let cookie = "";
  let csrfToken = "";
  let surveyId = "";
  let closing = false;

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

  const mailbox = async () => (await call<{ mails: Mail[] }>("GET", "/dev/mailbox")).mails;
  const invitationMails = async () => (await mailbox()).filter((mail) => mail.subject.startsWith("Umfrage:"));
  const reminderMails = async () => (await mailbox()).filter((mail) => mail.subject.startsWith("Erinnerung:"));
  const respondentView = (token: string) => fetch(`${server.url}/api/r/${token}`);

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "100", LOG_LEVEL: "warn" }));

    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: ORGANISATION, ...ADMIN }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    const session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    cookie = `kanon_session=${session}`;
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;

    const { id } = await call<{ id: string }>("POST", "/surveys", { title: SURVEY_TITLE });
    surveyId = id;
    await call("PATCH", `/surveys/${id}`, {
      intro: "Liebe Netzwerkkoordination, bitte nehmen Sie sich zehn Minuten Zeit.",
      items: [{ itemId: "network.sphere", version: 1 }],
    });
    await call("POST", `/surveys/${id}/open`);

    browser = await launchChromium();
    browser.on("disconnected", () => closing || console.error("Chromium went away."));
    planner = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
    await planner.addCookies([{ name: "kanon_session", value: session, url: server.url }]);
    page = await planner.newPage();
    page.setDefaultTimeout(20_000);
    openPages.push(page);
  }, 120_000);

  afterAll(async () => {
    closing = true;
    await planner?.close();
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** On failure: a screenshot of every open page into test-results/e2e/. */
  async function screenshotOnFailure(name: string) {
    mkdirSync(screenshotDirectory, { recursive: true });
    for (const [index, open] of openPages.entries()) {
      if (open.isClosed()) continue;
      const file = path.join(screenshotDirectory, `failure-recipients-${name}-${index}.png`);
      await open.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`Screenshot of the failing page: ${file} (${open.url()})`);
    }
  }

  /** The text of the option a <select> shows. */
  const chosenOption = (select: Locator) => select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent ?? "");

  const invitationRow = (email: string) => page.locator(".invitations-table tbody tr", { has: page.locator(".invitation-email", { hasText: email }) });

  async function openRecipientsTab() {
    await page.goto(`${server.url}/surveys/${surveyId}`);
    await page.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
    await page.getByRole("navigation", { name: "Bereiche der Umfrage" }).getByRole("link", { name: "Empfänger" }).click();
    await page.getByRole("heading", { name: "Versand und Rücklauf", level: 2 }).waitFor();
  }

  it(
    "imports 300 institutions and 40 networks with a mapping preview and a report of the rejected rows",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("import"));
      await page.goto(`${server.url}/`);
      await page.getByRole("heading", { name: "Umfragen", level: 1 }).waitFor();
      await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Verzeichnis" }).click();
      await page.getByRole("heading", { name: "Verzeichnis", level: 1 }).waitFor();
      await page.getByText("Noch keine Einrichtungen. Legen Sie eine an oder importieren Sie eine Liste.").waitFor();

      // Step 1: the file, through the browser's file chooser.
      await page.getByRole("button", { name: "Importieren (CSV/Excel)" }).click();
      const wizard = page.getByRole("dialog", { name: "Verzeichnis importieren" });
      await wizard.waitFor();
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        wizard.getByLabel("CSV- oder Excel-Datei (.csv, .xlsx)").click(),
      ]);
      await chooser.setFiles({ name: FILE_NAME, mimeType: "text/csv", buffer: Buffer.from(directoryCsv(), "utf8") });

      // Step 2: the suggested column for each field, from the headers (and "Art" from its values).
      await wizard.getByRole("heading", { name: "Spalten zuordnen" }).waitFor();
      await wizard.getByText(`${FILE_ROWS.length} Zeilen in „${FILE_NAME}“.`).waitFor();
      const suggested: [string, string][] = [
        ["Name (Pflicht)", "Name"],
        ["Art: Einrichtung oder Netzwerk", "Art"],
        ["Typ (z. B. Kita, Stadtteilkonferenz)", "Typ"],
        ["E-Mail-Adressen", "E-Mail"],
        ["Ansprechperson", "Ansprechperson"],
        ["Sozialraum", "Sozialraum"],
        ["Lebensphasen", "Lebensphasen"],
        ["Mitglied in (Netzwerke)", "Mitglied in"],
        ["Handlungsfelder", "– nicht in der Datei –"],
        ["Notizen", "– nicht in der Datei –"],
      ];
      for (const [field, column] of suggested) {
        expect(await chosenOption(wizard.getByLabel(field, { exact: true })), `suggested column for ${field}`).toBe(column);
      }
      // The preview shows the first rows with the field each column goes to.
      const previewTable = wizard.locator(".directory-preview table");
      await previewTable.getByRole("columnheader", { name: "Mitglied in → Mitglied in (Netzwerke)" }).waitFor();
      await previewTable.getByRole("cell", { name: "Stadtteilkonferenz Elberfeld", exact: true }).waitFor();
      expect(await wizard.getByRole("checkbox", { name: /Unbekannte Sozialräume neu anlegen/ }).isChecked()).toBe(true);
      await step(page, "01-mapping");
      await wizard.getByRole("button", { name: `${FILE_ROWS.length} Zeilen importieren` }).click();

      // Step 3: the report: what was created, and every rejected row with its number and reason.
      await wizard.getByRole("heading", { name: "Ergebnis des Imports" }).waitFor({ timeout: 30_000 });
      await wizard
        .getByText("Import abgeschlossen: 340 angelegt, 0 aktualisiert, 3 abgelehnt. Neu angelegte Sozialräume: 10.")
        .waitFor();
      const rejected = wizard.getByRole("table", { name: "Abgelehnte Zeilen (3)" });
      const rejectedRows = rejected.locator("tbody tr");
      await expect.poll(() => rejectedRows.count()).toBe(3);
      const expectedRejections = [
        { row: BAD_ROW_NUMBERS[0]!, name: "", reason: "Der Name fehlt" },
        {
          row: BAD_ROW_NUMBERS[1]!,
          name: "Kita Regenbogen Barmen",
          reason: "Ungültige E-Mail-Adresse „leitung(at)kita-regenbogen.de“: Es fehlt das @-Zeichen",
        },
        { row: BAD_ROW_NUMBERS[2]!, name: "Jugendtreff Nordpark", reason: "Unbekanntes Netzwerk „Netzwerk Nordstadt“" },
      ];
      for (const [index, expected] of expectedRejections.entries()) {
        const cells = rejectedRows.nth(index).locator("td");
        expect(await cells.nth(0).textContent()).toBe(String(expected.row));
        expect(await cells.nth(1).textContent()).toBe(expected.name);
        expect(await cells.nth(2).textContent()).toBe(expected.reason);
      }
      await step(page, "02-import-report");
      await expectAccessible(page, "directory import report");
      await wizard.getByRole("button", { name: "Schließen" }).click();
      await wizard.waitFor({ state: "hidden" });

      // The list and the section tabs count what was imported.
      const sections = page.getByRole("navigation", { name: "Bereiche des Verzeichnisses" });
      await sections.getByRole("link", { name: "Einrichtungen (300)" }).waitFor();
      await sections.getByRole("link", { name: "Netzwerke (40)" }).waitFor();
      await sections.getByRole("link", { name: "Sozialräume (10)" }).waitFor();
      const count = page.locator(".directory-count");
      await expect.poll(() => count.textContent()).toBe("Einrichtungen: 300");
      const listRows = page.locator(".directory-table tbody tr");
      await expect.poll(() => listRows.count()).toBe(50);
      await step(page, "03-directory");
      await expectAccessible(page, "directory");

      // Filter by a district: only its 30 institutions remain, and the filter shows as a chip.
      const districtFilter = page.locator("details.directory-filter-group").filter({ has: page.locator("summary", { hasText: /^Sozialraum/ }) });
      await districtFilter.locator("summary").click();
      await districtFilter.getByRole("checkbox", { name: FILTER_DISTRICT, exact: true }).check();
      await expect.poll(() => count.textContent()).toBe(`Einrichtungen: ${IN_FILTER_DISTRICT.length}`);
      await expect.poll(() => listRows.count()).toBe(IN_FILTER_DISTRICT.length);
      expect(new Set(await listRows.locator("td:nth-of-type(2)").allTextContents())).toEqual(new Set([FILTER_DISTRICT]));
      await page.getByRole("button", { name: `Filter „Sozialraum: ${FILTER_DISTRICT}“ entfernen` }).waitFor();
      const kitaRow = listRows.filter({ has: page.getByRole("rowheader", { name: `Kita ${FILTER_DISTRICT} 1` }) });
      const networksOfKita = async () => ((await kitaRow.locator("td").nth(4).textContent()) ?? "").split(", ").sort();
      await expect.poll(networksOfKita).toEqual([NETWORK_X, `Stadtteilkonferenz ${FILTER_DISTRICT}`]);
      await step(page, "04-directory-filtered");

      // A network's members: the ten Kitas and Familienzentren of Barmen.
      await sections.getByRole("link", { name: "Netzwerke (40)" }).click();
      await expect.poll(() => page.locator(".directory-count").textContent()).toBe("Netzwerke: 40");
      await page.getByRole("button", { name: `Mitglieder von ${NETWORK_X} bearbeiten (${MEMBERS_OF_X.length})` }).click();
      const members = page.getByRole("dialog", { name: `Mitglieder von „${NETWORK_X}“` });
      await members.getByText(`Ausgewählt: ${MEMBERS_OF_X.length}`).waitFor();
      await members.getByRole("checkbox", { name: "Nur ausgewählte zeigen" }).check();
      const memberBoxes = members.locator(".members-list input[type=checkbox]");
      await expect.poll(() => memberBoxes.count()).toBe(MEMBERS_OF_X.length);
      for (const box of await memberBoxes.all()) expect(await box.isChecked()).toBe(true);
      const memberNames = (await members.locator(".members-list label").allTextContents()).map((text) => text.split(" · ")[0]);
      expect(memberNames.sort()).toEqual(MEMBERS_OF_X.map((row) => row.name).sort());
      await step(page, "05-network-members");
      await members.getByRole("button", { name: "Abbrechen" }).click();
      await members.waitFor({ state: "hidden" });
    },
    60_000,
  );

  it(
    "invites all Stadtteilkonferenzen and all members of one network, and shows the delivery live",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("invite"));
      await openRecipientsTab();
      await page.getByRole("button", { name: "Aus dem Verzeichnis" }).click();
      const kind = page.getByRole("group", { name: "Wen einladen?" });
      const matches = page.locator(".directory-targeting p.meta[role=status]");
      const notice = page.locator(".directory-targeting p.notice");

      // All networks of type Stadtteilkonferenz.
      await kind.getByRole("radio", { name: "Netzwerke (40)" }).check();
      await page.getByRole("group", { name: "Art", exact: true }).getByRole("checkbox", { name: "Stadtteilkonferenz (8)" }).check();
      await expect.poll(() => matches.textContent()).toBe("8 Treffer: 8 einladbar, 0 bereits eingeladen, 0 ohne E-Mail-Adresse");
      const targetRows = page.getByRole("region", { name: "Treffer" }).locator("tbody tr");
      await expect.poll(() => targetRows.count()).toBe(CONFERENCES.length);
      expect((await targetRows.locator("td:nth-child(2)").allTextContents()).sort()).toEqual(CONFERENCES.map((row) => row.name).sort());
      await step(page, "06-targets-conferences");
      await page.getByRole("button", { name: "8 ausgewählte einladen" }).click();
      await expect.poll(() => notice.textContent()).toBe("8 Einladungen werden versendet.");
      // Invited ones stay in the list, marked and no longer selectable.
      await expect.poll(() => matches.textContent()).toBe("8 Treffer: 0 einladbar, 8 bereits eingeladen, 0 ohne E-Mail-Adresse");

      // All members of one network.
      await kind.getByRole("radio", { name: "Einrichtungen (300)" }).check();
      await page.getByRole("group", { name: "Mitglied im Netzwerk", exact: true }).getByRole("checkbox", { name: NETWORK_X, exact: true }).check();
      const n = MEMBERS_OF_X.length;
      await expect.poll(() => matches.textContent()).toBe(`${n} Treffer: ${n} einladbar, 0 bereits eingeladen, 0 ohne E-Mail-Adresse`);
      await expect.poll(() => targetRows.count()).toBe(n);
      await page.getByRole("button", { name: `${n} ausgewählte einladen` }).click();
      await expect.poll(() => notice.textContent()).toBe(`${n} Einladungen werden versendet.`);

      // Delivery, live: the tiles and both mailings' progress bars follow the mail worker.
      const total = CONFERENCES.length + n;
      const tile = (key: string) => page.getByTestId(`delivery-${key}`).locator("dd");
      await expect.poll(() => tile("total").textContent(), { timeout: 30_000 }).toBe(String(total));
      await expect.poll(() => tile("delivered").textContent(), { timeout: 30_000 }).toBe(String(total));
      const mailings = page.locator(".mailing-list .mailing");
      await expect.poll(() => mailings.count()).toBe(2);
      for (const size of [CONFERENCES.length, n]) {
        const mailing = mailings.filter({ hasText: `${size} von ${size} versendet` });
        await mailing.waitFor({ timeout: 30_000 });
        expect(await mailing.locator("strong").textContent()).toBe("Einladung");
        const bar = mailing.getByRole("progressbar");
        expect(await bar.evaluate((element: HTMLProgressElement) => [element.value, element.max])).toEqual([size, size]);
      }
      const invitationRows = page.locator(".invitations-table tbody tr");
      await expect.poll(() => invitationRows.count()).toBe(total);
      await expect.poll(() => invitationRow(CONFERENCES[0]!.email).locator(".invitation-status").textContent()).toBe("versendet");
      await step(page, "07-delivered");
      await expectAccessible(page, "recipients");

      // Every recipient got one personal link; the mail greets the directory's contact person.
      await expect.poll(async () => (await invitationMails()).length, { timeout: 30_000 }).toBe(total);
      const mails = await invitationMails();
      expect(new Set(mails.map((mail) => addressOf(mail.to)))).toEqual(new Set([...CONFERENCES, ...MEMBERS_OF_X].map((row) => row.email)));
      expect(new Set(mails.map(tokenIn)).size).toBe(total);
      const toX = mails.find((mail) => addressOf(mail.to) === MEMBERS_OF_X[0]!.email)!;
      expect(toX.to).toBe(`"${MEMBERS_OF_X[0]!.contact}" <${MEMBERS_OF_X[0]!.email}>`);
      expect(toX.text).toContain(`Guten Tag ${MEMBERS_OF_X[0]!.contact},`);
    },
    60_000,
  );

  it(
    "previews an edited invitation subject and refuses a text without {{link}}",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("templates"));
      const templates = page.getByRole("region", { name: "Texte der Mails" });
      await templates.scrollIntoViewIfNeeded();
      await expect.poll(() => templates.getByRole("button", { name: "Einladung", exact: true }).getAttribute("aria-pressed")).toBe("true");
      const previewSubject = templates.locator(".mail-headers dd").nth(3);
      await expect.poll(() => previewSubject.textContent()).toBe(`Umfrage: ${SURVEY_TITLE} – ${ORGANISATION}`);
      await templates.getByText("Standardtext von Kanon", { exact: true }).waitFor();

      const subject = templates.getByLabel("Betreff");
      await subject.fill("Bitte bis Freitag: {{survey}} ({{organisation}})");
      await expect.poll(() => previewSubject.textContent()).toBe(`Bitte bis Freitag: ${SURVEY_TITLE} (${ORGANISATION})`);
      await templates.getByText("Standardtext von Kanon · Nicht gespeicherte Änderungen").waitFor();

      // Without {{link}} the mail would not reach the survey: a warning, and no saving.
      const body = templates.getByLabel("Text", { exact: true });
      const original = await body.inputValue();
      expect(original).toContain("{{link}}");
      await body.fill(original.replaceAll("{{link}}", "(Link folgt)"));
      const warning = templates.getByText("Der Text braucht den Platzhalter {{link}}.");
      await warning.waitFor();
      const save = templates.getByRole("button", { name: "Speichern", exact: true });
      await expect.poll(() => save.isDisabled()).toBe(true);
      await step(page, "08-template-without-link");

      // With the link back, the new subject is saved for this survey.
      await body.fill(original);
      await warning.waitFor({ state: "detached" });
      await expect.poll(() => save.isEnabled()).toBe(true);
      await save.click();
      await templates.getByText("Gespeichert.", { exact: true }).waitFor();
      await templates.getByText("Eigener Text dieser Umfrage", { exact: true }).waitFor();
      const stored = await call<{ de: { invitation: { subject: string; isDefault: boolean } } }>("GET", `/surveys/${surveyId}/mail-templates`);
      expect(stored.de.invitation).toMatchObject({ subject: "Bitte bis Freitag: {{survey}} ({{organisation}})", isDefault: false });
    },
    60_000,
  );

  /** The conference whose respondent keeps a draft, and the one who only opened the link. */
  const drafter = CONFERENCES[5]!;
  const opener = CONFERENCES[6]!;
  const DRAFT_ANSWERS = { "network.sphere": "stadtteil" };
  let drafterToken = "";

  it(
    "shows a respondent's draft and reminds only those who have not opened their link",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("reminders"));
      const mails = await invitationMails();
      const tokenOf = (email: string) => tokenIn(mails.find((mail) => addressOf(mail.to) === email)!);
      drafterToken = tokenOf(drafter.email);

      // The drafter opens the link in a browser of their own and keeps a draft (saved through the API).
      const respondent = await browser.newContext({ locale: "de-DE" });
      try {
        const answerPage = await respondent.newPage();
        answerPage.setDefaultTimeout(20_000);
        openPages.push(answerPage);
        await answerPage.goto(`${server.url}/r/${drafterToken}`);
        await answerPage.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
      } finally {
        await respondent.close();
      }
      const opened = (await (await respondentView(drafterToken)).json()) as { revision: number };
      const draft = await fetch(`${server.url}/api/r/${drafterToken}/draft`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers: DRAFT_ANSWERS, page: 0, baseRevision: opened.revision }),
      });
      expect(draft.status, await draft.clone().text()).toBe(200);
      // The second one only opens the link.
      expect((await respondentView(tokenOf(opener.email))).status).toBe(200);

      // Back on the Empfänger tab: the states as the planner sees them.
      await openRecipientsTab();
      await expect.poll(() => invitationRow(drafter.email).locator(".invitation-status").textContent()).toBe("Entwurf");
      await expect.poll(() => invitationRow(opener.email).locator(".invitation-status").textContent()).toBe("geöffnet");
      await expect.poll(() => page.getByTestId("delivery-draft").locator("dd").textContent()).toBe("1");
      await expect.poll(() => page.getByTestId("delivery-opened").locator("dd").textContent()).toBe("2");

      // Remind only those who have not opened their link.
      const total = CONFERENCES.length + MEMBERS_OF_X.length;
      const notOpened = total - 2;
      const reminders = page.getByRole("region", { name: "Erinnerungen" });
      await reminders.getByRole("checkbox", { name: "Geöffnet, aber nicht begonnen (1)" }).uncheck();
      await reminders.getByRole("checkbox", { name: "Nur Entwurf gespeichert (1)" }).uncheck();
      expect(await reminders.getByRole("checkbox", { name: `Link noch nicht geöffnet (${notOpened})` }).isChecked()).toBe(true);
      await step(page, "09-reminders");
      await reminders.getByRole("button", { name: `Erinnerung senden (${notOpened})` }).click();
      await reminders.getByText(`${notOpened} Erinnerungen werden versendet.`).waitFor();

      // The reminder mailing runs while the planner watches, and the invitations count the reminder.
      await page.locator(".mailing-list .mailing").filter({ hasText: "Erinnerung" }).filter({ hasText: `${notOpened} von ${notOpened} versendet` }).waitFor({ timeout: 30_000 });
      const someoneNotOpened = MEMBERS_OF_X[3]!.email;
      await expect.poll(() => invitationRow(someoneNotOpened).locator("td").nth(2).textContent(), { timeout: 30_000 }).toMatch(/^1 × erinnert/);
      expect(await invitationRow(drafter.email).locator("td").nth(2).textContent()).toBe("–");
      await step(page, "10-reminded");

      // The dev mailbox: one reminder for each who had not opened, none for the two who had.
      await expect.poll(async () => (await reminderMails()).length, { timeout: 30_000 }).toBe(notOpened);
      const reminded = (await reminderMails()).map((mail) => addressOf(mail.to));
      const expected = [...CONFERENCES, ...MEMBERS_OF_X].map((row) => row.email).filter((email) => email !== drafter.email && email !== opener.email);
      expect(new Set(reminded)).toEqual(new Set(expected));
      expect(reminded).toHaveLength(expected.length);
    },
    60_000,
  );

  it(
    "hands the draft over to a colleague, whose link opens the same answers",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("handover"));
      expect(drafterToken, "the reminder test must run first").not.toBe("");
      const colleague = "karla.kollegin@stadtteil-barmen.example.org";
      await invitationRow(drafter.email).getByRole("button", { name: `Umfrage von ${drafter.email} an eine andere Adresse übergeben` }).click();
      const dialog = page.getByRole("dialog", { name: "An eine Kollegin oder einen Kollegen übergeben" });
      await dialog.getByText(`Die alten Links von ${drafter.email} funktionieren danach nicht mehr.`).waitFor();
      await dialog.getByLabel("Neue E-Mail-Adresse").fill(colleague);
      await dialog.getByLabel("Name (freiwillig)").fill("Karla Kollegin");
      await dialog.getByRole("button", { name: "Übergeben und Link senden" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText(`Die Umfrage wurde an ${colleague} übergeben.`).waitFor();
      // The invitation keeps its draft under the new address.
      await expect.poll(() => invitationRow(colleague).locator(".invitation-status").textContent()).toBe("Entwurf");
      await expect.poll(() => invitationRow(drafter.email).count()).toBe(0);
      await step(page, "11-handed-over");

      // The colleague's mail (with the survey's own subject) links to the same draft; the old link is revoked.
      let handover: Mail | undefined;
      await expect
        .poll(
          async () => {
            handover = (await mailbox()).find((mail) => addressOf(mail.to) === colleague);
            return handover?.subject ?? "";
          },
          { timeout: 30_000 },
        )
        .toBe(`Bitte bis Freitag: ${SURVEY_TITLE} (${ORGANISATION})`);
      expect(handover!.to).toBe(`"Karla Kollegin" <${colleague}>`);
      const newToken = tokenIn(handover!);
      expect(newToken).not.toBe(drafterToken);
      const view = await respondentView(newToken);
      expect(view.status).toBe(200);
      expect(await view.json()).toMatchObject({ title: SURVEY_TITLE, status: "draft", answers: DRAFT_ANSWERS });
      expect((await respondentView(drafterToken)).status).toBe(410);
    },
    60_000,
  );

  it(
    "reads a messy pasted list with names and greetings, gives the reason for each bad entry and writes each mail in its recipient's language",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("paste"));
      const idnDomain = "bürgerverein-wuppertal.de";
      const pasted = [
        "Müller, Anna <anna.mueller@stadt-wuppertal.example.org>; Schmidt, Jörg <j.schmidt@jugendamt-wuppertal.example.org>",
        "Frau\tDr. Eva Klein\teva.klein@familienzentrum.example.org",
        `kontakt@${idnDomain}`,
        `Bürgerverein <KONTAKT@${domainToASCII(idnDomain)}>`,
        "anna..b@stadt.example.org; leitung@kita-nord; anna mueller@example.org",
      ].join("\n");

      await openRecipientsTab();
      await page.getByRole("group", { name: "Art der Auswahl" }).getByRole("button", { name: "Adressen einfügen" }).click();
      const textarea = page.getByLabel("E-Mail-Adressen einfügen");
      await textarea.click();
      // Pasted in one go (as Ctrl+V inserts text), then two more lines typed key by key.
      await page.keyboard.insertText(pasted);
      await page.keyboard.press("Enter");
      await page.keyboard.type("mailto:info@verein-barmen.example.org", { delay: 15 });
      await page.keyboard.press("Enter");
      await page.keyboard.type("ohne-at-zeichen.example.org", { delay: 15 });

      const status = page.locator(".paste-recipients p.meta[role=status]");
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe("5 gültig, 4 ungültig, 1 doppelt");
      const rows = page.locator(".check-table tbody tr");
      const table = async () =>
        rows.evaluateAll((elements) =>
          elements.map((row) => {
            const cells = [...row.querySelectorAll("td")].map((cell) => (cell.textContent ?? "").trim());
            return [cells[0], cells[1], cells[2], cells[3]!.replace(/^[✓✗•]\s*/, "")];
          }),
        );
      await expect
        .poll(table)
        .toEqual([
          ["anna.mueller@stadt-wuppertal.example.org", "Müller, Anna", "Guten Tag Anna Müller,", "gültig"],
          ["j.schmidt@jugendamt-wuppertal.example.org", "Schmidt, Jörg", "Guten Tag Jörg Schmidt,", "gültig"],
          ["eva.klein@familienzentrum.example.org", "Dr. Eva Klein", "Guten Tag Frau Dr. Klein,", "gültig"],
          [`kontakt@${idnDomain}`, "Bürgerverein", "Guten Tag,", "gültig"],
          [`kontakt@${idnDomain}`, "Bürgerverein", "Guten Tag,", "Doppelt – wird zusammengeführt"],
          ["anna..b@stadt.example.org", "", "", "ungültig: Zwei Punkte hintereinander"],
          ["leitung@kita-nord", "", "", "ungültig: Der Domain fehlt die Endung (etwa „.de“)"],
          ["anna mueller@example.org", "", "", "ungültig: Enthält ein Leerzeichen"],
          ["info@verein-barmen.example.org", "", "Guten Tag,", "gültig"],
          ["ohne-at-zeichen.example.org", "", "", "ungültig: Es fehlt das @-Zeichen"],
        ]);
      await step(page, "12-paste-checked");
      await expectAccessible(page, "pasted recipients with reasons");

      // The language of the mails changes the greeting each recipient will get.
      const language = page.getByLabel("Sprache der Mails");
      await language.selectOption("en");
      await expect.poll(async () => (await table())[2]![2]).toBe("Dear Dr Klein,");
      await language.selectOption("de");
      await expect.poll(async () => (await table())[2]![2]).toBe("Guten Tag Frau Dr. Klein,");

      await page.getByRole("button", { name: "5 Einladungen senden" }).click();
      await page.getByText("5 Einladungen werden versendet.", { exact: false }).waitFor();
      // The bad entries stay in the box as typed, to be corrected.
      await expect
        .poll(() => textarea.inputValue())
        .toBe("anna..b@stadt.example.org\nleitung@kita-nord\nanna mueller@example.org\nohne-at-zeichen.example.org");
      await expect.poll(() => invitationRow(`kontakt@${idnDomain}`).count()).toBe(1);
      await expect.poll(() => invitationRow("eva.klein@familienzentrum.example.org").count()).toBe(1);

      // The mails: greeted properly, German only, the link opening in German.
      let eva: Mail | undefined;
      await expect
        .poll(async () => (eva = (await mailbox()).find((mail) => addressOf(mail.to) === "eva.klein@familienzentrum.example.org")) !== undefined, { timeout: 30_000 })
        .toBe(true);
      expect(eva!.to).toBe('"Dr. Eva Klein" <eva.klein@familienzentrum.example.org>');
      expect(eva!.text.startsWith("Guten Tag Frau Dr. Klein,\n")).toBe(true);
      expect(eva!.text).not.toMatch(/Your personal link|asks you|---/);
      expect(eva!.text).toMatch(/\/r\/[A-Za-z0-9_-]{20,}\?lang=de/);
      const bürgerverein = (await mailbox()).find((mail) => mail.to.includes(idnDomain));
      expect(bürgerverein?.text.startsWith("Guten Tag,\n")).toBe(true);

      // An English recipient: the mail in English only, the link opens the page in English.
      await textarea.fill("");
      await language.selectOption("en");
      await textarea.click();
      await page.keyboard.insertText("Doe, Jane <jane.doe@partner.example.org>");
      await expect.poll(async () => (await table())[0]).toEqual(["jane.doe@partner.example.org", "Doe, Jane", "Dear Jane Doe,", "gültig"]);
      await page.getByRole("button", { name: "1 Einladung senden" }).click();
      let jane: Mail | undefined;
      await expect.poll(async () => (jane = (await mailbox()).find((mail) => addressOf(mail.to) === "jane.doe@partner.example.org")) !== undefined, { timeout: 30_000 }).toBe(true);
      expect(jane!.text.startsWith(`Dear Jane Doe,\n\n${ORGANISATION} asks you to take part in the survey “${SURVEY_TITLE}”.`)).toBe(true);
      expect(jane!.text).not.toMatch(/Guten Tag|Ihr persönlicher Link|bittet/);
      const link = jane!.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]{20,}\?lang=en/)?.[0];
      expect(link).toBeDefined();
      const respondent = await browser.newContext({ locale: "de-DE" });
      try {
        const answerPage = await respondent.newPage();
        answerPage.setDefaultTimeout(20_000);
        openPages.push(answerPage);
        await answerPage.goto(link!);
        await answerPage.getByRole("heading", { name: SURVEY_TITLE, level: 1 }).waitFor();
        expect(await answerPage.evaluate(() => document.documentElement.lang)).toBe("en");
        await expect.poll(() => answerPage.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
        // The language is taken as the visitor's choice; the address no longer names it.
        expect(new URL(answerPage.url()).search).toBe("");
        await expectAccessible(answerPage, "respondent page opened in English");
      } finally {
        await respondent.close();
      }
    },
    90_000,
  );

  it(
    "checks a directory entry's addresses in the browser with the same reasons, and reads the salutation off a typed name",
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure("directory-dialog"));
      await page.goto(`${server.url}/`);
      await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Verzeichnis" }).click();
      await page.getByRole("heading", { name: "Verzeichnis", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Neue Einrichtung" }).click();
      const dialog = page.getByRole("dialog", { name: "Neue Einrichtung" });
      await dialog.getByLabel("Name", { exact: true }).fill("Bürgerverein Langerfeld");
      const contact = dialog.getByLabel("Ansprechperson");
      await contact.click();
      await page.keyboard.type("Frau Petra Lang", { delay: 15 });
      const address = dialog.getByLabel("Adresse für Einladungen");
      await address.click();
      // Left with the salutation typed in: it moves to its own field.
      await expect.poll(() => contact.inputValue()).toBe("Petra Lang");
      expect(await dialog.getByLabel("Anrede").inputValue()).toBe("ms");
      await dialog.getByLabel("Sprache der Mails").selectOption("en");

      await page.keyboard.type("petra..lang@bürgerverein-langerfeld.de", { delay: 10 });
      await dialog.getByLabel("Notizen").click();
      await dialog.getByText("Zwei Punkte hintereinander").waitFor();
      expect(await address.getAttribute("aria-invalid")).toBe("true");
      await address.fill("");
      await address.click();
      await page.keyboard.type("Petra.Lang@xn--brgerverein-langerfeld-slc.de", { delay: 10 });
      await dialog.getByLabel("Notizen").click();
      await expect.poll(() => dialog.locator(".field-error").count()).toBe(0);
      await expectAccessible(page, "directory entry dialog");
      await dialog.getByRole("button", { name: "Speichern" }).click();
      await page.getByText("„Bürgerverein Langerfeld“ wurde gespeichert.").waitFor();

      const { entries } = await call<{ entries: { name: string; contactPerson: string; contactSalutation: string; language: string; emails: string[] }[] }>(
        "POST",
        "/directory/search",
        { filter: { search: "Langerfeld" } },
      );
      expect(entries.find((entry) => entry.name === "Bürgerverein Langerfeld")).toMatchObject({
        contactPerson: "Petra Lang",
        contactSalutation: "ms",
        language: "en",
        emails: ["petra.lang@bürgerverein-langerfeld.de"],
      });
    },
    60_000,
  );
});
