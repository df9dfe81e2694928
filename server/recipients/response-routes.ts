import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";

const answersSchema = z.record(z.string(), z.unknown());

const responseRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/invitations/{invitationId}/response",
  tags: ["Recipients"],
  summary: "One recipient's answers: the current state and every submission, for the planner of an identified survey",
  middleware: [requireSession] as const,
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
  const { id, invitationId } = c.req.valid("param");
  const { db } = c.var.services;
  const organisationId = c.var.session.organisationId;
  const survey = await findOrganisationSurvey(db, organisationId, id);
  if (survey.privacy_mode !== "identified") {
    throw new ApiError(403, "answers_only_aggregated", {
      de:
        survey.privacy_mode === "anonymous"
          ? "Diese Umfrage ist anonym: Antworten sind mit keiner Einladung verbunden und nur in den Ergebnissen zusammengefasst zu sehen."
          : "Diese Umfrage ist pseudonym: Sie sehen, wer teilgenommen hat, die Antworten aber nur zusammengefasst in den Ergebnissen.",
      en:
        survey.privacy_mode === "anonymous"
          ? "This survey is anonymous: answers are linked to no invitation and only shown in aggregate in the results."
          : "This survey is pseudonymous: you see who took part, but the answers only in aggregate in the results.",
    });
  }
  const invitation = await db
    .selectFrom("invitations")
    .select(["id", "email", "response_deleted_at"])
    .where("id", "=", invitationId)
    .where("survey_id", "=", survey.id)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!invitation) throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
  const response = await db
    .selectFrom("responses")
    .leftJoin("users", "users.id", "responses.excluded_by")
    .select([
      "responses.id",
      "responses.status",
      "responses.revision",
      "responses.updated_at",
      "responses.last_device",
      "responses.answers",
      "responses.excluded_at",
      "responses.exclusion_reason",
      "users.name as excluded_by_name",
    ])
    .where("responses.invitation_id", "=", invitation.id)
    .where("responses.organisation_id", "=", organisationId)
    .executeTakeFirst();
  const submissions = response
    ? await db
        .selectFrom("response_submissions")
        .select(["revision", "submitted_at", "answers"])
        .where("response_id", "=", response.id)
        .where("organisation_id", "=", organisationId)
        .orderBy("id")
        .execute()
    : [];
  const definition = await db.selectFrom("surveys").select("definition").where("id", "=", survey.id).executeTakeFirstOrThrow();
  await recordAudit(db, { ...auditActor(c.var.session), action: "response.viewed", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
  c.header("Cache-Control", "no-store");
  return c.json(
    {
      definition: definition.definition ?? {},
      email: invitation.email,
      current: response
        ? {
            status: response.status,
            revision: response.revision,
            updatedAt: response.updated_at.toISOString(),
            lastDevice: response.last_device,
            answers: response.answers,
            exclusion: response.excluded_at
              ? { excludedAt: response.excluded_at.toISOString(), reason: response.exclusion_reason, by: response.excluded_by_name ?? null }
              : null,
          }
        : null,
      responseDeletedAt: invitation.response_deleted_at?.toISOString() ?? null,
      submissions: submissions.map((row) => ({ revision: row.revision, submittedAt: row.submitted_at.toISOString(), answers: row.answers })),
    },
    200,
  );
});
