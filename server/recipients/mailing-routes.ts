import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { createRouter, errorResponses, json, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { cancelMailing } from "./cancel-mailing.ts";
import { listMailings } from "./mailing-list.ts";

const mailingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["invitation", "reminder", "resend", "handover"]),
    audience: z.array(z.string()),
    createdAt: z.string(),
    scheduledAt: z.string(),
    cancelledAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    total: z.number(),
    queued: z.number(),
    sending: z.number(),
    sent: z.number(),
    failed: z.number(),
  })
  .openapi("Mailing");

const mailingsRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/mailings",
  tags: ["Mailings"],
  summary: "The survey's mailings, newest first, with delivery progress",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ mailings: z.array(mailingSchema) })), ...errorResponses },
});

const cancelMailingRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/mailings/{mailingId}/cancel",
  tags: ["Mailings"],
  summary: "Stop the mails of a mailing that have not gone out yet; never-mailed invitations of it are withdrawn",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      mailingId: z.uuid().openapi({ param: { name: "mailingId", in: "path" } }),
    }),
  },
  responses: { 200: json(z.object({ cancelled: z.number() })), ...errorResponses },
});

/** A survey's mailings (invitation rounds, reminders, resends, hand-overs): their progress, and stopping one. */
export const surveyMailingRoutes = createRouter()
  .openapi(mailingsRoute, async (c) => {
    return c.json({ mailings: await listMailings(c.var.services.db, c.var.session.organisationId, c.var.survey.id) }, 200);
  })
  .openapi(cancelMailingRoute, async (c) => {
    const { mailingId } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = c.var.survey;
    const cancelled = await cancelMailing(db, c.var.session.organisationId, survey.id, mailingId);
    await recordAudit(db, {
      ...auditActor(c.var.session),
      action: "mailing.cancelled",
      targetType: "mailing",
      targetId: mailingId,
      targetLabel: survey.title,
      details: { mails: cancelled },
    });
    return c.json({ cancelled }, 200);
  });
