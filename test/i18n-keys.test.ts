import { describe, expect, it } from "vitest";
import { auditTextsDe, auditTextsEn } from "../client/src/audit/audit-texts.ts";
import { accountTextsDe, accountTextsEn } from "../client/src/auth/account-texts.ts";
import { dataProtectionTextsDe, dataProtectionTextsEn } from "../client/src/data-protection/data-protection-texts.ts";
import { directoryTextsDe, directoryTextsEn } from "../client/src/directory/directory-texts.ts";
import { gapTextsDe, gapTextsEn } from "../client/src/gaps/gap-texts.ts";
import { isIcuMessage, messageKeys, messageText, translate } from "../client/src/lib/i18n.ts";
import { recipientTextsDe, recipientTextsEn } from "../client/src/recipients/recipient-texts.ts";
import { colleagueTextsDe, colleagueTextsEn } from "../client/src/respond/colleague-texts.ts";
import { exportTextsDe, exportTextsEn } from "../client/src/results/export-texts.ts";
import { resultsViewTextsDe, resultsViewTextsEn } from "../client/src/results/results-view-texts.ts";
import { sharingTextsDe, sharingTextsEn } from "../client/src/sharing/sharing-texts.ts";
import { exampleTextsDe, exampleTextsEn } from "../client/src/example/example-texts.ts";
import { surveySettingsTextsDe, surveySettingsTextsEn } from "../client/src/surveys/survey-settings-texts.ts";
import { waveTextsDe, waveTextsEn } from "../client/src/waves/wave-texts.ts";

const modules = {
  directory: [directoryTextsDe, directoryTextsEn],
  recipients: [recipientTextsDe, recipientTextsEn],
  colleagues: [colleagueTextsDe, colleagueTextsEn],
  exports: [exportTextsDe, exportTextsEn],
  resultsView: [resultsViewTextsDe, resultsViewTextsEn],
  surveySettings: [surveySettingsTextsDe, surveySettingsTextsEn],
  waves: [waveTextsDe, waveTextsEn],
  gaps: [gapTextsDe, gapTextsEn],
  audit: [auditTextsDe, auditTextsEn],
  dataProtection: [dataProtectionTextsDe, dataProtectionTextsEn],
  sharing: [sharingTextsDe, sharingTextsEn],
  example: [exampleTextsDe, exampleTextsEn],
  accounts: [accountTextsDe, accountTextsEn],
} as const;

