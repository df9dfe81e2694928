import type { Kysely } from "kysely";
import type { Database } from "../server/db/schema.ts";
import { randomAnswer, type AnswerStyle } from "../server/example/answers.ts";
import { wordSentence } from "../server/example/german-names.ts";
import { seededRandom } from "../server/example/random.ts";
import { buildSurveyDefinition } from "../server/lib/survey-definition.ts";

export interface FixtureQuestion {
  name: string;
  type: string;
  values: string[];
}

/**
 * An open survey of the first `count` answerable canon items (choice, text, number), with an
 * organisation and planner to own it. Shared by the benchmarks so they measure realistic shapes.
 */
export async function surveyWithCanonQuestions(db: Kysely<Database>, count: number) {
  const organisation = await db.insertInto("organisations").values({ name: "Benchstadt" }).returning("id").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email: `planner-${organisation.id}@bench.example`, name: "Bench", password_hash: "x", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const items = (await db.selectFrom("canon_items").selectAll().orderBy("position").execute())
    .filter((item) => ["radiogroup", "checkbox", "dropdown", "boolean", "rating", "comment", "text"].includes(String(item.element.type)))
    .slice(0, count);
  const structure = {
    pages: [{ id: "page-1", title: null, elements: items.map((item) => ({ itemId: item.item_id, version: item.version, required: false })) }],
  };
  const texts = { title: "Bench", intro: "", closingText: "", titleEn: "", introEn: "", closingTextEn: "" };
  const definition = buildSurveyDefinition(texts, structure, (itemId) => items.find((candidate) => candidate.item_id === itemId)!);
  const survey = await db
    .insertInto("surveys")
    .values({
      organisation_id: organisation.id,
      title: "Bench",
      intro: "",
      status: "open",
      structure: JSON.stringify(structure),
      definition: JSON.stringify(definition),
      created_by: user.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const questions: FixtureQuestion[] = items.map((item) => ({
    name: item.item_id,
    type: String(item.element.type),
    values: Array.isArray(item.element.choices) ? (item.element.choices as { value: string }[]).map((choice) => String(choice.value)) : [],
  }));
  return { surveyId: survey.id, organisationId: organisation.id, questions };
}

/** A deterministic answer document for respondent `index`. */
export function answerFor(questions: FixtureQuestion[], index: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  questions.forEach((question, position) => {
    const pick = (offset = 0) => question.values[(index + position + offset) % Math.max(1, question.values.length)];
    switch (question.type) {
      case "checkbox":
        answers[question.name] = [pick(), pick(1)].filter((value, at, list) => value !== undefined && list.indexOf(value) === at);
        break;
      case "boolean":
        answers[question.name] = (index + position) % 2 === 0;
        break;
      case "rating":
        answers[question.name] = ((index + position) % 5) + 1;
        break;
      case "comment":
      case "text":
        answers[question.name] = `Antwort ${index} zu Frage ${position}: Die Zusammenarbeit im Stadtteil ist verlässlich.`;
        break;
      default:
        answers[question.name] = pick();
    }
  });
  return answers;
}

/**
 * Thirty canon items of every kind results aggregate: single choice (8), multiple choice (5),
 * yes/no (2), ratings (3), Likert matrices (3), numbers (4, one a year), comments (2), a
 * multipletext, the offers paneldynamic and a short text.
 */
export const EVERY_KIND_ITEMS = [
  "network.sphere",
  "actor.institution_type",
  "network.type",
  "actor.access_mode",
  "actor.cost",
  "actor.reach_share",
  "actor.provider_type",
  "network.coordination_home",
  "network.focus_life_phases",
  "actor.barriers",
  "actor.low_threshold",
  "actor.outreach_channels",
  "actor.staff_languages",
  "network.has_focus",
  "actor.volunteers_involved",
  "network.perception",
  "network.personal_benefit",
  "actor.network_benefit",
  "actor.context_conditions",
  "network.cooperation_perception",
  "network.governance_quality",
  "actor.capacity",
  "network.founding_year",
  "network.coordination_fte",
  "network.member_count",
  "network.success_factors",
  "actor.observed_effects",
  "actor.staff_count",
  "actor.offers",
  "network.name",
];

/** An open survey of EVERY_KIND_ITEMS, with an organisation and an admin to own it; returns the SurveyJS elements too. */
export async function surveyWithEveryKind(db: Kysely<Database>) {
  const organisation = await db.insertInto("organisations").values({ name: "Benchstadt" }).returning("id").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email: `results-${organisation.id}@bench.example`, name: "Bench", password_hash: "x", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const items = await db.selectFrom("canon_items").selectAll().where("item_id", "in", EVERY_KIND_ITEMS).where("organisation_id", "is", null).execute();
  const structure = {
    pages: [{ id: "page-1", title: null, elements: EVERY_KIND_ITEMS.map((itemId) => ({ itemId, version: 1, required: false })) }],
  };
  const texts = { title: "Bench", intro: "", closingText: "", titleEn: "", introEn: "", closingTextEn: "" };
  const definition = buildSurveyDefinition(texts, structure, (itemId) => {
    const item = items.find((candidate) => candidate.item_id === itemId);
    if (!item) throw new Error(`canon item ${itemId} is missing`);
    return item;
  });
  const survey = await db
    .insertInto("surveys")
    .values({
      organisation_id: organisation.id,
      title: "Bench",
      intro: "",
      status: "open",
      structure: JSON.stringify(structure),
      definition: JSON.stringify(definition),
      created_by: user.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const elements = (definition.pages as { elements: Record<string, unknown>[] }[])[0]!.elements;
  return { surveyId: survey.id, organisationId: organisation.id, userId: user.id, elements };
}

/**
 * For every question, `size` answer fragments (objects merged into an answer document: the
 * answer, and its "other" text) drawn with the example data's seeded generator and answer
 * helpers (server/example/, shared with `npm run demo`); an empty fragment is a question left
 * out. Responses are then assembled in SQL from one fragment per question, picked by hash, so
 * even 100,000 different documents take seconds to insert.
 */
export function answerFragments(elements: Record<string, unknown>[], size = 400, seed = 1): { name: string; fragments: Record<string, unknown>[] }[] {
  const random = seededRandom(seed);
  const style: AnswerStyle = { skip: 0.1, other: 0.08, none: 0.03, text: (_name, generator) => wordSentence(generator) };
  return elements.map((element) => ({ name: String(element.name), fragments: Array.from({ length: size }, () => randomAnswer(element, random, style)) }));
}
