import { createRoute, z } from "@hono/zod-openapi";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { endSession } from "../auth/sessions.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { deleteOrganisation } from "./delete-organisation.ts";
import { deleteSurvey, erasureProgress, surveyDeletionSummary } from "./delete-survey.ts";
import { ERASED_WITHIN_REQUEST } from "./erasure.ts";
import { recipientDataExport, recipientExportFileName } from "./recipient-export.ts";

const deletionSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(["draft", "open", "closed"]),
    invitations: z.number().int(),
    links: z.number().int(),
    responses: z.number().int(),
    submittedResponses: z.number().int(),
    submissions: z.number().int(),
    mailings: z.number().int(),
    mails: z.number().int(),
    reminderRules: z.number().int(),
    networkViews: z.number().int(),
    mailTemplates: z.number().int(),
  })
  .openapi("SurveyDeletionSummary");

const erasureProgressSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    total: z.number().int().openapi({ description: "Invitations and answers to remove" }),
    done: z.number().int().openapi({ description: "Of those, removed so far" }),
    finished: z.boolean(),
  })
  .openapi("ErasureProgress");

const surveyDeletedSchema = z.object({ deleted: deletionSummarySchema, erasure: erasureProgressSchema });

const deletionSummaryRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/deletion-summary",
  tags: ["Data protection"],
  summary: "What deleting the survey would delete, counted (for the confirmation)",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(deletionSummarySchema), ...errorResponses },
});

const deleteSurveyRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}",
  tags: ["Data protection"],
  summary: "Delete the survey with all its invitations, links, responses, submissions, mailings, mails, templates, reminders and share links",
  description:
    "Cannot be undone. The audit log keeps an entry with the title and the counts. From the answer on, the survey is gone for every route and its links lead nowhere. " +
    `A survey of up to ${ERASED_WITHIN_REQUEST.toLocaleString("en")} invitations and answers is erased within the request (200); a larger one is erased in the background (202), ` +
    "its progress at `GET /api/erasures/{erasure.id}`.",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveyDeletedSchema, "Deleted"), 202: json(surveyDeletedSchema, "Being erased in the background"), ...errorResponses },
});

const erasureProgressRoute = createRoute({
  method: "get",
  path: "/erasures/{id}",
  tags: ["Data protection"],
  summary: "How far the background erasure of a deleted survey has come",
  description: "Finished erasures are kept for a day.",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(erasureProgressSchema), ...errorResponses },
});

const deleteOrganisationRoute = createRoute({
  method: "delete",
  path: "/organisation",
  tags: ["Data protection"],
  summary: "Delete the organisation with all its data and accounts (admins only)",
  description:
    "`confirmName` must be the organisation's name (400 `confirm_name_mismatch` otherwise, nothing is deleted). Every account and session of the organisation ends; the cookie is cleared. Cannot be undone. " +
    "`background`: the organisation was large, its rows are being erased in the background (within minutes; a restart resumes).",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(z.object({ confirmName: z.string().max(300) })),
  responses: {
    200: json(
      z.object({
        deleted: z.object({
          users: z.number().int(),
          surveys: z.number().int(),
          responses: z.number().int(),
          directoryEntries: z.number().int(),
          background: z.boolean(),
        }),
      }),
    ),
    ...errorResponses,
  },
});

const recipientExportRoute = createRoute({
  method: "get",
  path: "/directory/entries/{id}/data-export",
  tags: ["Data protection"],
  summary: "Download everything stored about one recipient (directory entry) as JSON, e.g. for an access request",
  description:
    "The entry with district and memberships, every invitation to it or one of its addresses (states, timestamps, reminder count, link purposes; never tokens), the answers of identified surveys (pseudonymous and anonymous ones say why they are left out), and the mails sent (subject, status, timestamps). Recorded in the audit log.",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.record(z.string(), z.unknown()), "The export (attachment)"), ...errorResponses },
});

/**
 * Data protection: deleting a survey or the whole organisation, and the export of everything
 * stored about one recipient. Mounted under /api.
 */
export const dataProtectionRoutes = createRouter()
  .openapi(deletionSummaryRoute, async (c) => {
    return c.json(await surveyDeletionSummary(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200);
  })
  .openapi(deleteSurveyRoute, async (c) => {
    const { summary, erasure } = await deleteSurvey(c.var.services.db, auditActor(c.var.session), c.req.valid("param").id);
    if (erasure.finished) return c.json({ deleted: summary, erasure }, 200);
    c.var.services.wakeEraser?.();
    return c.json({ deleted: summary, erasure }, 202);
  })
  .openapi(erasureProgressRoute, async (c) => {
    return c.json(await erasureProgress(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200);
  })
  .openapi(deleteOrganisationRoute, async (c) => {
    const session = c.var.session;
    const deleted = await deleteOrganisation(c.var.services.db, session, c.req.valid("json").confirmName);
    if (deleted.background) c.var.services.wakeEraser?.();
    // The session row went with the organisation's accounts; this clears the cookie.
    await endSession(c, session);
    return c.json({ deleted }, 200);
  })
  .openapi(recipientExportRoute, async (c) => {
    const { db } = c.var.services;
    const session = c.var.session;
    const document = await recipientDataExport(db, session.organisationId, c.req.valid("param").id);
    await recordAudit(db, {
      ...auditActor(session),
      action: "recipient.data_exported",
      targetType: "directory_entry",
      targetId: document.entry.id,
      targetLabel: document.entry.name,
      details: { invitations: document.invitations.length, mails: document.mails.length },
    });
    const fileName = recipientExportFileName(document.entry.name);
    c.header("Content-Disposition", `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    c.header("Cache-Control", "no-store");
    return c.json(document, 200);
  });
