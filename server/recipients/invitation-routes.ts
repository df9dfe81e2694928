import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { directoryFilterSchema } from "../directory/directory-filter.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../lib/api-error.ts";
import { LANGUAGES } from "../lib/languages.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { SALUTATIONS } from "../lib/person-name.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { handOverInvitation } from "./hand-over-invitation.ts";
import { INVITATION_STATUSES, invitationsWithCounts } from "./invitation-list.ts";
import { inviteRecipients } from "./invite-recipients.ts";
import { resendInvitation } from "./resend-invitation.ts";
import { restoreInvitation, revokeInvitation } from "./revoke-invitation.ts";
import { senderOf } from "./survey-mailing.ts";

const languageSchema = z.enum(LANGUAGES);
const salutationSchema = z.enum(SALUTATIONS).nullable();

const inviteRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/invitations",
  tags: ["Recipients"],
  summary: "Invite pasted addresses and directory entries (by hand or by filter): personal links and one mailing, now or at a set time",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        recipients: z
          .array(
            z.object({
              email: z.string().max(320),
              name: z.string().max(200).default(""),
              salutation: salutationSchema.default(null),
              language: languageSchema.default("de"),
            }),
          )
          .max(20_000)
          .default([]),
        directoryEntryIds: z.array(z.uuid()).max(20_000).default([]),
        filter: directoryFilterSchema.optional(),
        addToDirectory: z.boolean().default(false),
        scheduledAt: z.iso.datetime({ offset: true }).optional(),
      }),
    ),
  },
  responses: {
    200: json(
      z.object({
        created: z.number(),
        alreadyInvited: z.array(z.string()),
        withoutEmail: z.array(z.object({ id: z.string(), name: z.string() })),
        mailingId: z.string().nullable(),
      }),
    ),
    ...errorResponses,
  },
});

const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    salutation: salutationSchema,
    language: languageSchema,
    status: z.enum(INVITATION_STATUSES),
    failureReason: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    openedAt: z.string().nullable(),
    draftSavedAt: z.string().nullable(),
    submittedAt: z.string().nullable().openapi({ description: "Always null in anonymous surveys: the moment would link the answers to this invitation." }),
    revokedAt: z.string().nullable(),
    responseExcluded: z.boolean().openapi({ description: "A planner set the submitted response aside: it counts in no result." }),
    responseDeletedAt: z.string().nullable().openapi({ description: "When a planner deleted the response given through this invitation." }),
    reminderCount: z.number(),
    lastRemindedAt: z.string().nullable(),
    directoryEntry: z.object({ id: z.string(), name: z.string(), kind: z.enum(["institution", "network"]), districtName: z.string().nullable() }).nullable(),
  })
  .openapi("Invitation");

const listRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/invitations",
  tags: ["Recipients"],
  summary: "Invitations of a survey with their state and timestamps, and the counts per state",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        invitations: z.array(invitationSchema),
        counts: z.object({
          total: z.number(),
          queued: z.number(),
          sent: z.number(),
          failed: z.number(),
          opened: z.number(),
          draft: z.number(),
          submitted: z.number(),
          revoked: z.number(),
        }),
      }),
    ),
    ...errorResponses,
  },
});

const invitationParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  invitationId: z.uuid().openapi({ param: { name: "invitationId", in: "path" } }),
});

function invitationAction<Action extends string>(action: Action, summary: string) {
  return createRoute({
    method: "post",
    path: `/surveys/{id}/invitations/{invitationId}/${action}` as `/surveys/{id}/invitations/{invitationId}/${Action}`,
    tags: ["Recipients"],
    summary,
    middleware: [requireSession, organisationSurvey] as const,
    request: { params: invitationParams },
    responses: { 200: json(invitationSchema), ...errorResponses },
  });
}

const resendRoute = invitationAction("resend", "Mail the invitation again, with a fresh link (earlier links keep working)");
const revokeRoute = invitationAction("revoke", "Revoke every link of this invitation; queued mails for it are not sent");
const restoreRoute = invitationAction("restore", "Undo a revocation: the invitation's links work again");
const handoverRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/invitations/{invitationId}/handover",
  tags: ["Recipients"],
  summary: "Hand the survey over to another address (a colleague): old links stop working, the draft stays, the new address gets a new link",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: invitationParams,
    ...jsonBody(
      z.object({
        email: z.string().max(320),
        name: z.string().max(200).default(""),
        salutation: salutationSchema.optional(),
        language: languageSchema.optional(),
      }),
    ),
  },
  responses: { 200: json(invitationSchema), ...errorResponses },
});

/** A survey's invitations: inviting, the list with each one's state, and resending, revoking, restoring or handing one over. */
export const invitationRoutes = createRouter()
  .openapi(inviteRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    if (survey.status !== "open") {
      throw new ApiError(409, "survey_not_open", {
        de: "Bitte öffnen Sie die Umfrage, bevor Sie Einladungen versenden.",
        en: "Please open the survey before sending invitations.",
      });
    }
    if (body.recipients.length === 0 && body.directoryEntryIds.length === 0 && !body.filter) {
      throw new ApiError(400, "no_recipients", {
        de: "Bitte wählen Sie Empfänger:innen aus oder geben Sie Adressen ein.",
        en: "Please choose recipients or enter addresses.",
      });
    }
    const scheduledAt = body.scheduledAt ? new Date(body.scheduledAt) : undefined;
    const context = { organisationId: session.organisationId, surveyId: survey.id, baseUrl: publicBaseUrl(c), sender: senderOf(session), scheduledAt };
    const result = await inviteRecipients(db, context, body);
    if (result.created > 0) {
      await recordAudit(db, {
        ...auditActor(session),
        action: "invitations.sent",
        targetType: "survey",
        targetId: survey.id,
        targetLabel: survey.title,
        details: { invitations: result.created, scheduled: body.scheduledAt !== undefined },
      });
    }
    c.var.services.wakeMailWorker();
    return c.json(result, 200);
  })
  .openapi(listRoute, async (c) => {
    return c.json(await invitationsWithCounts(c.var.services.db, c.var.session.organisationId, c.var.survey.id), 200);
  })
  .openapi(resendRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const session = c.var.session;
    const context = { organisationId: session.organisationId, baseUrl: publicBaseUrl(c), sender: senderOf(session) };
    const invitation = await resendInvitation(c.var.services.db, context, c.var.survey, invitationId);
    c.var.services.wakeMailWorker();
    return c.json(invitation, 200);
  })
  .openapi(revokeRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = c.var.survey;
    const invitation = await revokeInvitation(db, c.var.session.organisationId, survey.id, invitationId);
    await recordAudit(db, { ...auditActor(c.var.session), action: "invitation.revoked", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    return c.json(invitation, 200);
  })
  .openapi(restoreRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    const context = { organisationId: session.organisationId, baseUrl: publicBaseUrl(c), sender: senderOf(session) };
    const { invitation, requeued } = await restoreInvitation(db, context, survey, invitationId);
    if (requeued) c.var.services.wakeMailWorker();
    await recordAudit(db, { ...auditActor(session), action: "invitation.restored", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    return c.json(invitation, 200);
  })
  .openapi(handoverRoute, async (c) => {
    const { invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    const context = { organisationId: session.organisationId, baseUrl: publicBaseUrl(c), sender: senderOf(session) };
    const invitation = await handOverInvitation(db, context, survey, invitationId, c.req.valid("json"));
    await recordAudit(db, { ...auditActor(session), action: "invitation.handed_over", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    c.var.services.wakeMailWorker();
    return c.json(invitation, 200);
  });
