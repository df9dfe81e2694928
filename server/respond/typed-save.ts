import type { Context } from "hono";
import type { AppEnv } from "../lib/context.ts";
import { inAddress, type FormOfAddress } from "../lib/survey-audience.ts";
import { hashToken } from "../lib/tokens.ts";
import { answerTypesOf, TEXT_LIMIT, typedAnswers, type AnswerTypes, type RejectedValue } from "./answer-types.ts";
import { lookUp } from "./look-up-link.ts";
import { respondentAddressOf, type LinkRow } from "./respondent-link.ts";
import { respondentMessages } from "./respondent-messages.ts";

/** A value left out of a save, with the message shown at its question. */
export interface RejectedAnswer {
  question: string;
  path: (string | number)[];
  message: { de: string; en: string };
}

/**
 * Typing at the door, kept off the fast path of autosaves: the survey and the form of address of
 * a link, and the checks of a survey's frozen definition (it never changes once opened), are
 * looked up once per process and then held (bounded), so a save costs no extra query after the
 * link's first.
 */
const surveysOfLinks = new Map<string, { surveyId: string; formOfAddress: FormOfAddress }>();
const typesOfSurveys = new Map<string, AnswerTypes>();
const MAX_LINKS = 50_000;
const MAX_SURVEYS = 200;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

function messageOf(rejected: RejectedValue) {
  switch (rejected.problem) {
    case "notNumber":
      return respondentMessages.answerNotNumber();
    case "outOfRange":
      return respondentMessages.answerOutOfRange(rejected.min!, rejected.max!);
    case "tooLong":
      return respondentMessages.answerTooLong(TEXT_LIMIT);
    default:
      return respondentMessages.answerMalformed();
  }
}

/**
 * The answers of a save with every value that does not fit its question left out, and what was
 * left out with its message in the survey's form of address (answer-types.ts). An unknown link
 * fails here as it would when saving (404). `found`: the link, when the caller has it already.
 */
export async function typeAnswersOfLink(c: Context<AppEnv>, token: string, answers: Record<string, unknown>, found?: LinkRow) {
  const key = hashToken(token);
  let known = surveysOfLinks.get(key);
  if (!known) {
    // The caller may have looked the link up already (submit): no second query for it.
    const link = found ?? (await lookUp(c, token));
    known = remember(surveysOfLinks, key, { surveyId: link.survey_id, formOfAddress: respondentAddressOf(link).formOfAddress }, MAX_LINKS);
  }
  let types = typesOfSurveys.get(known.surveyId);
  if (!types) {
    const row = await c.var.services.db.selectFrom("surveys").select("definition").where("id", "=", known.surveyId).executeTakeFirst();
    const definition = row?.definition;
    types = answerTypesOf(definition && typeof definition === "object" ? (definition as Record<string, unknown>) : {});
    // A survey not opened yet has no frozen definition: not held, so its checks come once it is.
    if (definition) remember(typesOfSurveys, known.surveyId, types, MAX_SURVEYS);
  }
  const typed = typedAnswers(types, answers);
  const { formOfAddress } = known;
  return {
    answers: typed.answers,
    rejected: typed.rejected.map((rejected): RejectedAnswer => ({ question: rejected.question, path: rejected.path, message: inAddress(messageOf(rejected), formOfAddress) })),
  };
}
