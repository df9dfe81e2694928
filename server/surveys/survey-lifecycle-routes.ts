import { createRoute } from "@hono/zod-openapi";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { releaseAfterRequest } from "../respond/release-anonymous-answers.ts";
import { currentSurveyDetail } from "./survey-detail.ts";
import { surveyDetailSchema } from "./survey-schemas.ts";
import { closeSurvey, openSurvey } from "./survey-service.ts";

const surveyAction = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags: ["Surveys"],
    summary,
    middleware: [requireSession, organisationSurvey] as const,
    request: { params: uuidParam },
    responses: { 200: json(surveyDetailSchema), ...errorResponses },
  });

const openRoute = surveyAction("/surveys/{id}/open", "Open the survey: freezes its definition so invitations can be sent");
const closeRoute = surveyAction("/surveys/{id}/close", "Close the survey: links then show that it has ended");

/** Opening a survey (its definition frozen, invitations possible) and closing it (its links say it has ended). */
export const surveyLifecycleRoutes = createRouter()
  .openapi(openRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = c.var.survey;
    const outcome = await openSurvey(db, organisationId, survey.id);
    if (outcome !== "unchanged") {
      const action = outcome === "opened" ? "survey.opened" : "survey.reopened";
      await recordAudit(db, { ...auditActor(c.var.session), action, targetType: "survey", targetId: survey.id, targetLabel: survey.title });
    }
    return c.json(await currentSurveyDetail(db, organisationId, survey.id), 200);
  })
  .openapi(closeRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = c.var.survey;
    await closeSurvey(db, organisationId, survey.id);
    // Anonymous answers that are due go now; fewer than k keep waiting (shown with the results).
    await releaseAfterRequest(db, { surveyId: survey.id });
    await recordAudit(db, { ...auditActor(c.var.session), action: "survey.closed", targetType: "survey", targetId: survey.id, targetLabel: survey.title });
    return c.json(await currentSurveyDetail(db, organisationId, survey.id), 200);
  });
