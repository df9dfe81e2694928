import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { invitationResponse } from "./invitation-response.ts";

const answersSchema = z.record(z.string(), z.unknown());

const responseRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/invitations/{invitationId}/response",
  tags: ["Recipients"],
  summary: "One recipient's answers: the current state and every submission, for the planner of an identified survey",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      invitationId: z.uuid().openapi({ param: { name: "invitationId", in: "path" } }),
    }),
  },
  responses: {
    200: json(
      z.object({
        definition: answersSchema,
        email: z.string(),
        current: z
          .object({
            status: z.enum(["draft", "submitted"]),
            revision: z.number(),
            updatedAt: z.string(),
            lastDevice: z.string(),
            answers: answersSchema,
            /** Set aside by a planner: counts in no result. */
            exclusion: z.object({ excludedAt: z.string(), reason: z.string(), by: z.string().nullable() }).nullable(),
          })
          .nullable(),
        /** When a planner deleted the response given through this invitation (a new one may have come since). */
        responseDeletedAt: z.string().nullable(),
        submissions: z.array(z.object({ revision: z.number(), submittedAt: z.string(), answers: answersSchema })),
      }),
    ),
    ...errorResponses,
  },
});

/**
 * What one recipient answered, and each time they submitted (a re-submission after editing is
 * kept beside the earlier one), so the planner can see what changed.
 */
export const responseRoutes = createRouter().openapi(responseRoute, async (c) => {
  const { invitationId } = c.req.valid("param");
  const { db } = c.var.services;
  const survey = c.var.survey;
  const view = await invitationResponse(db, survey, invitationId);
  await recordAudit(db, { ...auditActor(c.var.session), action: "response.viewed", targetType: "invitation", targetId: invitationId, targetLabel: survey.title });
  c.header("Cache-Control", "no-store");
  return c.json(view, 200);
});
