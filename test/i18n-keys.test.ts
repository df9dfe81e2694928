import { describe, expect, it } from "vitest";
import { auditTextsDe, auditTextsEn } from "../client/src/audit/audit-texts.ts";
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
} as const;

describe("the UI's feature text modules", () => {
  it("are what the UI shows: no key is overridden by the main dictionary or another module", () => {
    const clashes: string[] = [];
    for (const [name, [de, en]] of Object.entries(modules)) {
      for (const [key, text] of Object.entries(de)) {
        if (translate("de", key as never) !== text) clashes.push(`${name}: ${key} (de)`);
        if (translate("en", key as never) !== (en as Record<string, string>)[key]) clashes.push(`${name}: ${key} (en)`);
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

  it("counts agree with their noun (no hand-made plural such as “1 Fragen”)", () => {
    expect(translate("de", "canon.found", { n: 1 })).toBe("1 Frage gefunden");
    expect(translate("de", "canon.found", { n: 3 })).toBe("3 Fragen gefunden");
    expect(translate("en", "canon.found", { n: 1 })).toBe("1 question found");
    expect(translate("en", "canon.found", { n: 1234 })).toBe("1,234 questions found");
  });
});
