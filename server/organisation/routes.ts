import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { privacyNoticeOf } from "../lib/privacy-notice.ts";
import { releaseAfterRequest } from "../respond/release-anonymous-answers.ts";

const settingsSchema = z
  .object({
    name: z.string(),
    privacyNotice: z.string(),
    privacyNoticeEn: z.string(),
    /** Sender name of survey mails; empty: the organisation's name. */
    mailSenderName: z.string(),
    /** Reply-To of survey mails; empty: the planner who sends. */
    mailReplyTo: z.string(),
    /** Responses are deleted this many months after a survey ended; null: kept until deleted by hand. */
    retentionMonths: z.number().int().nullable(),
    /** Results that leave the planner's view hide counts below this (3–10). */
    minCellSize: z.number().int(),
    /** What respondents see now (the organisation's text or Kanon's default). */
    effectivePrivacyNotice: z.object({ de: z.string(), en: z.string() }),
  })
  .openapi("OrganisationSettings");

const getRoute = createRoute({
  method: "get",
  path: "/organisation",
  tags: ["Organisation"],
  summary: "The organisation's settings",
  middleware: [requireSession] as const,
  responses: { 200: json(settingsSchema) },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/organisation",
  tags: ["Organisation"],
  summary: "Change the organisation's name, privacy notice, mail sender settings, retention and smallest shown group (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(
    z.object({
      name: z.string().trim().min(2).max(200).optional(),
      privacyNotice: z.string().max(5000).optional(),
      privacyNoticeEn: z.string().max(5000).optional(),
      mailSenderName: z.string().trim().max(100).optional(),
      mailReplyTo: z.union([z.literal(""), z.email().max(254)]).optional(),
      retentionMonths: z.number().int().min(1).max(120).nullable().optional(),
      minCellSize: z.number().int().min(3).max(10).optional(),
    }),
  ),
  responses: { 200: json(settingsSchema), ...errorResponses },
});

async function settings(db: Kysely<Database>, organisationId: string) {
  const organisation = await db
    .selectFrom("organisations")
    .select(["name", "privacy_notice", "privacy_notice_en", "mail_sender_name", "mail_reply_to", "retention_months", "min_cell_size"])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  return {
    name: organisation.name,
    privacyNotice: organisation.privacy_notice,
    privacyNoticeEn: organisation.privacy_notice_en,
    mailSenderName: organisation.mail_sender_name,
    mailReplyTo: organisation.mail_reply_to,
    retentionMonths: organisation.retention_months,
    minCellSize: organisation.min_cell_size,
    effectivePrivacyNotice: privacyNoticeOf(organisation),
  };
}

export const organisationRoutes = createRouter()
  .openapi(getRoute, async (c) => c.json(await settings(c.var.services.db, c.var.session.organisationId), 200))
  .openapi(updateRoute, async (c) => {
    const body = c.req.valid("json");
    const organisationId = c.var.session.organisationId;
    const before = await settings(c.var.services.db, organisationId);
    if (Object.keys(body).length > 0) {
      await c.var.services.db
        .updateTable("organisations")
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.privacyNotice !== undefined ? { privacy_notice: body.privacyNotice } : {}),
          ...(body.privacyNoticeEn !== undefined ? { privacy_notice_en: body.privacyNoticeEn } : {}),
          ...(body.mailSenderName !== undefined ? { mail_sender_name: body.mailSenderName.replace(/["<>\r\n]/g, "") } : {}),
          ...(body.mailReplyTo !== undefined ? { mail_reply_to: body.mailReplyTo.toLowerCase() } : {}),
          ...(body.retentionMonths !== undefined ? { retention_months: body.retentionMonths } : {}),
          ...(body.minCellSize !== undefined ? { min_cell_size: body.minCellSize } : {}),
        })
        .where("id", "=", organisationId)
        .execute();
    }
    const after = await settings(c.var.services.db, organisationId);
    const fields = (["name", "privacyNotice", "privacyNoticeEn", "mailSenderName", "mailReplyTo", "retentionMonths", "minCellSize"] as const).filter(
      (field) => before[field] !== after[field],
    );
    // A smaller k may make anonymous answers waiting for their batch due now.
    if (fields.includes("minCellSize")) await releaseAfterRequest(c.var.services.db, { organisationId });
    if (fields.length > 0) {
      await recordAudit(c.var.services.db, {
        ...auditActor(c.var.session),
        action: "organisation.settings_changed",
        targetType: "organisation",
        targetId: organisationId,
        targetLabel: after.name,
        details: {
          fields: [...fields],
          ...(fields.includes("retentionMonths") ? { retentionMonths: { from: before.retentionMonths, to: after.retentionMonths } } : {}),
          ...(fields.includes("minCellSize") ? { minCellSize: { from: before.minCellSize, to: after.minCellSize } } : {}),
          ...(fields.includes("name") ? { name: { from: before.name, to: after.name } } : {}),
        },
      });
    }
    return c.json(after, 200);
  });
