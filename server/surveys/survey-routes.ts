import { createRoute, z } from "@hono/zod-openapi";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { duplicateSurvey } from "./duplicate-survey.ts";
import { currentSurveyDetail, surveyDetail } from "./survey-detail.ts";
import { listSurveys } from "./survey-list.ts";
import { surveyDetailSchema, surveySummarySchema, surveyUpdateInput, textsInput } from "./survey-schemas.ts";
import { createSurvey } from "./survey-service.ts";
import { updateSurvey } from "./update-survey.ts";

const listRoute = createRoute({
  method: "get",
  path: "/surveys",
  tags: ["Surveys"],
  middleware: [requireSession] as const,
  responses: { 200: json(z.object({ surveys: z.array(surveySummarySchema) })) },
});

const createSurveyRoute = createRoute({
  method: "post",
  path: "/surveys",
  tags: ["Surveys"],
  summary: "Create a draft survey, empty or from a template",
  middleware: [requireSession] as const,
  request: jsonBody(z.object({ title: textsInput.title, templateId: z.uuid().optional() })),
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

const getRoute = createRoute({
  method: "get",
  path: "/surveys/{id}",
  tags: ["Surveys"],
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/surveys/{id}",
  tags: ["Surveys"],
  summary: "Change texts, settings, closing date and (while a draft) the pages and questions",
  description:
    "`pages` replaces the whole structure. `items` is a shorthand for a single page of optional questions. " +
    "`audience` and `formOfAddress` set to null follow Kanon's suggestion again; an empty `privacyNotice` uses the default for the audience.",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(surveyUpdateInput) },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const duplicateRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/duplicate",
  tags: ["Surveys"],
  summary: "Copy a survey (texts and questions, same item versions) into a new draft",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

/** The organisation's surveys: the list, creating one, the builder's view of one, changing it, copying it. */
export const surveyResourceRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    return c.json({ surveys: await listSurveys(c.var.services.db, c.var.session.organisationId) }, 200);
  })
  .openapi(createSurveyRoute, async (c) => {
    const { title, templateId } = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const id = await createSurvey(db, { organisationId: session.organisationId, userId: session.userId, title, templateId });
    await recordAudit(db, {
      ...auditActor(session),
      action: "survey.created",
      targetType: "survey",
      targetId: id,
      targetLabel: title,
      ...(templateId ? { details: { templateId } } : {}),
    });
    return c.json({ id }, 201);
  })
  .openapi(getRoute, async (c) => {
    return c.json(await surveyDetail(c.var.services.db, c.var.session.organisationId, c.var.survey), 200);
  })
  .openapi(updateRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    await updateSurvey(db, organisationId, c.var.survey, c.req.valid("json"));
    return c.json(await currentSurveyDetail(db, organisationId, c.var.survey.id), 200);
  })
  .openapi(duplicateRoute, async (c) => {
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    const id = await duplicateSurvey(db, { organisationId: session.organisationId, userId: session.userId }, survey);
    await recordAudit(db, {
      ...auditActor(session),
      action: "survey.duplicated",
      targetType: "survey",
      targetId: survey.id,
      targetLabel: survey.title,
      details: { copyId: id },
    });
    return c.json({ id }, 201);
  });
