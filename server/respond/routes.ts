import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { findByToken, isSurveyClosed, loadSurveyAndAnswers, surveyClosedError } from "./respondent-link.ts";
import { SaveBatcher } from "./save-batcher.ts";
import { saveAnswers, type SaveRequest } from "./save-answers.ts";

const tokenParam = z.object({
  token: z.string().min(1).max(200).openapi({ param: { name: "token", in: "path" } }),
});

const answersSchema = z.record(z.string().max(300), z.unknown());

const saveBody = z.object({
  answers: answersSchema,
  page: z.number().int().min(0).max(1000).default(0),
  baseRevision: z.number().int().min(0),
});

const saveResultSchema = z.object({
  revision: z.number(),
  savedAt: z.string(),
  status: z.enum(["draft", "submitted"]),
});

const getRoute = createRoute({
  method: "get",
  path: "/r/{token}",
  tags: ["Respond"],
  summary: "Open a personal survey link: the survey and the saved answers",
  request: { params: tokenParam },
  responses: {
    200: json(
      z.object({
        organisationName: z.string(),
        title: z.string(),
        definition: z.record(z.string(), z.unknown()),
        closingDate: z.string().nullable(),
        status: z.enum(["draft", "submitted"]),
        answers: answersSchema,
        page: z.number(),
        revision: z.number(),
        updatedAt: z.string().nullable(),
        submittedAt: z.string().nullable(),
      }),
    ),
    ...errorResponses,
    410: json(z.unknown(), "Revoked link or closed survey"),
  },
});

const draftRoute = createRoute({
  method: "put",
  path: "/r/{token}/draft",
  tags: ["Respond"],
  summary: "Save the answers as a draft (optimistic: based on a revision)",
  request: { params: tokenParam, ...jsonBody(saveBody) },
  responses: { 200: json(saveResultSchema), ...errorResponses, 410: json(z.unknown(), "Closed") },
});

const submitRoute = createRoute({
  method: "post",
  path: "/r/{token}/submit",
  tags: ["Respond"],
  summary: "Submit the final answers",
  request: { params: tokenParam, ...jsonBody(saveBody) },
  responses: { 200: json(saveResultSchema), ...errorResponses, 410: json(z.unknown(), "Closed") },
});

/** One batcher per database handle: saves arriving together are written together. */
const batchers = new WeakMap<Kysely<Database>, SaveBatcher>();

/** Saves with the batch when nothing stands in the way; otherwise finds out what does. */
async function save(db: Kysely<Database>, token: string, request: SaveRequest) {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new SaveBatcher(db)));
  const saved = await batcher.save(token, request);
  if (saved) return saved;
  const link = await findByToken(db, token);
  if (link.response_status !== "submitted" && isSurveyClosed(link)) throw await surveyClosedError(db, link);
  return saveAnswers(db, link, request);
}

export const respondRoutes = createRouter()
  .openapi(getRoute, async (c) => {
    const { db } = c.var.services;
    const link = await findByToken(db, c.req.valid("param").token);
    const submitted = link.response_status === "submitted";
    if (!submitted && isSurveyClosed(link)) throw await surveyClosedError(db, link);
    if (!link.opened_at) {
      await db.updateTable("invitations").set({ opened_at: new Date() }).where("id", "=", link.invitation_id).execute();
    }
    const { organisationName, definition, answers, page } = await loadSurveyAndAnswers(db, link);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        organisationName,
        title: link.title,
        definition,
        closingDate: link.closing_date,
        status: submitted ? ("submitted" as const) : ("draft" as const),
        answers,
        page,
        revision: link.revision ?? 0,
        updatedAt: link.updated_at?.toISOString() ?? null,
        submittedAt: link.submitted_at?.toISOString() ?? null,
      },
      200,
    );
  })
  .openapi(draftRoute, async (c) => {
    return c.json(await save(c.var.services.db, c.req.valid("param").token, { ...c.req.valid("json"), submit: false }), 200);
  })
  .openapi(submitRoute, async (c) => {
    return c.json(await save(c.var.services.db, c.req.valid("param").token, { ...c.req.valid("json"), submit: true }), 200);
  });
