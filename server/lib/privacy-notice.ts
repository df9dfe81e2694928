import type { LocalizedText, PrivacyMode } from "../db/schema.ts";
import { inAddress, type AddressedText, type Audience, type FormOfAddress } from "./survey-audience.ts";

/**
 * Kanon's notice for surveys of institutions and networks when the organisation has not written
 * its own: professionals are asked not to describe clients.
 */
export function professionalPrivacyNotice(organisationName: string): AddressedText {
  return {
    sie:
      `${organisationName} nutzt Ihre Angaben für die Planung von Angeboten für Kinder, Jugendliche und Familien. ` +
      "Ergebnisse werden zusammengefasst ausgewertet; kleine Gruppen werden nicht einzeln gezeigt. " +
      "Bitte machen Sie keine Angaben zu einzelnen Klient:innen oder Familien. " +
      "Ihre Antworten werden beim Ausfüllen gespeichert, damit Sie später weitermachen können.",
    du:
      `${organisationName} nutzt deine Angaben für die Planung von Angeboten für Kinder, Jugendliche und Familien. ` +
      "Ergebnisse werden zusammengefasst ausgewertet; kleine Gruppen werden nicht einzeln gezeigt. " +
      "Bitte mach keine Angaben zu einzelnen Klient:innen oder Familien. " +
      "Deine Antworten werden beim Ausfüllen gespeichert, damit du später weitermachen kannst.",
    en:
      `${organisationName} uses your answers to plan services for children, young people and families. ` +
      "Results are analysed in aggregate; small groups are not shown on their own. " +
      "Please do not enter details about individual clients or families. " +
      "Your answers are saved as you go so that you can continue later.",
  };
}

/**
 * Kanon's notice for surveys of people (young people, parents): in plain words what is asked and
 * why, that taking part is voluntary, how results are shown and whom to ask. Nothing about
 * institutions, networks or client data; anonymity is told by the privacy-mode sentence after it.
 */
export function peoplePrivacyNotice(organisationName: string): AddressedText {
  return {
    sie:
      `${organisationName} möchte wissen, welche Erfahrungen, Meinungen und Wünsche Sie haben. Damit werden Angebote für Kinder, Jugendliche und Familien geplant.\n\n` +
      "Die Teilnahme ist freiwillig. Wenn Sie nicht mitmachen möchten, hat das keine Nachteile für Sie. Sie können jederzeit aufhören.\n\n" +
      "Die Ergebnisse werden nur zusammengefasst gezeigt, nie für kleine Gruppen einzeln.\n\n" +
      "Ihre Antworten werden beim Ausfüllen gespeichert, damit Sie später weitermachen können. " +
      "Wenn Sie Fragen zur Umfrage haben, antworten Sie einfach auf die E-Mail, mit der Sie den Link bekommen haben.",
    du:
      `${organisationName} möchte wissen, welche Erfahrungen, Meinungen und Wünsche du hast. Damit werden Angebote für Kinder, Jugendliche und Familien geplant.\n\n` +
      "Mitmachen ist freiwillig. Wenn du nicht mitmachen möchtest, hat das keine Nachteile für dich. Du kannst jederzeit aufhören.\n\n" +
      "Die Ergebnisse werden nur zusammengefasst gezeigt, nie für kleine Gruppen einzeln.\n\n" +
      "Deine Antworten werden beim Ausfüllen gespeichert, damit du später weitermachen kannst. " +
      "Wenn du Fragen zur Umfrage hast, antworte einfach auf die E-Mail, mit der du den Link bekommen hast.",
    en:
      `${organisationName} would like to know about your experiences, opinions and wishes. They help to plan services for children, young people and families.\n\n` +
      "Taking part is voluntary. If you do not want to take part, this has no disadvantages for you. You can stop at any time.\n\n" +
      "Results are only shown in summary, never for small groups on their own.\n\n" +
      "Your answers are saved as you go so that you can continue later. " +
      "If you have questions about the survey, simply reply to the e-mail that brought you the link.",
  };
}

/** What respondents read when the organisation has not written its own notice (in "Sie"). */
export function defaultPrivacyNotice(organisationName: string): LocalizedText {
  return inAddress(professionalPrivacyNotice(organisationName), "sie");
}

/** The organisation's notice, or the default, in both languages (English falls back to German). */
export function privacyNoticeOf(organisation: { name: string; privacy_notice: string; privacy_notice_en: string }): LocalizedText {
  if (!organisation.privacy_notice.trim()) return defaultPrivacyNotice(organisation.name);
  return { de: organisation.privacy_notice, en: organisation.privacy_notice_en.trim() || organisation.privacy_notice };
}

/**
 * A survey's notice when it has none of its own: for institutions and networks the
 * organisation's (Kanon's professional default where it has none), for people Kanon's notice in
 * plain words; Kanon's texts in the survey's form of address.
 */
export function defaultSurveyPrivacyNotice(
  organisation: { name: string; privacy_notice: string; privacy_notice_en: string },
  audience: Audience,
  address: FormOfAddress,
): LocalizedText {
  if (audience === "people") return inAddress(peoplePrivacyNotice(organisation.name), address);
  if (organisation.privacy_notice.trim()) return privacyNoticeOf(organisation);
  return inAddress(professionalPrivacyNotice(organisation.name), address);
}

