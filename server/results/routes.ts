import type { Context, TypedResponse } from "hono";
import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { crossTable, crossTableRequestSchema } from "./cross-table.ts";
import { cachedResult } from "./results-cache.ts";
import { crossTableSchema, resultsSchema, type CrossTableJson, type ResultsJson } from "./result-schemas.ts";
import { groupBySchema, resultsFilterSchema } from "./results-filter.ts";
import { isProtectedMode, protectedResults, protectedResultsSchema } from "./protected-results.ts";
import { surveyResultsJson } from "./results-service.ts";
import { ApiError } from "../lib/api-error.ts";

const textOptions = {
  q: z.string().max(200).optional().openapi({ description: "Only texts containing this (case-insensitive) are listed." }),
  textLimit: z.coerce.number().int().min(0).max(1000).optional().openapi({ description: "Most texts listed per question and group (default 200)." }),
};

const resultsRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/results",
  tags: ["Results"],
  summary: "Invitation counts and every question aggregated over all submitted responses",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, query: z.object(textOptions) },
  responses: { 200: json(z.union([resultsSchema, protectedResultsSchema])), ...errorResponses },
});

const queryRequestSchema = z
  .object({
    filter: resultsFilterSchema.optional(),
    groupBy: groupBySchema.optional(),
    questions: z.array(z.string().min(1).max(300)).max(500).optional().openapi({ description: "Only these top-level questions (default: all)." }),
    ...textOptions,
    textLimit: z.number().int().min(0).max(1000).optional().openapi({ description: "Most texts listed per question and group (default 200)." }),
  })
  .openapi("ResultsQuery");

const queryRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/results/query",
  tags: ["Results"],
  summary: "Results filtered by recipient attributes or an answer, optionally per group (district, kind, type, life phase, field of action, network, or a question's answer)",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(queryRequestSchema) },
  responses: { 200: json(z.union([resultsSchema, protectedResultsSchema])), ...errorResponses },
});

const crossTableRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/results/crosstab",
  tags: ["Results"],
  summary: "Respondents counted by their answers to two choice questions",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(crossTableRequestSchema) },
  responses: { 200: json(crossTableSchema), ...errorResponses },
});

/** Sends results that are already JSON text (they come from the results cache as text). */
const jsonText = <T = ResultsJson>(c: Context, json: string) =>
  c.body(json, 200, { "content-type": "application/json; charset=UTF-8" }) as unknown as TypedResponse<T, 200, "json">;

/** Cross tables of pseudonymous and anonymous surveys come as a breakdown by the other question, protected. */
const crossTableProtected = () =>
  new ApiError(409, "crosstab_protected", {
    de: "In pseudonymen und anonymen Umfragen gibt es keine Kreuztabellen: Schlüsseln Sie stattdessen nach der Frage auf; kleine Gruppen werden dort ausgeblendet.",
    en: "Pseudonymous and anonymous surveys have no cross tables: break the results down by the question instead; small groups are withheld there.",
  });

export const resultRoutes = createRouter()
  .openapi(resultsRoute, async (c) => {
    const { q, textLimit } = c.req.valid("query");
    if (isProtectedMode(c.var.survey.privacy_mode)) return c.json(await protectedResults(c.var.services.db, c.var.session.organisationId, c.var.survey, { search: q }), 200);
    const json = await surveyResultsJson(c.var.services.db, c.var.session.organisationId, c.var.survey, { search: q, textLimit });
    return jsonText(c, json);
  })
  .openapi(queryRoute, async (c) => {
    const { filter, groupBy, questions, q, textLimit } = c.req.valid("json");
    if (isProtectedMode(c.var.survey.privacy_mode)) {
      return c.json(await protectedResults(c.var.services.db, c.var.session.organisationId, c.var.survey, { filter, groupBy, questions, search: q }), 200);
    }
    const json = await surveyResultsJson(c.var.services.db, c.var.session.organisationId, c.var.survey, { filter, groupBy, questions, search: q, textLimit });
    return jsonText(c, json);
  })
  .openapi(crossTableRoute, async (c) => {
    const { db } = c.var.services;
    const { organisationId } = c.var.session;
    const request = c.req.valid("json");
    if (isProtectedMode(c.var.survey.privacy_mode)) throw crossTableProtected();
    const json = await cachedResult(db, organisationId, c.var.survey, "crosstab", request, async () =>
      JSON.stringify(await crossTable(db, organisationId, c.var.survey, request)),
    );
    return jsonText<CrossTableJson>(c, json);
  });
