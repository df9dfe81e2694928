import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { LANGUAGES } from "../lib/languages.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { previewMail } from "./mail-preview.ts";
import { resetSurveyMailTemplate, saveSurveyMailTemplate, surveyMailTemplates } from "./survey-mail-templates.ts";

const templateKind = z.enum(["invitation", "reminder"]);
const templateLanguage = z.enum(LANGUAGES);

const templateSchema = z.object({ subject: z.string(), body: z.string(), isDefault: z.boolean() }).openapi("MailTemplate");

const templatesRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/mail-templates",
  tags: ["Mailings"],
  summary: "The survey's invitation and reminder wording in German and English (its own or Kanon's default) and the placeholders",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        de: z.object({ invitation: templateSchema, reminder: templateSchema }),
        en: z.object({ invitation: templateSchema, reminder: templateSchema }),
        placeholders: z.array(z.string()),
      }),
    ),
    ...errorResponses,
  },
});

const kindParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  language: templateLanguage.openapi({ param: { name: "language", in: "path" } }),
  kind: templateKind.openapi({ param: { name: "kind", in: "path" } }),
});

const templateBody = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) });

const saveTemplateRoute = createRoute({
  method: "put",
  path: "/surveys/{id}/mail-templates/{language}/{kind}",
  tags: ["Mailings"],
  summary: "Save the survey's wording of the invitation or reminder in one language; placeholders are checked and {{link}} is required",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: kindParams, ...jsonBody(templateBody) },
  responses: { 200: json(templateSchema), ...errorResponses },
});

const resetTemplateRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/mail-templates/{language}/{kind}",
  tags: ["Mailings"],
  summary: "Go back to Kanon's default wording in one language",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: kindParams },
  responses: { 200: json(templateSchema), ...errorResponses },
});

const previewRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/mail-templates/preview",
  tags: ["Mailings"],
  summary: "The mail in one language as a chosen recipient would get it (subject, text and HTML), with an example link",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      templateBody.extend({
        language: templateLanguage.default("de"),
        invitationId: z.uuid().optional(),
        directoryEntryId: z.uuid().optional(),
      }),
    ),
  },
  responses: {
    200: json(
      z.object({
        to: z.string(),
        from: z.string(),
        replyTo: z.string(),
        subject: z.string(),
        text: z.string(),
        html: z.string(),
        problems: z.array(z.object({ code: z.string(), placeholder: z.string().optional() })),
      }),
    ),
    ...errorResponses,
  },
});

/** A survey's wording of its invitation and reminder mails, per language, and the preview of a wording. */
export const mailTemplateRoutes = createRouter()
  .openapi(templatesRoute, async (c) => {
    return c.json(await surveyMailTemplates(c.var.services.db, c.var.survey), 200);
  })
  .openapi(saveTemplateRoute, async (c) => {
    const { kind, language } = c.req.valid("param");
    return c.json(await saveSurveyMailTemplate(c.var.services.db, c.var.survey, kind, language, c.req.valid("json")), 200);
  })
  .openapi(resetTemplateRoute, async (c) => {
    const { kind, language } = c.req.valid("param");
    return c.json(await resetSurveyMailTemplate(c.var.services.db, c.var.survey, kind, language), 200);
  })
  .openapi(previewRoute, async (c) => {
    const { db, config } = c.var.services;
    const sender = { planner: c.var.session, mailFrom: config.mailFrom, baseUrl: publicBaseUrl(c) };
    return c.json(await previewMail(db, c.var.survey, sender, c.req.valid("json")), 200);
  });
