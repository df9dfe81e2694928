import { describe, expect, it } from "vitest";
import { checkPasswordStrength, MIN_PASSWORD_LENGTH } from "../server/lib/password-strength.ts";

/**
 * The password judge shared by server and browser (zxcvbn-ts with common, German and English
 * dictionaries, plus the person's own data): what it refuses, with a reason in both languages,
 * and that hostile input cannot make it slow.
 */
const anna = { name: "Anna Admin", email: "anna.admin@wuppertal.de", organisationName: "Stadt Wuppertal" };

describe("password strength", () => {
  it("refuses common, short and patterned passwords with a reason in German and English", async () => {
    for (const password of ["passwort123", "Passwort1234", "Sommer2024!", "qwertzuiop", "hallohallo", "P4$$w0rd!", "1234567890", "aaaaaaaaaaaa"]) {
      const verdict = await checkPasswordStrength(password, anna);
      expect(verdict.acceptable, password).toBe(false);
      expect(verdict.score, password).toBeLessThan(3);
      expect(verdict.problem?.de, password).toMatch(/\./);
      expect(verdict.problem?.en, password).toMatch(/\./);
    }
    const short = await checkPasswordStrength("kX9#mQ2", anna);
    expect(short).toMatchObject({ acceptable: false, problem: { de: `Bitte wählen Sie mindestens ${MIN_PASSWORD_LENGTH} Zeichen.` } });
  });

  it("refuses the person's name, address and organisation in any spelling, but not generic words of the organisation's name", async () => {
    const own = { de: "Das Passwort enthält Ihren Namen, Ihre E-Mail-Adresse oder den Namen Ihrer Organisation.", en: "The password contains your name, your e-mail address or your organisation's name." };
    for (const password of ["wuppertal-anna-admin", "Gruesse-aus-WUPPERTAL", "anna.admin-fahrrad-blau", "fahrrad-ANNA-blau-kreis"]) {
      expect(await checkPasswordStrength(password, anna), password).toMatchObject({ acceptable: false, score: 0, problem: own });
    }
    expect((await checkPasswordStrength("juergens-fahrrad-ist-blau", { name: "Jürgen Meier" })).problem).toEqual(own);
    expect((await checkPasswordStrength("jurgens-fahrrad-ist-blau", { name: "Jürgen Meier" })).problem).toEqual(own);
    expect((await checkPasswordStrength("stadtgarten-blueht-im-mai", anna)).acceptable).toBe(true);
  });

  it("accepts passphrases and random strings, and the passwords the tests use", async () => {
    for (const password of ["gelbe-fenster-im-abendlicht", "korrekt Pferd Batterie Heftklammer", "xK9#mQ2$vL7p", "ein-sicheres-passwort", "sehr-geheimes-passwort", "noch-ein-passwort"]) {
      const verdict = await checkPasswordStrength(password, anna);
      expect(verdict, password).toMatchObject({ acceptable: true, problem: null, suggestions: [] });
      expect(verdict.score).toBeGreaterThanOrEqual(3);
    }
  });

  it("stays fast for hostile input of the longest allowed length", async () => {
    await checkPasswordStrength("warm-up-the-dictionaries");
    for (const unit of ["p@ssw0rd", "1a", "9", "Sommer2024!", "@|{4@5€$", "a5!3$1E4Ae@"]) {
      const password = unit.repeat(200).slice(0, 200);
      const started = performance.now();
      await checkPasswordStrength(password, anna);
      expect(performance.now() - started, unit).toBeLessThan(2_000);
    }
  });
});
