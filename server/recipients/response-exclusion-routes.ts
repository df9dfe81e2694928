import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { deleteResponse, excludeResponse, includeResponse } from "./response-exclusion.ts";

const params = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  invitationId: z.uuid().openapi({ param: { name: "invitationId", in: "path" } }),
});

const MODES =
  "Identified surveys only for exclusion; pseudonymous surveys refuse it (409 `exclusion_would_reveal_answers`: the difference " +
  "would show the institution's answers), anonymous surveys refuse both (409 `response_not_linked`).";

const excludeRoute = createRoute({
  method: "put",
  path: "/surveys/{id}/invitations/{invitationId}/response/exclusion",
  tags: ["Recipients"],
  summary: "Set one submitted response aside: it stays, but counts in no result, trend, gap matrix, network view or export",
  description: MODES,
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params,
    body: { content: { "application/json": { schema: z.object({ reason: z.string().trim().min(1).max(500) }) } }, required: true },
  },
  responses: { 200: json(z.object({ excludedAt: z.string(), reason: z.string() })), ...errorResponses },
});

const includeRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/invitations/{invitationId}/response/exclusion",
  tags: ["Recipients"],
  summary: "Count an excluded response again",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params },
  responses: { 200: json(z.object({ excludedAt: z.null() })), ...errorResponses },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/invitations/{invitationId}/response",
  tags: ["Recipients"],
  summary: "Delete one response with its kept submissions, irreversibly; the invitation stays and records the deletion",
  description:
    "Identified surveys: any time. Pseudonymous surveys: only as erasure at the respondent's request (`onRequest=true`, else 409 " +
    "`deletion_only_on_request`). Anonymous surveys: 409 `response_not_linked`.",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params,
    query: z.object({
      onRequest: z
        .enum(["true", "false"])
        .default("false")
        .transform((value) => value === "true")
        .openapi({ description: "The respondent asked for the deletion (required for pseudonymous surveys)." }),
    }),
  },
  responses: { 200: json(z.object({ deletedAt: z.string(), submissions: z.number().int() })), ...errorResponses },
});

/** Excluding, including and deleting a single response (rules per privacy mode in response-exclusion.ts). */
export const responseExclusionRoutes = createRouter()
  .openapi(excludeRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = c.var.survey;
    return c.json(await excludeResponse(db, c.var.session, survey, invitationId, c.req.valid("json").reason), 200);
  })
  .openapi(includeRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = c.var.survey;
    await includeResponse(db, c.var.session, survey, invitationId);
    return c.json({ excludedAt: null }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = c.var.survey;
    return c.json(await deleteResponse(db, c.var.session, survey, invitationId, c.req.valid("query").onRequest), 200);
  });
