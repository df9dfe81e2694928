import { createRoute } from "@hono/zod-openapi";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { importQuestionnaire, importQuestionnaireRequestSchema, importQuestionnaireResultSchema } from "./import-questionnaire.ts";

const importRoute = createRoute({
  method: "post",
  path: "/surveys/import",
  tags: ["Surveys"],
  summary: "Import a questionnaire file (SurveyJS .json, LimeSurvey .lss, XLSForm .xlsx) as a new draft survey",
  description:
    "The survey keeps the file's pages, sections, question names, answer codes, required flags, conditions and checks as far as SurveyJS can show them; `report` lists, per question, what could not be kept and why. With `canonLabel` the questions also become own canon items under that questionnaire label, and the survey's questions refer to them (`canonId`), so later waves compare. Bad files answer 400 with a reason (`invalid_json`, `invalid_xml`, `unreadable_file`, `unsupported_format`, `not_a_surveyjs_survey`, `not_a_limesurvey_survey`, `not_an_xlsform`, `questionnaire_too_large`, `nothing_to_import`), too large ones 413.",
  middleware: [requireSession] as const,
  request: jsonBody(importQuestionnaireRequestSchema),
  responses: { 201: json(importQuestionnaireResultSchema, "Created"), ...errorResponses },
});

export const questionnaireImportRoutes = createRouter().openapi(importRoute, async (c) => {
  const { db } = c.var.services;
  const session = c.var.session;
  const result = await importQuestionnaire(db, session, c.req.valid("json"));
  await recordAudit(db, {
    ...auditActor(session),
    action: "survey.imported",
    targetType: "survey",
    targetId: result.surveyId,
    targetLabel: result.title,
    details: { format: result.format, questions: result.questionCount, canonItems: result.canon?.itemCount ?? 0 },
  });
  return c.json(result, 201);
});
