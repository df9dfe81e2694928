import { createRoute, z } from "@hono/zod-openapi";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, uuidParam } from "../lib/openapi.ts";
import { AUDIENCES, FORMS_OF_ADDRESS } from "../lib/survey-audience.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { exportedDefinition, surveyPreview } from "./survey-preview.ts";

const previewRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/preview",
  tags: ["Surveys"],
  summary: "The SurveyJS definition exactly as respondents will get it, with what they read before the first question",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        definition: z.record(z.string(), z.unknown()),
        audience: z.enum(AUDIENCES),
        formOfAddress: z.enum(FORMS_OF_ADDRESS),
        privacyNotice: z.object({ de: z.string(), en: z.string() }),
        privacyModeSentence: z.object({ de: z.string(), en: z.string() }),
      }),
    ),
    ...errorResponses,
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/export",
  tags: ["Surveys"],
  summary: "Download the survey as a SurveyJS JSON file",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.record(z.string(), z.unknown()), "SurveyJS JSON"), ...errorResponses },
});

/** A survey's SurveyJS definition as respondents get it: the preview, and the download as a file. */
export const surveyDefinitionRoutes = createRouter()
  .openapi(previewRoute, async (c) => {
    return c.json(await surveyPreview(c.var.services.db, c.var.session.organisationId, c.var.survey), 200);
  })
  .openapi(exportRoute, async (c) => {
    const { db } = c.var.services;
    const survey = c.var.survey;
    const definition = await exportedDefinition(db, c.var.session.organisationId, survey);
    const fileName = `${survey.title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "umfrage"}.json`;
    c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    await recordAudit(db, { ...auditActor(c.var.session), action: "survey.exported", targetType: "survey", targetId: survey.id, targetLabel: survey.title, details: { format: "surveyjs" } });
    return c.json(definition, 200);
  });
