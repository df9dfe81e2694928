import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { startServer, type RunningServer } from "../../server/start.ts";
import { chromiumPath, ensureClientBuilt, expectAccessible, launchChromium, requireChromiumOrExplain, root, screenshotDirectory } from "./browser-support.ts";
import { between, holdSaves, humanType, pause, seededRandom, slowDraftSaves, type Random } from "./human-input.ts";

/**
 * Respondents type one key at a time while their autosaves go out and come back. This suite
 * answers every question type the canon, the builder and the import produce the way people
 * do: key by key with uneven delays, pauses long enough for a save to start mid-word, replies
 * held back like on a slow mobile network so they land while the next word is typed, popups
 * opened while a save is under way. Then the link is opened in a fresh browser (no local copy)
 * and every value is compared exactly, on the page and in the stored answers; on a desktop and
 * on a phone. This is how respondent features are tested from now on: `fill()` alone proves
 * nothing about autosave.
 */
requireChromiumOrExplain("human-speed typing browser test");

const SAVED = "Gespeichert";

type Answers = Record<string, unknown>;
type Device = "desktop" | "phone";
const SCENES = [
  "text",
  "number",
  "comment",
  "multipletext",
  "dropdown",
  "tagbox",
  "checkbox",
  "choices",
  "matrix",
  "matrixdropdown",
  "paneldynamic",
  "ranking",
  "colleague",
] as const;
type Scene = (typeof SCENES)[number];
/** On a phone: the question types SurveyJS lays out or opens differently there. */
const PHONE_SCENES = new Set<Scene>(["text", "number", "multipletext", "dropdown", "tagbox", "matrixdropdown", "paneldynamic"]);

