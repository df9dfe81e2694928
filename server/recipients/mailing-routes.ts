import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { requireSession } from "../auth/middleware.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { senderOf } from "./invitation-routes.ts";
import { mailboxName } from "../lib/greeting.ts";
import { LANGUAGES } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { defaultTemplate, mailbox, PLACEHOLDERS, renderMail, templateProblems } from "./mail-template.ts";
import { audienceCounts } from "./reminder-audience.ts";
import { REMINDER_HOUR } from "./reminder-scheduler.ts";
import { sendReminders } from "./send-reminders.ts";
import { mailSetting, mailVoiceOf, personalLink, placeholderValues, surveyTemplate } from "./survey-mailing.ts";

const templateKind = z.enum(["invitation", "reminder"]);
const templateLanguage = z.enum(LANGUAGES);
const audienceSchema = z.array(z.enum(["not_opened", "not_started", "draft"])).min(1).max(3);

const templateSchema = z.object({ subject: z.string(), body: z.string(), isDefault: z.boolean() }).openapi("MailTemplate");

const templatesRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/mail-templates",
  tags: ["Mailings"],
  summary: "The survey's invitation and reminder wording in German and English (its own or Kanon's default) and the placeholders",
  middleware: [requireSession] as const,
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
  middleware: [requireSession] as const,
  request: { params: kindParams, ...jsonBody(templateBody) },
  responses: { 200: json(templateSchema), ...errorResponses },
});

const resetTemplateRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/mail-templates/{language}/{kind}",
  tags: ["Mailings"],
  summary: "Go back to Kanon's default wording in one language",
  middleware: [requireSession] as const,
  request: { params: kindParams },
  responses: { 200: json(templateSchema), ...errorResponses },
});

const previewRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/mail-templates/preview",
  tags: ["Mailings"],
  summary: "The mail in one language as a chosen recipient would get it (subject, text and HTML), with an example link",
  middleware: [requireSession] as const,
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
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ mailings: z.array(mailingSchema) })), ...errorResponses },
});

const cancelMailingRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/mailings/{mailingId}/cancel",
  tags: ["Mailings"],
  summary: "Stop the mails of a mailing that have not gone out yet; never-mailed invitations of it are withdrawn",
  middleware: [requireSession] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      mailingId: z.uuid().openapi({ param: { name: "mailingId", in: "path" } }),
    }),
  },
  responses: { 200: json(z.object({ cancelled: z.number() })), ...errorResponses },
});

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

const reminderOverview = z.object({
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
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(reminderOverview), ...errorResponses },
});

const sendRemindersRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/reminders",
  tags: ["Mailings"],
  summary: "Remind an audience now (optionally only chosen invitations), or plan it for a set time (the audience is decided then)",
  middleware: [requireSession] as const,
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
  middleware: [requireSession] as const,
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
  responses: { 200: json(reminderOverview), ...errorResponses },
});

const deleteRuleRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/reminders/rules/{ruleId}",
  tags: ["Mailings"],
  summary: "Drop a planned reminder that has not run yet",
  middleware: [requireSession] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      ruleId: z.uuid().openapi({ param: { name: "ruleId", in: "path" } }),
    }),
  },
  responses: { 200: json(reminderOverview), ...errorResponses },
});

function invalidTemplate(problems: ReturnType<typeof templateProblems>) {
  const unknown = problems.flatMap((problem) => (problem.code === "unknown_placeholder" ? [`{{${problem.placeholder}}}`] : []));
  const missingLink = problems.some((problem) => problem.code === "missing_link");
  return new ApiError(
    400,
    "invalid_template",
    {
      de: [
        ...(unknown.length ? [`Unbekannte Platzhalter: ${unknown.join(", ")}.`] : []),
        ...(missingLink ? ["Der Text braucht den Platzhalter {{link}}, sonst erreicht niemand die Umfrage."] : []),
      ].join(" "),
      en: [
        ...(unknown.length ? [`Unknown placeholders: ${unknown.join(", ")}.`] : []),
        ...(missingLink ? ["The text needs the {{link}} placeholder, or nobody can reach the survey."] : []),
      ].join(" "),
    },
    problems,
  );
}

