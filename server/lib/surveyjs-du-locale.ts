import { setupLocale, surveyLocalization } from "survey-core";
import "survey-core/i18n/german";
import type { FormOfAddress } from "./survey-audience.ts";

/**
 * survey-core's German strings in the "du" form, as a dialect of German: a model whose locale is
 * `de-x-du` takes these strings and falls back to German ("de") for everything else, including
 * the questionnaire's own German texts (survey-core resolves `xx-yy` to `xx`). The tag is a
 * BCP 47 private-use subtag, so `Intl` and `lang` attributes read it as German.
 *
 * Imported by the respondent page, the planner's preview and the server's submit validation, so
 * the required message says "Bitte beantworte diese Frage." wherever the survey says "du".
 */
export const DU_LOCALE = "de-x-du";

/** Every German string of survey-core that addresses the respondent, in the "du" form. */
export const germanDuStrings: Record<string, string> = {
  commentText: "Bitte schreib einen Kommentar",
  completingSurvey: "Vielen Dank, dass du die Umfrage ausgefüllt hast!",
  completingSurveyBefore: "Du hast diese Umfrage schon ausgefüllt.",
  ratingOptionsCaption: "Tippe hier, um zu bewerten...",
  requiredError: "Bitte beantworte diese Frage.",
  requiredErrorInPanel: "Bitte beantworte mindestens eine Frage.",
  requiredInAllRowsError: "Bitte beantworte die Frage in jeder Zeile.",
  stepError: "Gib einen Wert ein, der zur Schrittweite {0} passt.",
  incompletePatternError: "Bitte füll den Wert vollständig im verlangten Format aus.",
  textMinLength: "Bitte gib mindestens {0} Zeichen ein.",
  textMaxLength: "Bitte gib nicht mehr als {0} Zeichen ein.",
  textMinMaxLength: "Bitte gib mindestens {0} und höchstens {1} Zeichen ein.",
  minRowCountError: "Bitte füll mindestens {0} Zeilen aus.",
  minSelectError: "Bitte wähle mindestens {0} Antwort(en) aus.",
  maxSelectError: "Bitte wähle nicht mehr als {0} Antwort(en) aus.",
  invalidEmail: "Bitte gib eine gültige E-Mail-Adresse ein.",
  exceedMaxFiles: "Du kannst höchstens {0} Dateien hochladen.",
  noUploadFilesHandler: "Dateien können nicht hochgeladen werden. Füge einen Handler für das Ereignis 'onUploadFiles' hinzu.",
  otherRequiredError: "Bitte gib einen Wert an.",
  uploadingFile: "Bitte warte, bis deine Dateien hochgeladen sind.",
  filePlaceholder: "Leg hier eine Datei ab oder klick auf die Schaltfläche unten, um eine Datei hochzuladen.",
  confirmDelete: "Willst du den Eintrag löschen?",
  timerSpentAll: "Du warst {0} auf dieser Seite und hast insgesamt {1} gebraucht.",
  timerSpentPage: "Du warst {0} auf dieser Seite.",
  timerSpentSurvey: "Du hast insgesamt {0} gebraucht.",
  timerLimitAll: "Du warst {0} von {1} auf dieser Seite und hast insgesamt {2} von {3} gebraucht.",
  timerLimitPage: "Du warst {0} von {1} auf dieser Seite.",
  timerLimitSurvey: "Du hast insgesamt {0} von {1} gebraucht.",
  photoPlaceholder: "Klick auf die Schaltfläche unten, um mit der Kamera ein Foto aufzunehmen.",
  fileOrPhotoPlaceholder: "Zieh eine Datei hierher oder wähl sie aus, um sie hochzuladen, oder mach ein Foto mit der Kamera.",
  confirmRemoveFile: "Willst du diese Datei wirklich löschen: {0}?",
  confirmRemoveAllFiles: "Willst du wirklich alle Dateien löschen?",
  filterStringPlaceholder: "Tippe, um zu suchen...",
  noEntriesText: "Es gibt noch keine Einträge.\nKlick auf die Schaltfläche unten, um einen neuen Eintrag hinzuzufügen.",
  selectToRankEmptyUnrankedAreaText: "Zieh die Antworten hierher, um sie zu ordnen",
};

/** survey-core's German says "du" in one string (machine-translated): "Sie" like all the others. */
const germanSieFixes: Record<string, string> = {
  exceedMaxFiles: "Sie können höchstens {0} Dateien hochladen.",
};

setupLocale({ localeCode: DU_LOCALE, strings: germanDuStrings, nativeName: "deutsch (du)", englishName: "German (informal)" });
Object.assign(surveyLocalization.locales["de"] as Record<string, string>, germanSieFixes);

/**
 * The survey-core locale for a respondent: German in the survey's form of address, or English.
 *
 * @example surveyLocale("de", "du") // "de-x-du"
 */
export function surveyLocale(language: "de" | "en", address: FormOfAddress): string {
  return language === "de" && address === "du" ? DU_LOCALE : language;
}