describe.skipIf(!chromiumPath)("answering every question type at human speed", () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = "";
  let csrfToken = "";
  const tokens = new Map<string, string>();
  const contexts: BrowserContext[] = [];

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

  const addressOf = (device: Device, scene: Scene) => `${scene}-${device}@typing.example.org`;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(loadConfig({ PORT: "0", DATA_DIR: "memory://", MAIL_POLL_MS: "200", LOG_LEVEL: "warn" }));
    browser = await launchChromium();
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organisationName: "Stadt Musterstadt", name: "Petra Planer", email: "planung@musterstadt.example", password: "ein-sicheres-passwort" }),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    cookie = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=[^;]+/)?.[0] ?? "";
    csrfToken = ((await setup.json()) as { csrfToken: string }).csrfToken;

    // The scene: a questionnaire with every question type, imported as planners import theirs.
    const fixture = readFileSync(path.join(root, "test", "fixtures", "every-question-type.json"));
    const imported = await call<{ surveyId: string; report: unknown[] }>("POST", "/surveys/import", {
      fileName: "every-question-type.json",
      contentBase64: fixture.toString("base64"),
    });
    const id = imported.surveyId;
    await call("POST", `/surveys/${id}/open`);
    const addresses = [...SCENES.map((scene) => addressOf("desktop", scene)), ...[...PHONE_SCENES].map((scene) => addressOf("phone", scene))];
    await call("POST", `/surveys/${id}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
    for (let attempt = 0; attempt < 150 && tokens.size < addresses.length; attempt++) {
      const { mails } = await call<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox");
      for (const mail of mails) {
        const match = mail.text.match(/\/r\/([A-Za-z0-9_-]{20,})/);
        if (match) tokens.set(mail.to, match[1]!);
      }
      if (tokens.size < addresses.length) await pause(200);
    }
    if (tokens.size < addresses.length) throw new Error(`only ${tokens.size} of ${addresses.length} links arrived`);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  }, 60_000);

  async function newPage(device: Device): Promise<Page> {
    const context = await browser.newContext(
      device === "phone"
        ? { locale: "de-DE", viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
        : { locale: "de-DE", viewport: { width: 1280, height: 900 } },
    );
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  const stored = async (token: string) => ((await (await fetch(`${server.url}/api/r/${token}`)).json()) as { answers: Answers }).answers;
  const question = (page: Page, name: string) => page.locator(`.sd-question[data-name="${name}"]`).first();
  const saveStatus = (page: Page) => page.getByTestId("save-status");

  /** Opens a personal link and waits for the questions (of the page the respondent left off on). */
  async function open(page: Page, token: string) {
    await page.goto(`${server.url}/r/${token}`);
    await page.locator(".sd-question").first().waitFor();
  }

  async function nextPage(page: Page) {
    await page.getByRole("button", { name: "Weiter" }).click();
    await question(page, "bewertung").waitFor();
  }

  /** Waits until every change is on the server (the status line says so). */
  async function settled(page: Page) {
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 20_000 }).toBe(SAVED);
  }

  /** The field being typed in is not hidden under the sticky save line (phones have little room). */
  async function expectFocusUncovered(page: Page) {
    const overlap = await page.evaluate(() => {
      const line = document.querySelector(".save-line")!.getBoundingClientRect();
      const field = document.activeElement!.closest(".sd-formbox, .sd-multipletext__item-container, td, .sd-question") ?? document.activeElement!;
      const box = field.getBoundingClientRect();
      return Math.max(0, Math.min(line.bottom, box.bottom) - Math.max(line.top, box.top));
    });
    expect(overlap, "pixels of the focused field under the save line").toBe(0);
  }

  /**
   * What the page shows for every question, read from the DOM the way a respondent sees it
   * (inputs' values, checked boxes, chosen items), in the shape of the stored answers.
   */
  async function shown(page: Page): Promise<Answers> {
    return page.evaluate(() => {
      const out: Record<string, unknown> = {};
      const q = (name: string) => document.querySelector<HTMLElement>(`.sd-question[data-name="${name}"]`);
      const inputValue = (element: Element | null) => (element as HTMLInputElement | null)?.value ?? "";
      const put = (name: string, value: unknown) => {
        const empty = value === "" || value === undefined || (Array.isArray(value) && value.length === 0) || (value && typeof value === "object" && Object.keys(value).length === 0);
        if (!empty) out[name] = value;
      };
      const compact = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== "" && value !== undefined));
      for (const [name, selector] of [["einrichtung", "input"], ["plaetze", "input"], ["bemerkung", "textarea"]] as const) {
        const element = q(name)?.querySelector(selector) ?? null;
        if (element) put(name, name === "plaetze" && inputValue(element) !== "" ? Number(inputValue(element)) : inputValue(element));
      }
      const kontakt = q("kontakt");
      if (kontakt) {
        // On phones SurveyJS lays the items out anew; only the visible inputs are the respondent's.
        const [name, funktion, telefon] = [...kontakt.querySelectorAll("input")].filter((input) => input.checkVisibility()).map(inputValue);
        put("kontakt", compact({ name, funktion, telefon }));
      }
      const dropdownText = q("traeger")?.querySelector(".sd-dropdown__input-prefix-wrapper > .sv-string-viewer")?.textContent?.trim() ?? "";
      if (dropdownText) out["traeger~text"] = dropdownText;
      const chips = [...(q("themen")?.querySelectorAll(".sd-tagbox-item__text") ?? [])].map((chip) => chip.textContent?.trim());
      if (chips.length > 0) out["themen~text"] = chips;
      const checked = (name: string) => [...(q(name)?.querySelectorAll<HTMLInputElement>("input[type=checkbox], input[type=radio]") ?? [])].filter((input) => input.checked).map((input) => input.value);
      put("zielgruppen", checked("zielgruppen"));
      const other = q("zielgruppen")?.querySelector("textarea");
      if (other && inputValue(other)) out["zielgruppen-Comment"] = inputValue(other);
      const lage = checked("lage");
      if (lage.length > 0) out.lage = lage[0];
      const rating = q("zufriedenheit")?.querySelector(".sd-rating__item--selected")?.textContent?.trim();
      if (rating) out.zufriedenheit = Number(rating);
      const booleanQuestion = q("kooperation");
      if (booleanQuestion?.querySelector(".sd-boolean--checked")) out.kooperation = true;
      else if (booleanQuestion?.querySelector(".sd-boolean--exclusive") && !booleanQuestion.querySelector(".sd-boolean--indeterminate")) out.kooperation = false;
      const matrix = q("bewertung");
      if (matrix) {
        const rows: Record<string, string> = {};
        matrix.querySelectorAll<HTMLInputElement>("input[type=radio]").forEach((input) => {
          if (input.checked) rows[input.name.split("_").pop() ?? input.name] = input.value;
        });
        put("bewertung", rows);
      }
      const personal = q("personal");
      if (personal) {
        const value: Record<string, Record<string, string>> = {};
        personal.querySelectorAll("tbody tr").forEach((row, index) => {
          const cells = [...row.querySelectorAll("input")].map(inputValue);
          const entry = compact({ stellen: cells[0], qualifikation: cells[1] }) as Record<string, string>;
          if (Object.keys(entry).length > 0) value[["paedagogik", "verwaltung"][index]!] = entry;
        });
        put("personal", value);
      }
      const offers = q("angebote");
      if (offers) {
        const panels = [...offers.querySelectorAll(".sd-paneldynamic__panel-wrapper")].map((panel) => {
          const [titel, leitung, teilnehmende] = [...panel.querySelectorAll("input")].map(inputValue);
          return compact({ titel, leitung, teilnehmende: teilnehmende ? Number(teilnehmende) : undefined });
        });
        put("angebote~shown", panels);
      }
      const ranking = q("prioritaeten");
      // Unranked items show "–" instead of a number; once ranked, their order is the answer.
      if (ranking && !ranking.querySelector(".sv-ranking-item__index--empty")) {
        out["prioritaeten~text"] = [...ranking.querySelectorAll(".sv-ranking-item__text")].map((item) => item.textContent?.trim());
      }
      return out;
    });
  }

  /** Opens the link in a fresh browser (no local copy) and compares the page and the server exactly. */
  async function expectKeptExactly(device: Device, token: string, expectedStored: Answers, expectedShown: Answers, onSecondPage: boolean) {
    const answers = await stored(token);
    expect(answers, "the stored answers").toEqual(expectedStored);
    const page = await newPage(device);
    await open(page, token);
    // The link opens on the page where the respondent left off.
    await question(page, onSecondPage ? "bewertung" : "einrichtung").waitFor();
    expect(await shown(page), "what a fresh browser shows").toEqual(expectedShown);
    await page.context().close();
  }

  /** Types into the focused field like a person, while saves go out and come back slowly. */
  async function typeLikeAPerson(page: Page, random: Random, text: string) {
    await humanType(page, text, random);
  }

  for (const device of ["desktop", "phone"] as const) {
    describe(`on a ${device}`, () => {
      const tokenOf = (scene: Scene) => tokens.get(addressOf(device, scene))!;
      /** A scene for this device (phones get the question types whose phone layout differs). */
      const scene = (name: Scene, title: string, run: () => Promise<void>) => {
        if (device === "desktop" || PHONE_SCENES.has(name)) it(title, run, 120_000);
      };

      scene("text", "short text: every character of every word arrives, saves coming back mid-word", async () => {
        const random = seededRandom(`text-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("text"));
        await question(page, "einrichtung").locator("input").click();
        const text = device === "phone" ? "Schulsozialarbeit Gesamtschule" : "Schulsozialarbeit an der Gesamtschule Nord";
        await typeLikeAPerson(page, random, text);
        await settled(page);
        await expectAccessible(page, `typing (${device})`);
        await expectKeptExactly(device, tokenOf("text"), { einrichtung: text }, { einrichtung: text }, false);
      });

      scene("number", "number: typed within a second of the previous answer, corrected, kept", async () => {
        const random = seededRandom(`number-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("number"));
        await question(page, "einrichtung").locator("input").click();
        await typeLikeAPerson(page, random, "Kita Regenbogen");
        // Straight on to the number, as people do: the name's save comes back while "12" is typed.
        await page.keyboard.press("Tab");
        await page.keyboard.type("12", { delay: 120 });
        await pause(1_400);
        await page.keyboard.press("Backspace");
        await page.keyboard.type("5", { delay: 90 });
        await settled(page);
        const expected = { einrichtung: "Kita Regenbogen", plaetze: 15 };
        await expectKeptExactly(device, tokenOf("number"), expected, expected, false);
      });

      scene("comment", "comment: lines and words typed across saves", async () => {
        const random = seededRandom(`comment-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("comment"));
        await question(page, "bemerkung").locator("textarea").click();
        if (device === "desktop") {
          // A whole document pasted in, more than an answer holds: the server says so at the question
          // (the rest of the save is kept); taken out again, the message goes.
          await page.keyboard.insertText("Protokoll ".repeat(5_001));
          const tooLong = question(page, "bemerkung").getByText("Diese Antwort ist zu lang (höchstens 50.000 Zeichen) und wurde nicht gespeichert.");
          await tooLong.waitFor();
          await page.keyboard.press("Control+A");
          await page.keyboard.press("Backspace");
          await tooLong.waitFor({ state: "detached" });
        }
        await typeLikeAPerson(page, random, "Offene Sprechstunde dienstags");
        await page.keyboard.press("Enter");
        await typeLikeAPerson(page, random, "und donnerstags ab 15 Uhr.");
        await settled(page);
        const expected = { bemerkung: "Offene Sprechstunde dienstags\nund donnerstags ab 15 Uhr." };
        await expectKeptExactly(device, tokenOf("comment"), expected, expected, false);
      });

      scene("multipletext", "multiple text: each item typed while the other items' saves come back", async () => {
        const random = seededRandom(`multipletext-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("multipletext"));
        // The item's box (on phones the input inside it only widens once focused).
        await question(page, "kontakt").locator(".sd-multipletext__item-container").first().click();
        await typeLikeAPerson(page, random, "Anna Müller");
        await page.keyboard.press("Tab");
        await typeLikeAPerson(page, random, "Schulsozialarbeiterin");
        await page.keyboard.press("Tab");
        await typeLikeAPerson(page, random, "0202 563-1234");
        await settled(page);
        const expected = { kontakt: { name: "Anna Müller", funktion: "Schulsozialarbeiterin", telefon: "0202 563-1234" } };
        await expectKeptExactly(device, tokenOf("multipletext"), expected, expected, false);
      });

      scene("colleague", "a colleague's answer to another item of the same question arrives while an item is typed", async () => {
        const random = seededRandom(`colleague-${device}`);
        const token = tokenOf("colleague");
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, token);
        const held = await holdSaves(page);
        await question(page, "einrichtung").locator("input").click();
        await page.keyboard.type("Jugendtreff Ost", { delay: 60 });
        // The save leaves; before it reaches the server a colleague saves the phone number.
        await held.started;
        await question(page, "kontakt").locator(".sd-multipletext__item-container").first().click();
        await page.keyboard.type("Anna", { delay: 90 });
        const colleague = await fetch(`${server.url}/api/r/${token}/draft`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ answers: { kontakt: { telefon: "0202 563-1234" } }, page: 0, baseRevision: 0, changed: ["kontakt"] }),
        });
        expect(colleague.status).toBe(200);
        // The reply, merged with the colleague's number, comes back while "Anna" is being typed on.
        const reply = page.waitForResponse((response) => /\/draft$/.test(response.url()));
        held.release();
        await reply;
        const telefon = question(page, "kontakt").locator("input").nth(2);
        await expect.poll(() => telefon.inputValue()).toBe("0202 563-1234");
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value), "the focus stayed in the name, with its text").toBe("Anna");
        await page.keyboard.type(" Müller", { delay: 90 });
        await settled(page);
        const expected = { einrichtung: "Jugendtreff Ost", kontakt: { name: "Anna Müller", telefon: "0202 563-1234" } };
        await expectKeptExactly(device, token, expected, expected, false);
      });

      scene("dropdown", "dropdown: opened while a save is under way, it stays open and the page does not move", async () => {
        const random = seededRandom(`dropdown-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("dropdown"));
        await question(page, "einrichtung").locator("input").click();
        const lineHeight = () => page.locator(".save-line").evaluate((line) => line.getBoundingClientRect().height);
        const idleHeight = await lineHeight();
        const held = await holdSaves(page);
        await page.keyboard.type("Familienzentrum", { delay: 60 });
        expect(await saveStatus(page).textContent()).toBe("Speichert …");
        expect(await lineHeight(), "the save line keeps its height while saving").toBe(idleHeight);
        // Opened right away: the first save of the visit starts, and comes back, while the list is open.
        const dropdown = question(page, "traeger").locator(".sd-dropdown").first();
        // A person scrolls to the question, then clicks (the scroll is over before the list opens).
        await dropdown.scrollIntoViewIfNeeded();
        await pause(between(random, 200, 400));
        const scrollBefore = await page.evaluate(() => window.scrollY);
        await dropdown.click();
        const option = page.getByRole("option", { name: "Kirchlicher Träger" });
        await option.waitFor();
        await held.started;
        held.release();
        await settled(page);
        expect(await option.isVisible(), "the list is still open after the save came back").toBe(true);
        expect(await page.evaluate(() => window.scrollY), "the page did not move").toBe(scrollBefore);
        expect(await lineHeight(), "the save line keeps its height once saved").toBe(idleHeight);
        await expectAccessible(page, `open dropdown (${device})`);
        await option.click();
        await settled(page);
        await expectKeptExactly(
          device,
          tokenOf("dropdown"),
          { einrichtung: "Familienzentrum", traeger: "kirchlich" },
          { einrichtung: "Familienzentrum", "traeger~text": "Kirchlicher Träger" },
          false,
        );
      });

      scene("tagbox", "tag box: picks made while saves come back all stay", async () => {
        const random = seededRandom(`tagbox-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("tagbox"));
        const tagbox = question(page, "themen").locator(".sd-tagbox, .sd-dropdown").first();
        await tagbox.scrollIntoViewIfNeeded();
        await pause(between(random, 200, 400));
        const held = await holdSaves(page);
        await tagbox.click();
        await page.getByRole("option", { name: "Bewegung" }).click();
        // The pick is saved while the list is still open; the next pick follows when it comes back.
        await held.started;
        held.release();
        await settled(page);
        const media = page.getByRole("option", { name: "Medienkompetenz" });
        expect(await media.isVisible(), "the list is still open after the save came back").toBe(true);
        await media.click();
        await pause(between(random, 300, 600));
        await page.getByRole("option", { name: "Elternarbeit" }).click();
        await page.keyboard.press("Escape");
        await settled(page);
        await expectKeptExactly(
          device,
          tokenOf("tagbox"),
          { themen: ["bewegung", "medien", "eltern"] },
          { "themen~text": ["Bewegung", "Medienkompetenz", "Elternarbeit"] },
          false,
        );
      });

      scene("checkbox", "checkboxes with an other text typed while the ticks are saved", async () => {
        const random = seededRandom(`checkbox-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("checkbox"));
        await question(page, "zielgruppen").getByText("Kinder", { exact: true }).click();
        await question(page, "zielgruppen").getByText("Andere Zielgruppe", { exact: true }).click();
        const other = question(page, "zielgruppen").locator("textarea");
        await other.click();
        await typeLikeAPerson(page, random, "Großeltern und Tagespflege");
        await settled(page);
        const expected = { zielgruppen: ["kinder", "other"], "zielgruppen-Comment": "Großeltern und Tagespflege" };
        await expectKeptExactly(device, tokenOf("checkbox"), expected, expected, false);
      });

      scene("choices", "radio buttons, rating and yes/no clicked in quick succession while saves return", async () => {
        const random = seededRandom(`choices-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("choices"));
        await question(page, "lage").getByText("Innenstadt", { exact: true }).click();
        await pause(between(random, 900, 1_300));
        await question(page, "zufriedenheit").getByText("4", { exact: true }).click();
        await pause(between(random, 100, 400));
        await question(page, "kooperation").getByText("Ja", { exact: true }).click();
        await pause(between(random, 900, 1_300));
        // Changed mind while the previous save is on its way.
        await question(page, "lage").getByText("Stadtrand", { exact: true }).click();
        await settled(page);
        const expected = { lage: "rand", zufriedenheit: 4, kooperation: true };
        await expectKeptExactly(device, tokenOf("choices"), expected, expected, false);
      });

      scene("matrix", "matrix: a cell per row, one changed while its save returns", async () => {
        const random = seededRandom(`matrix-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("matrix"));
        await nextPage(page);
        const matrix = question(page, "bewertung");
        await matrix.getByRole("radio", { name: "mittel" }).first().click({ force: true });
        await pause(between(random, 900, 1_300));
        await matrix.getByRole("radio", { name: "gut" }).nth(1).click({ force: true });
        await pause(between(random, 100, 300));
        await matrix.getByRole("radio", { name: "gut" }).first().click({ force: true });
        await settled(page);
        // SurveyJS keeps the offers list's first (empty) entry once its page was shown.
        const bewertung = { jugendamt: "3", schulen: "3" };
        await expectKeptExactly(device, tokenOf("matrix"), { bewertung, angebote: [{}] }, { bewertung, "angebote~shown": [{}] }, true);
      });

      scene("matrixdropdown", "matrix with text cells: every cell typed across saves", async () => {
        const random = seededRandom(`matrixdropdown-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("matrixdropdown"));
        await nextPage(page);
        const cells = question(page, "personal").locator("input");
        await cells.nth(0).click();
        await typeLikeAPerson(page, random, "2,5");
        await cells.nth(1).click();
        await typeLikeAPerson(page, random, "Erzieherin und Sozialpädagoge");
        await cells.nth(3).click();
        await typeLikeAPerson(page, random, "Verwaltungsfachangestellte");
        await expectFocusUncovered(page);
        await settled(page);
        const personal = { paedagogik: { stellen: "2,5", qualifikation: "Erzieherin und Sozialpädagoge" }, verwaltung: { qualifikation: "Verwaltungsfachangestellte" } };
        await expectKeptExactly(device, tokenOf("matrixdropdown"), { personal, angebote: [{}] }, { personal, "angebote~shown": [{}] }, true);
      });

      scene("paneldynamic", "repeatable offers: fields typed, an entry added while a save returns", async () => {
        const random = seededRandom(`paneldynamic-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("paneldynamic"));
        await nextPage(page);
        const offers = question(page, "angebote");
        await offers.locator("input").nth(0).click();
        await typeLikeAPerson(page, random, "Basketball im Verein");
        await page.keyboard.press("Tab");
        await typeLikeAPerson(page, random, "Trainerin im Jugendzentrum");
        await page.keyboard.press("Tab");
        await page.keyboard.type("24", { delay: 110 });
        await pause(between(random, 100, 300));
        await offers.getByRole("button", { name: "Weiteres Angebot hinzufügen" }).click();
        await offers.locator(".sd-paneldynamic__panel-wrapper").nth(1).locator("input").first().click();
        await typeLikeAPerson(page, random, "Hausaufgabenhilfe");
        await expectFocusUncovered(page);
        await settled(page);
        const entries = [{ titel: "Basketball im Verein", leitung: "Trainerin im Jugendzentrum", teilnehmende: 24 }, { titel: "Hausaufgabenhilfe" }];
        await expectKeptExactly(device, tokenOf("paneldynamic"), { angebote: entries }, { "angebote~shown": entries }, true);
      });

      scene("ranking", "ranking: reordered with the keyboard while saves return", async () => {
        const random = seededRandom(`ranking-${device}`);
        const page = await newPage(device);
        await slowDraftSaves(page, random);
        await open(page, tokenOf("ranking"));
        await nextPage(page);
        const items = question(page, "prioritaeten").locator(".sv-ranking-item");
        await items.nth(2).focus();
        await page.keyboard.press("ArrowUp");
        await pause(between(random, 900, 1_300));
        await page.keyboard.press("ArrowUp");
        await settled(page);
        await expectKeptExactly(
          device,
          tokenOf("ranking"),
          { prioritaeten: ["geld", "raeume", "personal"], angebote: [{}] },
          { "prioritaeten~text": ["Finanzierung", "Räume", "Personal"], "angebote~shown": [{}] },
          true,
        );
      });
    });
  }
});
