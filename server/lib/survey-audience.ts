/**
 * Who a survey asks and how it speaks to them. Pure (no database, no `node:`), so the client
 * shares it: the planner's settings and the respondent page use the same names and defaults.
 */

/** Institutions and providers, networks, or people (young people, parents, residents). */
export const AUDIENCES = ["institutions", "networks", "people"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** German form of address: formal "Sie" or informal "du" (English has no such difference). */
export const FORMS_OF_ADDRESS = ["sie", "du"] as const;
export type FormOfAddress = (typeof FORMS_OF_ADDRESS)[number];

/** A respondent-facing text in both German forms of address and in English. */
export interface AddressedText {
  sie: string;
  du: string;
  en: string;
}

/** The German text in the survey's form of address, and the English one. */
export function inAddress(text: AddressedText, address: FormOfAddress): { de: string; en: string } {
  return { de: text[address], en: text.en };
}

/**
 * How a survey addresses respondents unless the planner chose: professionals are addressed
 * with "Sie", people (above all young people) with "du". Planners asking parents choose "Sie".
 */
export function defaultFormOfAddress(audience: Audience): FormOfAddress {
  return audience === "people" ? "du" : "sie";
}

/** Questionnaire labels that say people are asked (imported or own youth, parent, resident surveys). */
const peopleQuestionnaire =
  /jugendliche|jugendbefragung|kinderbefragung|schüler|eltern|bürger|einwohner|anwohner|youth|young people|pupil|parent|resident|citizen/i;

/** The audience one questionnaire of the canon is written for. */
export function audienceOfQuestionnaire(questionnaire: string): Audience {
  if (questionnaire === "network") return "networks";
  if (questionnaire === "actor" || questionnaire === "municipal" || questionnaire === "standards") return "institutions";
  return peopleQuestionnaire.test(questionnaire) ? "people" : "institutions";
}

/**
 * The audience a survey's questions suggest: the one most of its questions were written for
 * (by their questionnaire); institutions for an empty survey and on a tie.
 *
 * @example audienceOfQuestions(["network", "network", "actor"]) // "networks"
 */
export function audienceOfQuestions(questionnaires: readonly string[]): Audience {
  const counts = new Map<Audience, number>();
  for (const questionnaire of questionnaires) {
    const audience = audienceOfQuestionnaire(questionnaire);
    counts.set(audience, (counts.get(audience) ?? 0) + 1);
  }
  let best: Audience = "institutions";
  for (const audience of AUDIENCES) {
    if ((counts.get(audience) ?? 0) > (counts.get(best) ?? 0)) best = audience;
  }
  return best;
}

/** What a survey stored: null where the planner left it to Kanon. */
export interface StoredAudienceSettings {
  audience: Audience | null;
  form_of_address: FormOfAddress | null;
}

/** The audience and form of address in effect, and whether each was chosen or follows the defaults. */
export interface AudienceSettings {
  audience: Audience;
  audienceChosen: boolean;
  formOfAddress: FormOfAddress;
  formOfAddressChosen: boolean;
}

/**
 * The settings in effect: the planner's choices, otherwise the audience the questions suggest
 * and the form of address that fits it.
 */
export function audienceSettingsOf(stored: StoredAudienceSettings, suggested: Audience): AudienceSettings {
  const audience = stored.audience ?? suggested;
  return {
    audience,
    audienceChosen: stored.audience !== null,
    formOfAddress: stored.form_of_address ?? defaultFormOfAddress(audience),
    formOfAddressChosen: stored.form_of_address !== null,
  };
}
