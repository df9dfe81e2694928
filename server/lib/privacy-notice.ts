import type { LocalizedText } from "../db/schema.ts";

/** What respondents read when the organisation has not written its own notice. */
export function defaultPrivacyNotice(organisationName: string): LocalizedText {
  return {
    de:
      `${organisationName} nutzt Ihre Angaben für die Planung von Angeboten für Kinder, Jugendliche und Familien. ` +
      "Ergebnisse werden zusammengefasst ausgewertet; kleine Gruppen werden nicht einzeln gezeigt. " +
      "Bitte machen Sie keine Angaben zu einzelnen Klient:innen oder Familien. " +
      "Ihre Antworten werden beim Ausfüllen gespeichert, damit Sie später weitermachen können.",
    en:
      `${organisationName} uses your answers to plan services for children, young people and families. ` +
      "Results are analysed in aggregate; small groups are not shown on their own. " +
      "Please do not enter details about individual clients or families. " +
      "Your answers are saved as you go so that you can continue later.",
  };
}

/** The organisation's notice, or the default, in both languages (English falls back to German). */
export function privacyNoticeOf(organisation: { name: string; privacy_notice: string; privacy_notice_en: string }): LocalizedText {
  if (!organisation.privacy_notice.trim()) return defaultPrivacyNotice(organisation.name);
  return { de: organisation.privacy_notice, en: organisation.privacy_notice_en.trim() || organisation.privacy_notice };
}