describe("the UI's feature text modules", () => {
  it("are what the UI shows: no key is overridden by the main dictionary or another module", () => {
    const clashes: string[] = [];
    for (const [name, [de, en]] of Object.entries(modules)) {
      for (const [key, text] of Object.entries(de)) {
        // The raw texts (an ICU message cannot be formatted without its counts).
        if (messageText("de", key as never) !== text) clashes.push(`${name}: ${key} (de)`);
        if (messageText("en", key as never) !== (en as Record<string, string>)[key]) clashes.push(`${name}: ${key} (en)`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe("plurals and choices in UI texts", () => {
  it("every ICU message parses and formats in both languages with any count", () => {
    const broken: string[] = [];
    for (const lang of ["de", "en"] as const) {
      for (const key of messageKeys()) {
        const text = messageText(lang, key);
        if (!isIcuMessage(text)) continue;
        const names = [...text.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((match) => match[1]!);
        for (const count of [0, 1, 2, 21, 1234]) {
          try {
            const out = translate(lang, key, Object.fromEntries(names.map((name) => [name, count])));
            if (/[{}]/.test(out)) broken.push(`${lang} ${key}: left braces in "${out}"`);
          } catch (error) {
            broken.push(`${lang} ${key}: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("counts in results, exports, network views, gaps and waves agree with their noun", () => {
    expect(translate("de", "resultsView.entries", { entries: 1, n: 1 })).toBe("1 Eintrag von 1 Befragten (leere Einträge nicht gezählt)");
    expect(translate("de", "resultsView.entries", { entries: 5, n: 4 })).toBe("5 Einträge von 4 Befragten (leere Einträge nicht gezählt)");
    expect(translate("en", "resultsView.entries", { entries: 1, n: 1 })).toBe("1 entry from 1 respondent (empty entries not counted)");
    expect(translate("de", "resultsView.matching", { n: 1, total: 12 })).toBe("1 von 12 abgeschickten Antworten entspricht dem Filter");
    expect(translate("de", "gaps.comparison", { wave: "2025", closed: 1, opened: 2 })).toContain("1 Lücke geschlossen, 2 neue Lücken");
    expect(translate("en", "gaps.comparison", { wave: "2025", closed: 1, opened: 1 })).toContain("1 gap closed, 1 new gap");
    expect(translate("de", "exports.counts", { submitted: "1.234", drafts: 1 })).toBe("1.234 abgeschickt · 1 Entwurf");
    expect(translate("en", "exports.list", { title: "Offers", entries: 1 })).toBe("List “Offers” as CSV (1 entry)");
    expect(translate("de", "networkView.texts", { n: 1 })).toBe("1 Freitextantwort, aus Datenschutzgründen nicht angezeigt.");
    expect(translate("de", "trend.waveRespondents", { label: "2026", n: 1 })).toBe("2026: 1 abgeschickte Antwort");
  });

  it("counts agree with their noun (no hand-made plural such as “1 Fragen”)", () => {
    expect(translate("de", "canon.found", { n: 1 })).toBe("1 Frage gefunden");
    expect(translate("de", "canon.found", { n: 3 })).toBe("3 Fragen gefunden");
    expect(translate("en", "canon.found", { n: 1 })).toBe("1 question found");
    expect(translate("en", "canon.found", { n: 1234 })).toBe("1,234 questions found");
  });
});

/**
 * Variables that hold counts. A count written straight before a noun ("{n} Fragen", "{total}
 * matches") reads "1 Fragen" for one; such texts must choose the form with ICU plural syntax.
 */
const COUNT_VARIABLE = String.raw`(?:n|k|count|total|shown|sent|failed|invited|submitted|drafts|links|mails|created|updated|rejected|closed|opened|entries|pages|questions|districts|institutions|networks|invitations|rows|days|months|from|to)`;
/** A German noun (capitalised), or an English plural in -s, possibly after one adjective. */
const GERMAN_COUNTED = new RegExp(String.raw`\{${COUNT_VARIABLE}\}\s+(?:[a-zäöüß-]+\s+)?[A-ZÄÖÜ][\p{L}-]*`, "u");
const ENGLISH_COUNTED = new RegExp(String.raw`\{${COUNT_VARIABLE}\}\s+(?:[a-z-]+\s+)?(?!(?:is|was|has|as|its|this|thus|us)\b)[a-z-]+s\b`);

/** Why a message looks like a hand-made plural, or null. */
function handMadePlural(key: string, keys: ReadonlySet<string>, de: string, en: string): string | null {
  const pair = /^(.*)(One|Many)$/.exec(key);
  if (pair && (pair[2] === "One" ? keys.has(pair[1]!) || keys.has(`${pair[1]}Many`) : keys.has(`${pair[1]}One`))) {
    return `${key}: a singular/plural key pair; use one ICU plural message instead`;
  }
  const german = GERMAN_COUNTED.exec(de);
  if (german) return `${key} (de): "${german[0]}" is a count before a noun; use {n, plural, one {…} other {…}}`;
  const english = ENGLISH_COUNTED.exec(en);
  if (english) return `${key} (en): "${english[0]}" is a count before a noun; use {n, plural, one {…} other {…}}`;
  return null;
}


describe("no hand-made plurals in UI texts", () => {
  it("recognises a hand-made plural, and lets ICU plurals and counts without a noun pass", () => {
    const keys = new Set(["a.found", "a.foundOne", "b.send"]);
    expect(handMadePlural("a.foundOne", keys, "1 Frage gefunden", "1 question found")).toMatch(/key pair/);
    expect(handMadePlural("b.send", keys, "{n} Einladungen senden", "Send {n} invitations")).toMatch(/\(de\)/);
    expect(handMadePlural("b.send", keys, "{n, plural, one {# Einladung senden} other {# Einladungen senden}}", "Send {n} invitations")).toMatch(/\(en\)/);
    expect(handMadePlural("b.x", keys, "{n} abgeschickte Antworten", "{n, plural, one {# answer} other {# answers}}")).toMatch(/\(de\)/);
    expect(handMadePlural("b.send", keys, "{n, plural, one {# Einladung senden} other {# Einladungen senden}}", "{n, plural, one {Send # invitation} other {Send # invitations}}")).toBeNull();
    expect(handMadePlural("b.x", keys, "Seite {n}: {title}", "Page {n}: {title}")).toBeNull();
    expect(handMadePlural("b.x", keys, "{sent} von {total} versendet", "{sent} of {total} sent")).toBeNull();
    expect(handMadePlural("b.x", keys, "Angelegt ({n})", "Created ({n})")).toBeNull();
    expect(handMadePlural("gaps.legendMany", new Set(["gaps.legendMany"]), "viel", "many")).toBeNull();
  });

  it("every count before a noun is an ICU plural (no “1 Fragen”), and there are no …One/…Many key pairs", () => {
    const keys = new Set<string>(messageKeys());
    const found = messageKeys()
      .map((key) => ({ key, problem: handMadePlural(key, keys, messageText("de", key), messageText("en", key)) }))
      .filter((entry): entry is { key: (typeof entry)["key"]; problem: string } => entry.problem !== null);
    expect(found.map((entry) => entry.problem)).toEqual([]);
  });

  it("chooses the right form for one and for many", () => {
    const cases: [Parameters<typeof translate>[1], Record<string, number>, string, string][] = [
      ["recipients.send", { n: 1 }, "1 Einladung senden", "Send 1 invitation"],
      ["recipients.send", { n: 12 }, "12 Einladungen senden", "Send 12 invitations"],
      ["canon.moduleCount", { n: 1 }, "1 Frage", "1 question"],
      ["builder.deletePageText", { n: 1 }, "Auf dieser Seite steht noch eine Frage.", "This page still holds one question."],
      ["reminders.daysBefore", { n: 0 }, "Am letzten Tag", "On the last day"],
      ["reminders.daysBefore", { n: 1 }, "1 Tag vor Fristende", "1 day before the deadline"],
      ["reminders.daysBefore", { n: 7 }, "7 Tage vor Fristende", "7 days before the deadline"],
      ["retention.current", { n: 1 }, "Antworten werden 1 Monat nach", "Responses are deleted 1 month after"],
      ["audit.details.rows", { n: 1234 }, "1.234 Zeilen", "1,234 rows"],
      ["templates.option", { pages: 1, questions: 1 }, "(1 Seite, 1 Frage)", "(1 page, 1 question)"],
    ];
    for (const [key, vars, de, en] of cases) {
      expect(translate("de", key, { name: "X", ...vars })).toContain(de);
      expect(translate("en", key, { name: "X", ...vars })).toContain(en);
    }
    expect(translate("de", "compose.added", { n: 1, title: "Alter", page: "Seite 1" })).toBe("„Alter“ wurde Seite 1 hinzugefügt.");
    expect(translate("de", "compose.added", { n: 3, title: "Alter", page: "Seite 1" })).toBe("3 Fragen wurden Seite 1 hinzugefügt.");
  });
});
