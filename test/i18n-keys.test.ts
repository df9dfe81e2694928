import { describe, expect, it } from "vitest";
import { auditTextsDe, auditTextsEn } from "../client/src/audit/audit-texts.ts";
import { dataProtectionTextsDe, dataProtectionTextsEn } from "../client/src/data-protection/data-protection-texts.ts";
import { directoryTextsDe, directoryTextsEn } from "../client/src/directory/directory-texts.ts";
import { gapTextsDe, gapTextsEn } from "../client/src/gaps/gap-texts.ts";
import { translate } from "../client/src/lib/i18n.ts";
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
