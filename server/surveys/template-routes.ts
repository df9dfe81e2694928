import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { templateSchema } from "./survey-schemas.ts";
import { deleteSurveyTemplate, listSurveyTemplates, saveSurveyTemplate } from "./survey-templates.ts";

const listTemplatesRoute = createRoute({
  method: "get",
  path: "/templates",
  tags: ["Templates"],
  summary: "Survey templates: shipped ones and the organisation's own",
  middleware: [requireSession] as const,
  responses: { 200: json(z.object({ templates: z.array(templateSchema) })) },
});

const saveTemplateRoute = createRoute({
  method: "post",
  path: "/templates",
  tags: ["Templates"],
  summary: "Save a survey's texts and questions as a template of the organisation",
  middleware: [requireSession] as const,
  request: jsonBody(
    z.object({ surveyId: z.uuid(), name: z.string().trim().min(1).max(200), description: z.string().max(2000).default("") }),
  ),
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

const deleteTemplateRoute = createRoute({
  method: "delete",
  path: "/templates/{id}",
  tags: ["Templates"],
  summary: "Delete one of the organisation's own templates",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...errorResponses },
});

/** Survey templates: the shipped ones and the organisation's own, saving a survey as one, deleting one. */
export const templateRoutes = createRouter()
  .openapi(listTemplatesRoute, async (c) => {
    return c.json({ templates: await listSurveyTemplates(c.var.services.db, c.var.session.organisationId) }, 200);
  })
  .openapi(saveTemplateRoute, async (c) => {
    const session = c.var.session;
    const id = await saveSurveyTemplate(c.var.services.db, { organisationId: session.organisationId, userId: session.userId }, c.req.valid("json"));
    return c.json({ id }, 201);
  })
  .openapi(deleteTemplateRoute, async (c) => {
    await deleteSurveyTemplate(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id);
    return c.json({ ok: true as const }, 200);
  });
