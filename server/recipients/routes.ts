import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { ApiError } from "../lib/api-error.ts";
import { enqueueMails, type OutgoingMail } from "../lib/mail-outbox.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { insertInvitations } from "./invitation-links.ts";
import { invitationMail } from "./invitation-mail.ts";
import { parseEntry, parseRecipientList } from "./parse-recipient-list.ts";

const MAX_PASTE = 500_000;

const checkedEntrySchema = z
  .object({
    raw: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(["valid", "invalid", "duplicate", "already_invited"]),
    problem: z.enum(["missing_at", "missing_domain", "invalid_address", "too_long"]).optional(),
  })
  .openapi("CheckedRecipient");

const checkRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/recipients/check",
  tags: ["Recipients"],
  summary: "Parse and validate pasted addresses; marks invalid entries, duplicates and addresses already invited",
  middleware: [requireSession] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ text: z.string().max(MAX_PASTE) })) },
  responses: { 200: json(z.object({ entries: z.array(checkedEntrySchema) })), ...errorResponses },
});

const inviteRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/invitations",
  tags: ["Recipients"],
  summary: "Create personal links for these recipients and queue the invitation mails",
  middleware: [requireSession] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        recipients: z
          .array(z.object({ email: z.string().max(320), name: z.string().max(200).default("") }))
          .min(1)
          .max(20_000),
      }),
    ),
  },
  responses: {
    200: json(z.object({ created: z.number(), alreadyInvited: z.array(z.string()) })),
    ...errorResponses,
  },
});

const invitationStatus = z.enum(["queued", "sent", "failed", "opened", "draft", "submitted", "revoked"]);

const listRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/invitations",
  tags: ["Recipients"],
  summary: "Invitations of a survey with their state",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        invitations: z.array(
          z.object({
            id: z.string(),
            email: z.string(),
            name: z.string(),
            status: invitationStatus,
            failureReason: z.string().nullable(),
            createdAt: z.string(),
            sentAt: z.string().nullable(),
            openedAt: z.string().nullable(),
            submittedAt: z.string().nullable(),
          }),
        ),
      }),
    ),
    ...errorResponses,
  },
});

export const recipientRoutes = createRouter()
  .openapi(checkRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { text } = c.req.valid("json");
    const { db } = c.var.services;
    const survey = await findOrganisationSurvey(db, c.var.session.organisationId, id);
    const entries = parseRecipientList(text);
    const candidates = entries.filter((entry) => !entry.problem).map((entry) => entry.email);
    const invited = new Set(
      candidates.length === 0
        ? []
        : (
            await db
              .selectFrom("invitations")
              .select("email")
              .where("survey_id", "=", survey.id)
              .where("email", "in", candidates)
              .execute()
          ).map((row) => row.email),
    );
    return c.json(
      {
        entries: entries.map((entry) => ({
          raw: entry.raw,
          email: entry.email,
          name: entry.name,
          status: entry.problem
            ? ("invalid" as const)
            : entry.duplicate
              ? ("duplicate" as const)
              : invited.has(entry.email)
                ? ("already_invited" as const)
                : ("valid" as const),
          ...(entry.problem ? { problem: entry.problem } : {}),
        })),
      },
      200,
    );
  })
  .openapi(inviteRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { recipients } = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    if (survey.status !== "open") {
      throw new ApiError(409, "survey_not_open", {
        de: "Bitte öffnen Sie die Umfrage, bevor Sie Einladungen versenden.",
        en: "Please open the survey before sending invitations.",
      });
    }
    const parsed = recipients.map((recipient) => ({ ...parseEntry(recipient.email), name: recipient.name.trim() }));
    const invalid = parsed.filter((entry) => entry.problem);
    if (invalid.length > 0) {
      throw new ApiError(
        400,
        "invalid_recipients",
        {
          de: `Ungültige Adressen: ${invalid.map((entry) => entry.raw).join(", ")}`,
          en: `Invalid addresses: ${invalid.map((entry) => entry.raw).join(", ")}`,
        },
        invalid.map((entry) => ({ email: entry.raw, problem: entry.problem })),
      );
    }
    const unique = [...new Map(parsed.map((entry) => [entry.email, entry])).values()];
    const organisation = await db
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", session.organisationId)
      .executeTakeFirstOrThrow();
    const baseUrl = publicBaseUrl(c);
    const result = await db.transaction().execute(async (trx) => {
      const existing = new Set(
        (
          await trx
            .selectFrom("invitations")
            .select("email")
            .where("survey_id", "=", survey.id)
            .where(
              "email",
              "in",
              unique.map((entry) => entry.email),
            )
            .execute()
        ).map((row) => row.email),
      );
      const fresh = unique.filter((entry) => !existing.has(entry.email));
      const created = await insertInvitations(
        trx,
        fresh.map((entry) => ({ organisationId: session.organisationId, surveyId: survey.id, email: entry.email, name: entry.name })),
      );
      const entryByEmail = new Map(fresh.map((entry) => [entry.email, entry]));
      const mails: OutgoingMail[] = created.map(({ id: invitationId, email, token }) => {
        const entry = entryByEmail.get(email)!;
        return {
          organisationId: session.organisationId,
          invitationId,
          to: entry.name ? `"${entry.name.replace(/["\\]/g, "")}" <${entry.email}>` : entry.email,
          ...invitationMail({
            recipientName: entry.name,
            surveyTitle: survey.title,
            organisationName: organisation.name,
            plannerName: session.name,
            link: `${baseUrl}/r/${token}`,
            closingDate: survey.closing_date,
          }),
        };
      });
      await enqueueMails(trx, mails);
      return { created: mails.length, alreadyInvited: [...existing] };
    });
    c.var.services.wakeMailWorker();
    return c.json(result, 200);
  })
  .openapi(listRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = await findOrganisationSurvey(db, c.var.session.organisationId, id);
    const rows = await db
      .selectFrom("invitations")
      .leftJoin("responses", "responses.invitation_id", "invitations.id")
      .select([
        "invitations.id",
        "invitations.email",
        "invitations.name",
        "invitations.mail_status",
        "invitations.failure_reason",
        "invitations.created_at",
        "invitations.sent_at",
        "invitations.opened_at",
        "invitations.revoked_at",
        "responses.status as response_status",
        "responses.submitted_at",
      ])
      .where("invitations.survey_id", "=", survey.id)
      .where("invitations.organisation_id", "=", c.var.session.organisationId)
      .orderBy("invitations.created_at")
      .orderBy("invitations.email")
      .execute();
    return c.json(
      {
        invitations: rows.map((row) => ({
          id: row.id,
          email: row.email,
          name: row.name,
          status: row.revoked_at
            ? ("revoked" as const)
            : (row.response_status ?? (row.opened_at ? ("opened" as const) : row.mail_status)),
          failureReason: row.failure_reason,
          createdAt: row.created_at.toISOString(),
          sentAt: row.sent_at?.toISOString() ?? null,
          openedAt: row.opened_at?.toISOString() ?? null,
          submittedAt: row.submitted_at?.toISOString() ?? null,
        })),
      },
      200,
    );
  });