/** The notice respondents of a survey read: its own text (English falls back to German), or the default. */
export function surveyPrivacyNotice(
  organisation: { name: string; privacy_notice: string; privacy_notice_en: string },
  survey: { privacy_notice: string; privacy_notice_en: string },
  audience: Audience,
  address: FormOfAddress,
): LocalizedText {
  if (!survey.privacy_notice.trim()) return defaultSurveyPrivacyNotice(organisation, audience, address);
  return { de: survey.privacy_notice, en: survey.privacy_notice_en.trim() || survey.privacy_notice };
}

/** Whose name the planner sees beside identified answers. */
const identifiedBy: Record<Audience, AddressedText> = {
  institutions: {
    sie: "Die einladende Stelle sieht Ihre Antworten zusammen mit dem Namen Ihrer Einrichtung.",
    du: "Die einladende Stelle sieht deine Antworten zusammen mit dem Namen deiner Einrichtung.",
    en: "The inviting organisation sees your answers together with the name of your institution.",
  },
  networks: {
    sie: "Die einladende Stelle sieht Ihre Antworten zusammen mit dem Namen Ihres Netzwerks.",
    du: "Die einladende Stelle sieht deine Antworten zusammen mit dem Namen deines Netzwerks.",
    en: "The inviting organisation sees your answers together with the name of your network.",
  },
  people: {
    sie: "Die Stelle, die Sie eingeladen hat, sieht Ihre Antworten zusammen mit Ihrem Namen oder der E-Mail-Adresse, an die die Einladung ging.",
    du: "Die Stelle, die dich eingeladen hat, sieht deine Antworten zusammen mit deinem Namen oder der E-Mail-Adresse, an die deine Einladung ging.",
    en: "The organisation that invited you sees your answers together with your name or the e-mail address the invitation went to.",
  },
};

const professionalModes: Record<Exclude<PrivacyMode, "identified">, AddressedText> = {
  pseudonymous: {
    sie: "Die einladende Stelle sieht, dass Sie teilgenommen haben, Ihre Antworten aber nur zusammengefasst mit denen anderer.",
    du: "Die einladende Stelle sieht, dass du teilgenommen hast, deine Antworten aber nur zusammengefasst mit denen anderer.",
    en: "The inviting organisation sees that you took part, but your answers only combined with those of others.",
  },
  anonymous: {
    sie: "Diese Umfrage ist anonym: Nach dem Absenden sind Ihre Antworten mit Ihrer Einladung nicht mehr verbunden und erscheinen erst zusammen mit denen anderer – die einladende Stelle kann sie Ihnen nicht zuordnen, und Sie können sie danach nicht mehr ansehen oder ändern.",
    du: "Diese Umfrage ist anonym: Nach dem Absenden sind deine Antworten mit deiner Einladung nicht mehr verbunden und erscheinen erst zusammen mit denen anderer – die einladende Stelle kann sie dir nicht zuordnen, und du kannst sie danach nicht mehr ansehen oder ändern.",
    en: "This survey is anonymous: once submitted, your answers are no longer linked to your invitation and appear only together with those of others – the inviting organisation cannot trace them to you, and you cannot view or change them afterwards.",
  },
};

const peopleModes: Record<Exclude<PrivacyMode, "identified">, AddressedText> = {
  pseudonymous: {
    sie: "Die Stelle, die Sie eingeladen hat, sieht, dass Sie mitgemacht haben. Ihre Antworten sieht sie nur zusammen mit denen von anderen, nicht einzeln.",
    du: "Die Stelle, die dich eingeladen hat, sieht, dass du mitgemacht hast. Deine Antworten sieht sie nur zusammen mit denen von anderen, nicht einzeln.",
    en: "The organisation that invited you sees that you took part, but sees your answers only together with those of others, never on their own.",
  },
  anonymous: {
    sie: "Diese Umfrage ist anonym: Sobald Sie Ihre Antworten abschicken, sind sie mit Ihrer Einladung nicht mehr verbunden und werden erst zusammen mit den Antworten anderer ausgewertet. Die Stelle, die Sie eingeladen hat, kann dann nicht herausfinden, welche Antworten von Ihnen sind, und Sie können sie danach auch nicht mehr ansehen oder ändern.",
    du: "Diese Umfrage ist anonym: Sobald du deine Antworten abschickst, sind sie mit deiner Einladung nicht mehr verbunden und werden erst zusammen mit den Antworten anderer ausgewertet. Die Stelle, die dich eingeladen hat, kann dann nicht herausfinden, welche Antworten von dir sind, und du kannst sie danach auch nicht mehr ansehen oder ändern.",
    en: "This survey is anonymous: as soon as you submit your answers, they are no longer linked to your invitation and are only evaluated together with the answers of others. The organisation that invited you cannot then find out which answers are yours, and you cannot view or change them afterwards either.",
  },
};

/** The sentence after the notice that tells what the planner will see, worded for the audience. */
export function privacyModeText(mode: PrivacyMode, audience: Audience): AddressedText {
  if (mode === "identified") return identifiedBy[audience];
  return (audience === "people" ? peopleModes : professionalModes)[mode];
}

/** The privacy-mode sentence in the survey's form of address, and in English. */
export function privacyModeSentence(mode: PrivacyMode, audience: Audience, address: FormOfAddress): LocalizedText {
  return inAddress(privacyModeText(mode, audience), address);
}
