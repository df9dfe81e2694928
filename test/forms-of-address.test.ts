import { surveyLocalization } from "survey-core";
import "survey-core/i18n/german";
import { describe, expect, it } from "vitest";
import { messageKeys, translate } from "../client/src/lib/i18n.ts";
import { peoplePrivacyNotice, privacyModeText, professionalPrivacyNotice } from "../server/lib/privacy-notice.ts";
import { AUDIENCES, audienceOfQuestions, type AddressedText } from "../server/lib/survey-audience.ts";
import { DU_LOCALE, germanDuStrings, surveyLocale } from "../server/lib/surveyjs-du-locale.ts";
import { respondentMessages } from "../server/respond/respondent-messages.ts";
import { formalAddressIn, informalAddressIn } from "./support/forms-of-address.ts";

const PRIVACY_MODES = ["identified", "pseudonymous", "anonymous"] as const;

/** Every text of the respondent page (its dictionary keys: the page, the thank-you, colleague links). */
const respondentKeys = messageKeys().filter((key) => key.startsWith("respond.") || key.startsWith("colleagues."));

/** Placeholder values for any message (numbers for counts, words otherwise). */
const sample = { time: "12:00", date: "31.12.2026", device: " (Firefox · Windows)", organisation: "Stadt Wuppertal", where: "Firefox", message: "Fehler.", page: 2, label: "Kollegin", status: 500, n: 2 };

describe("respondent texts in both forms of address", () => {
  it("covers the respondent page (the check is not vacuous)", () => {
    expect(respondentKeys.length).toBeGreaterThan(50);
    expect(respondentKeys).toContain("respond.autosaveHint");
    expect(respondentKeys).toContain("respond.anonymousSubmitted");
  });

  it("every German text of the respondent page has a du form without Sie/Ihre, and its Sie form has no du", () => {
    const problems: string[] = [];
    for (const key of respondentKeys) {
      const du = translate("de", key, { ...sample, address: "du" });
      const sie = translate("de", key, { ...sample, address: "sie" });
      const formal = formalAddressIn(du);
      const informal = informalAddressIn(sie);
      if (formal.length > 0) problems.push(`${key} (du): says ${formal.join(", ")} in "${du}"`);
      if (informal.length > 0) problems.push(`${key} (Sie): says ${informal.join(", ")} in "${sie}"`);
      // English has one form: the same text either way.
      expect(translate("en", key, { ...sample, address: "du" }), key).toBe(translate("en", key, { ...sample, address: "sie" }));
    }
    expect(problems).toEqual([]);
  });

  it("the du form is really chosen by the address (the save line's hint, the thank-you)", () => {
    expect(translate("de", "respond.autosaveHint", { address: "du" })).toBe(
      "Deine Antworten werden automatisch gespeichert. Du kannst jederzeit unterbrechen und über denselben Link weitermachen.",
    );
    expect(translate("de", "respond.autosaveHint", { address: "sie" })).toMatch(/^Ihre Antworten werden automatisch gespeichert\. Sie können/);
    expect(translate("de", "respond.thanksText", { address: "du" })).toMatch(/Hier siehst du noch einmal, was du angegeben hast/);
  });
});

/** Every text the server writes for respondents, as `{sie, du, en}`. */
function serverTexts(): Record<string, AddressedText> {
  const texts: Record<string, AddressedText> = {
    "notice.professional": professionalPrivacyNotice("Stadt Wuppertal"),
    "notice.people": peoplePrivacyNotice("Stadt Wuppertal"),
  };
  for (const mode of PRIVACY_MODES) {
    for (const audience of AUDIENCES) texts[`mode.${mode}.${audience}`] = privacyModeText(mode, audience);
  }
  for (const [name, message] of Object.entries(respondentMessages)) {
    texts[`message.${name}`] = (message as (...args: unknown[]) => AddressedText)("Stadt Wuppertal", 10);
  }
  return texts;
}

describe("the server's respondent texts", () => {
  it("each has a du form without Sie/Ihre and a Sie form without du", () => {
    const texts = serverTexts();
    expect(Object.keys(texts).length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const [name, text] of Object.entries(texts)) {
      if (formalAddressIn(text.du).length > 0) problems.push(`${name} (du): ${formalAddressIn(text.du).join(", ")} in "${text.du}"`);
      if (informalAddressIn(text.sie).length > 0) problems.push(`${name} (Sie): ${informalAddressIn(text.sie).join(", ")} in "${text.sie}"`);
      if (!text.en.trim()) problems.push(`${name}: no English text`);
    }
    expect(problems).toEqual([]);
  });

  it("the notice for people talks of neither institutions, networks nor clients", () => {
    for (const text of Object.values(peoplePrivacyNotice("Stadt Wuppertal"))) {
      expect(text).not.toMatch(/Einrichtung|Netzwerk|Klient|institution|network|client/i);
    }
    for (const mode of PRIVACY_MODES) {
      for (const text of Object.values(privacyModeText(mode, "people"))) expect(text, mode).not.toMatch(/Einrichtung|Netzwerk|institution|network/i);
    }
  });
});

describe("survey-core's own German strings", () => {
  const german = surveyLocalization.locales["de"] as Record<string, string>;

  it("are all available with du (the dialect falls back to German for the rest)", () => {
    const problems: string[] = [];
    for (const name of Object.keys(german)) {
      const du = surveyLocalization.getString(name, DU_LOCALE) as string;
      if (formalAddressIn(du).length > 0) problems.push(`${name}: "${du}"`);
      const sie = surveyLocalization.getString(name, "de") as string;
      if (informalAddressIn(sie).length > 0) problems.push(`${name} (Sie): "${sie}"`);
    }
    expect(problems).toEqual([]);
    expect(surveyLocalization.getString("requiredError", DU_LOCALE)).toBe("Bitte beantworte diese Frage.");
    expect(surveyLocalization.getString("requiredError", "de")).toBe("Bitte beantworten Sie diese Frage.");
    // Texts without address come from German unchanged.
    expect(surveyLocalization.getString("pageNextText", DU_LOCALE)).toBe("Weiter");
  });

  it("overrides only strings German has", () => {
    expect(Object.keys(germanDuStrings).filter((name) => !(name in german))).toEqual([]);
  });

  it("is chosen for German with du only", () => {
    expect(surveyLocale("de", "du")).toBe(DU_LOCALE);
    expect(surveyLocale("de", "sie")).toBe("de");
    expect(surveyLocale("en", "du")).toBe("en");
  });
});

describe("the audience the questions suggest", () => {
  it("follows most questions' questionnaire; institutions when empty or tied", () => {
    expect(audienceOfQuestions([])).toBe("institutions");
    expect(audienceOfQuestions(["network", "network", "actor"])).toBe("networks");
    expect(audienceOfQuestions(["network", "actor"])).toBe("institutions");
    expect(audienceOfQuestions(["municipal", "standards"])).toBe("institutions");
    expect(audienceOfQuestions(["Jugendbefragung 2025", "Jugendbefragung 2025", "network"])).toBe("people");
    expect(audienceOfQuestions(["Elternbefragung Kita"])).toBe("people");
    expect(audienceOfQuestions(["Eigene Fragen"])).toBe("institutions");
  });
});
