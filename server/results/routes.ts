import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, uuidParam } from "../lib/openapi.ts";
import { countsSchema, surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { countAnswered, countMatrixValues, countValues, listTexts } from "./aggregate.ts";
import { questionsOf, type OptionLabel } from "./survey-questions.ts";

const localized = z.object({ de: z.string(), en: z.string() });
const optionCount = z.object({ value: z.string(), label: localized, count: z.number() });

const questionResultSchema = z
  .object({
    name: z.string(),
    type: z.string(),
    kind: z.enum(["choice", "multiple", "numeric", "matrix", "text", "other"]),
    title: localized,
    /** Responses that answered this question (the n shown with its chart). */
    answered: z.number(),
    options: z.array(optionCount),
    rows: z.array(z.object({ value: z.string(), label: localized, options: z.array(optionCount) })),
    texts: z.array(z.string()),
  })
  .openapi("QuestionResult");

const resultsRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/results",
  tags: ["Results"],
  summary: "Invitation counts and every question aggregated over the submitted responses",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        counts: countsSchema,
        questions: z.array(questionResultSchema),
      }),
    ),
    ...errorResponses,
  },
});

function withCounts(options: OptionLabel[], counts: Map<string, number>) {
  const known = options.map((option) => ({ ...option, count: counts.get(option.value) ?? 0 }));
  const knownValues = new Set(options.map((option) => option.value));
  const unknown = [...counts.entries()]
    .filter(([value]) => !knownValues.has(value))
    .map(([value, count]) => ({ value, label: { de: value, en: value }, count }));
  return [...known, ...unknown];
}

export const resultRoutes = createRouter().openapi(resultsRoute, async (c) => {
  const { db } = c.var.services;
  const organisationId = c.var.session.organisationId;
  const survey = await findOrganisationSurvey(db, organisationId, c.req.valid("param").id);
  const questions = survey.definition ? questionsOf(survey.definition) : [];
  const counted = questions.filter((question) => ["choice", "multiple", "numeric"].includes(question.kind));
  const matrices = questions.filter((question) => question.kind === "matrix");
  const withOther = counted.filter((question) => question.options.some((option) => option.value === "other"));
  const textQuestions = [
    ...questions.filter((question) => question.kind === "text"),
    ...withOther.map((question) => ({ ...question, name: `${question.name}-Comment` })),
  ];

  const [counts, values, matrixValues, answered, texts] = await Promise.all([
    surveyCounts(db, organisationId, [survey.id]),
    countValues(db, organisationId, survey.id, counted.map((question) => question.name)),
    countMatrixValues(db, organisationId, survey.id, matrices.map((question) => question.name)),
    countAnswered(db, organisationId, survey.id),
    listTexts(db, organisationId, survey.id, textQuestions),
  ]);

  const valueCounts = new Map<string, Map<string, number>>();
  for (const row of values) {
    const perQuestion = valueCounts.get(row.question) ?? new Map<string, number>();
    perQuestion.set(row.value, row.count);
    valueCounts.set(row.question, perQuestion);
  }

  return c.json(
    {
      counts: counts.get(survey.id) ?? zeroCounts,
      questions: questions.map((question) => {
        const perValue = valueCounts.get(question.name) ?? new Map<string, number>();
        let options = withCounts(question.options, perValue);
        if (question.kind === "numeric") options.sort((a, b) => Number(a.value) - Number(b.value));
        if (question.kind === "text" || question.kind === "other") options = [];
        return {
          name: question.name,
          type: question.type,
          kind: question.kind,
          title: question.title,
          answered: answered.get(question.name) ?? 0,
          options,
          rows: question.rows.map((row) => {
            const cells = new Map(
              matrixValues
                .filter((cell) => cell.question === question.name && cell.row === row.value)
                .map((cell) => [cell.value, cell.count]),
            );
            return { ...row, options: withCounts(question.options, cells) };
          }),
          texts: [...(texts.get(question.name) ?? []), ...(texts.get(`${question.name}-Comment`) ?? [])],
        };
      }),
    },
    200,
  );
});
