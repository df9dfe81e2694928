import type { Kysely } from "kysely";
import type { Database } from "../server/db/schema.ts";
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