async function overview(db: Parameters<typeof findOrganisationSurvey>[0], organisationId: string, surveyId: string) {
  const survey = await db
    .selectFrom("surveys")
    .select(["max_reminders", "closing_date"])
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const rules = await db
    .selectFrom("reminder_rules")
    .selectAll()
    .where("survey_id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .orderBy("done_at", "desc")
    .orderBy("days_before", "desc")
    .orderBy("run_at")
    .execute();
  return {
    maxReminders: survey.max_reminders,
    closingDate: survey.closing_date,
    audience: await audienceCounts(db, organisationId, surveyId),
    rules: rules.map((rule) => ({
      id: rule.id,
      daysBefore: rule.days_before,
      runAt: rule.run_at?.toISOString() ?? null,
      audience: rule.audience,
      doneAt: rule.done_at?.toISOString() ?? null,
      mailingId: rule.mailing_id,
    })),
  };
}

export const surveyMailingRoutes = createRouter()
  .openapi(templatesRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = await findOrganisationSurvey(db, c.var.session.organisationId, id);
    const wording = async (language: (typeof LANGUAGES)[number]) => ({
      invitation: await surveyTemplate(db, survey.id, "invitation", language, mailVoiceOf(survey)),
      reminder: await surveyTemplate(db, survey.id, "reminder", language, mailVoiceOf(survey)),
    });
    return c.json({ de: await wording("de"), en: await wording("en"), placeholders: [...PLACEHOLDERS] }, 200);
  })
  .openapi(saveTemplateRoute, async (c) => {
    const { id, kind, language } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const problems = templateProblems(body);
    if (problems.length > 0) throw invalidTemplate(problems);
    await db
      .insertInto("survey_mail_templates")
      .values({ survey_id: survey.id, organisation_id: organisationId, kind, language, subject: body.subject, body: body.body })
      .onConflict((conflict) =>
        conflict.columns(["survey_id", "kind", "language"]).doUpdateSet({ subject: body.subject, body: body.body, updated_at: sql<Date>`now()` }),
      )
      .execute();
    return c.json(await surveyTemplate(db, survey.id, kind, language, mailVoiceOf(survey)), 200);
  })
  .openapi(resetTemplateRoute, async (c) => {
    const { id, kind, language } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    await db
      .deleteFrom("survey_mail_templates")
      .where("survey_id", "=", survey.id)
      .where("organisation_id", "=", organisationId)
      .where("kind", "=", kind)
      .where("language", "=", language)
      .execute();
    return c.json({ ...defaultTemplate(language, kind, mailVoiceOf(survey)), isDefault: true }, 200);
  })
  .openapi(previewRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db, config } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    const setting = await mailSetting(db, session.organisationId, survey.id);
    let recipient: { email: string; name: string; salutation: Salutation | null } = {
      email: "kita.beispiel@example.org",
      name: "Beispiel, Maria",
      salutation: "ms",
    };
    if (body.invitationId) {
      const invitation = await db
        .selectFrom("invitations")
        .select(["email", "name", "salutation"])
        .where("id", "=", body.invitationId)
        .where("survey_id", "=", survey.id)
        .where("organisation_id", "=", session.organisationId)
        .executeTakeFirst();
      if (!invitation) throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
      recipient = invitation;
    } else if (body.directoryEntryId) {
      const entry = await db
        .selectFrom("directory_entries")
        .select(["emails", "contact_person", "contact_salutation", "name"])
        .where("id", "=", body.directoryEntryId)
        .where("organisation_id", "=", session.organisationId)
        .executeTakeFirst();
      if (!entry) throw new ApiError(404, "directory_entry_not_found", { de: "Diesen Eintrag gibt es nicht.", en: "No such directory entry." });
      recipient = { email: entry.emails[0] ?? "", name: entry.contact_person, salutation: entry.contact_salutation };
    }
    const language = body.language;
    const mail = renderMail(
      body,
      placeholderValues(setting, { ...recipient, language }, session.name, personalLink(publicBaseUrl(c), "BEISPIEL-LINK", language)),
      language,
    );
    const fromAddress = config.mailFrom.match(/<([^>]+)>/)?.[1] ?? config.mailFrom;
    return c.json(
      {
        to: mailbox(recipient.email, mailboxName(language, recipient)),
        from: mailbox(fromAddress, setting.fromName),
        replyTo: setting.replyTo || session.email,
        ...mail,
        problems: templateProblems(body),
      },
      200,
    );
  })
  .openapi(mailingsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const rows = await db
      .selectFrom("mailings")
      .leftJoin("users", "users.id", "mailings.created_by")
      .select([
        "mailings.id",
        "mailings.kind",
        "mailings.audience",
        "mailings.created_at",
        "mailings.scheduled_at",
        "mailings.cancelled_at",
        "mailings.total",
        "users.name as created_by_name",
        sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'queued')::int`.as("queued"),
        sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'sending')::int`.as("sending"),
        sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'sent')::int`.as("sent"),
        sql<number>`(select count(*) from mail_outbox o where o.mailing_id = mailings.id and o.status = 'failed')::int`.as("failed"),
      ])
      .where("mailings.survey_id", "=", survey.id)
      .where("mailings.organisation_id", "=", organisationId)
      .orderBy("mailings.created_at", "desc")
      .limit(200)
      .execute();
    return c.json(
      {
        mailings: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          audience: row.audience,
          createdAt: row.created_at.toISOString(),
          scheduledAt: row.scheduled_at.toISOString(),
          cancelledAt: row.cancelled_at?.toISOString() ?? null,
          createdBy: row.created_by_name,
          total: row.total,
          queued: row.queued,
          sending: row.sending,
          sent: row.sent,
          failed: row.failed,
        })),
      },
      200,
    );
  })
  .openapi(cancelMailingRoute, async (c) => {
    const { id, mailingId } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const cancelled = await db.transaction().execute(async (trx) => {
      const mailing = await trx
        .selectFrom("mailings")
        .select(["id", "kind"])
        .where("id", "=", mailingId)
        .where("survey_id", "=", survey.id)
        .where("organisation_id", "=", organisationId)
        .executeTakeFirst();
      if (!mailing) throw new ApiError(404, "mailing_not_found", { de: "Diesen Versand gibt es nicht.", en: "No such mailing." });
      const removed = await trx
        .deleteFrom("mail_outbox")
        .where("mailing_id", "=", mailing.id)
        .where("status", "=", "queued")
        .returning("invitation_id")
        .execute();
      const invitationIds = removed.flatMap((row) => (row.invitation_id ? [row.invitation_id] : []));
      if (mailing.kind === "invitation" && invitationIds.length > 0) {
        // Their only mail never went out, so nobody holds their link: withdraw them entirely.
        await trx
          .deleteFrom("invitations")
          .where("id", "in", invitationIds)
          .where("mail_status", "=", "queued")
          .where("anonymous_submitted", "=", false)
          .where((eb) => eb.not(eb.exists(eb.selectFrom("responses").select("responses.id").whereRef("responses.invitation_id", "=", "invitations.id"))))
          .execute();
      }
      await trx.updateTable("mailings").set({ cancelled_at: new Date() }).where("id", "=", mailing.id).execute();
      return removed.length;
    });
    await recordAudit(db, {
      ...auditActor(c.var.session),
      action: "mailing.cancelled",
      targetType: "mailing",
      targetId: mailingId,
      targetLabel: survey.title,
      details: { mails: cancelled },
    });
    return c.json({ cancelled }, 200);
  })
  .openapi(remindersRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    return c.json(await overview(db, organisationId, survey.id), 200);
  })
  .openapi(sendRemindersRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    if (survey.status !== "open") {
      throw new ApiError(409, "survey_not_open", {
        de: "Erinnerungen gehen nur für laufende Umfragen hinaus.",
        en: "Reminders can only be sent for open surveys.",
      });
    }
    const scheduledAt = body.scheduledAt ? new Date(body.scheduledAt) : null;
    if (scheduledAt && scheduledAt.getTime() > Date.now() + 30_000) {
      const rule = await db
        .insertInto("reminder_rules")
        .values({
          organisation_id: session.organisationId,
          survey_id: survey.id,
          run_at: scheduledAt,
          audience: JSON.stringify(body.audience),
          created_by: session.userId,
          base_url: publicBaseUrl(c),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return c.json({ queued: 0, mailingId: null, ruleId: rule.id }, 200);
    }
    const result = await db
      .transaction()
      .execute((trx) =>
        sendReminders(
          trx,
          { organisationId: session.organisationId, surveyId: survey.id, baseUrl: publicBaseUrl(c), sender: senderOf(session) },
          body.audience,
          body.invitationIds,
        ),
      );
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
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    const days = body.rules.map((rule) => rule.daysBefore);
    if (new Set(days).size !== days.length) {
      throw new ApiError(400, "duplicate_reminder_day", {
        de: "Für jeden Tag vor Fristende ist nur eine Erinnerung möglich.",
        en: "Only one reminder per day before the closing date.",
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("surveys").set({ max_reminders: body.maxReminders }).where("id", "=", survey.id).execute();
      await trx
        .deleteFrom("reminder_rules")
        .where("survey_id", "=", survey.id)
        .where("organisation_id", "=", session.organisationId)
        .where("done_at", "is", null)
        .where("days_before", "is not", null)
        .execute();
      // A rule that already ran for the current closing date is not planned again: saving the
      // settings once more (say, to change maxReminders) must not send its reminder a second time.
      const ran = await trx
        .selectFrom("reminder_rules")
        .innerJoin("surveys", "surveys.id", "reminder_rules.survey_id")
        .select("reminder_rules.days_before")
        .where("reminder_rules.survey_id", "=", survey.id)
        .where("reminder_rules.done_at", "is not", null)
        .where(
          sql<boolean>`reminder_rules.done_at >= ((surveys.closing_date - reminder_rules.days_before)::timestamp
            + make_interval(hours => ${REMINDER_HOUR})) at time zone 'Europe/Berlin'`,
        )
        .execute();
      const ranDays = new Set(ran.map((rule) => rule.days_before));
      const rules = body.rules.filter((rule) => !ranDays.has(rule.daysBefore));
      if (rules.length > 0) {
        await trx
          .insertInto("reminder_rules")
          .values(
            rules.map((rule) => ({
              organisation_id: session.organisationId,
              survey_id: survey.id,
              days_before: rule.daysBefore,
              audience: JSON.stringify(rule.audience),
              created_by: session.userId,
              base_url: publicBaseUrl(c),
            })),
          )
          .execute();
      }
    });
    return c.json(await overview(db, session.organisationId, survey.id), 200);
  })
  .openapi(deleteRuleRoute, async (c) => {
    const { id, ruleId } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const deleted = await db
      .deleteFrom("reminder_rules")
      .where("id", "=", ruleId)
      .where("survey_id", "=", survey.id)
      .where("organisation_id", "=", organisationId)
      .where("done_at", "is", null)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) {
      throw new ApiError(404, "reminder_rule_not_found", {
        de: "Diese geplante Erinnerung gibt es nicht (mehr).",
        en: "No such planned reminder (any more).",
      });
    }
    return c.json(await overview(db, organisationId, survey.id), 200);
  });
