import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { reminderOverview } from "./reminder-overview.ts";
import { deleteReminderRule, planReminder, saveReminderSettings } from "./reminder-rules.ts";
import { sendReminders } from "./send-reminders.ts";
import { senderOf } from "./survey-mailing.ts";

const audienceSchema = z.array(z.enum(["not_opened", "not_started", "draft"])).min(1).max(3);

const ruleSchema = z
  .object({
    id: z.string(),
    daysBefore: z.number().nullable(),
    runAt: z.string().nullable(),
    audience: z.array(z.string()),
    doneAt: z.string().nullable(),
    mailingId: z.string().nullable(),
  })
  .openapi("ReminderRule");

const reminderOverviewSchema = z.object({
  maxReminders: z.number(),
  closingDate: z.string().nullable(),
  audience: z.object({ notOpened: z.number(), notStarted: z.number(), draft: z.number(), atMax: z.number() }),
  rules: z.array(ruleSchema),
});

const remindersRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/reminders",
  tags: ["Mailings"],
  summary: "Who can be reminded now (per audience), the most reminders per recipient, and the planned reminders",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(reminderOverviewSchema), ...errorResponses },
});

const sendRemindersRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/reminders",
  tags: ["Mailings"],
  summary: "Remind an audience now (optionally only chosen invitations), or plan it for a set time (the audience is decided then)",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        audience: audienceSchema,
        invitationIds: z.array(z.uuid()).max(20_000).optional(),
        scheduledAt: z.iso.datetime({ offset: true }).optional(),
      }),
    ),
  },
  responses: {
    200: json(z.object({ queued: z.number(), mailingId: z.string().nullable(), ruleId: z.string().nullable() })),
    ...errorResponses,
  },
});

const reminderSettingsRoute = createRoute({
  method: "put",
  path: "/surveys/{id}/reminders/settings",
  tags: ["Mailings"],
  summary: "Set the most reminders per recipient and the reminders n days before the closing date (replaces the planned ones)",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        maxReminders: z.number().int().min(0).max(10),
        rules: z
          .array(z.object({ daysBefore: z.number().int().min(0).max(90), audience: audienceSchema }))
          .max(10),
      }),
    ),
  },
  responses: { 200: json(reminderOverviewSchema), ...errorResponses },
});

const deleteRuleRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/reminders/rules/{ruleId}",
  tags: ["Mailings"],
  summary: "Drop a planned reminder that has not run yet",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      ruleId: z.uuid().openapi({ param: { name: "ruleId", in: "path" } }),
    }),
  },
  responses: { 200: json(reminderOverviewSchema), ...errorResponses },
});

/** Reminders of a survey: who can be reminded, reminding now or at a set time, and the reminders planned before the closing date. */
export const reminderRoutes = createRouter()
  .openapi(remindersRoute, async (c) => {
    return c.json(await reminderOverview(c.var.services.db, c.var.session.organisationId, c.var.survey.id), 200);
  })
  .openapi(sendRemindersRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    if (survey.status !== "open") {
      throw new ApiError(409, "survey_not_open", {
        de: "Erinnerungen gehen nur für laufende Umfragen hinaus.",
        en: "Reminders can only be sent for open surveys.",
      });
    }
    const scheduledAt = body.scheduledAt ? new Date(body.scheduledAt) : null;
    if (scheduledAt && scheduledAt.getTime() > Date.now() + 30_000) {
      const context = { organisationId: session.organisationId, surveyId: survey.id, createdBy: session.userId, baseUrl: publicBaseUrl(c) };
      return c.json({ queued: 0, mailingId: null, ruleId: await planReminder(db, context, scheduledAt, body.audience) }, 200);
    }
    const context = { organisationId: session.organisationId, surveyId: survey.id, baseUrl: publicBaseUrl(c), sender: senderOf(session) };
    const result = await db.transaction().execute((trx) => sendReminders(trx, context, body.audience, body.invitationIds));
    if (result.queued > 0) {
      await recordAudit(db, {
        ...auditActor(session),
        action: "reminders.sent",
        targetType: "survey",
        targetId: survey.id,
        targetLabel: survey.title,
        details: { reminders: result.queued, audience: body.audience },
      });
    }
    c.var.services.wakeMailWorker();
    return c.json({ ...result, ruleId: null }, 200);
  })
  .openapi(reminderSettingsRoute, async (c) => {
    const { db } = c.var.services;
    const session = c.var.session;
    const context = { organisationId: session.organisationId, surveyId: c.var.survey.id, createdBy: session.userId, baseUrl: publicBaseUrl(c) };
    await saveReminderSettings(db, context, c.req.valid("json"));
    return c.json(await reminderOverview(db, session.organisationId, c.var.survey.id), 200);
  })
  .openapi(deleteRuleRoute, async (c) => {
    const { ruleId } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    await deleteReminderRule(db, organisationId, c.var.survey.id, ruleId);
    return c.json(await reminderOverview(db, organisationId, c.var.survey.id), 200);
  });
