import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { requireSession } from "../auth/middleware.ts";
import { directoryFilterSchema, filteredEntries } from "../directory/directory-filter.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { mintLinks } from "./invitation-links.ts";
import { inviteRecipients } from "./invite-recipients.ts";
import { checkEmailAddress, EMAIL_PROBLEM_CODES, type EmailProblemCode } from "../lib/email-address.ts";
import { describeEmailProblem } from "../lib/email-problem-texts.ts";
import { greetingLine } from "../lib/greeting.ts";
import { LANGUAGES } from "../lib/languages.ts";
import { SALUTATIONS } from "../lib/person-name.ts";
import { pastedEntryChecker, pasteEntries, readPastedEntry, type PastedRecipient, type PasteItem } from "../lib/recipient-paste.ts";
import { forEachInSlices } from "../lib/time-slices.ts";
import { mailVoiceOf, queueMailing } from "./survey-mailing.ts";

const MAX_PASTE = 500_000;
/** Most entries one paste may hold (as many as one invitation request takes). */
const MAX_PASTED_ENTRIES = 20_000;

const languageSchema = z.enum(LANGUAGES);
const salutationSchema = z.enum(SALUTATIONS).nullable();

const checkedEntrySchema = z
  .object({
    /** The entry as pasted; invalid entries are shown (and kept to be fixed) in this form. */
    raw: z.string(),
    /** Lower-case, internationalised domains in Unicode; the tidied text for invalid entries. */
    email: z.string(),
    /** As written ("Müller, Anna"), without quotes and salutation. */
    name: z.string(),
    salutation: salutationSchema,
    status: z.enum(["valid", "invalid", "duplicate", "already_invited"]),
    /** Why the entry cannot be used (see describeEmailProblem for the German and English reason). */
    problem: z.enum(EMAIL_PROBLEM_CODES as [EmailProblemCode, ...EmailProblemCode[]]).optional(),
    /** The character, domain part or ending the problem points at. */
    problemDetail: z.string().optional(),
    /** The first line of the mail this recipient would get ("Guten Tag Frau Müller,"); empty for invalid entries. */
    greeting: z.string(),
    /** The directory entry that already has this address, if any. */
    directoryEntry: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi("CheckedRecipient");

const checkRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/recipients/check",
  tags: ["Recipients"],
  summary:
    "Parse and validate pasted addresses with names (Outlook, lists, spreadsheet rows); gives the reason per invalid entry, marks duplicates, addresses already invited and those the directory knows, and the greeting each would get",
  middleware: [requireSession] as const,
  request: {
    params: uuidParam,
    ...jsonBody(z.object({ text: z.string().max(MAX_PASTE), language: languageSchema.default("de") })),
  },
  responses: { 200: json(z.object({ entries: z.array(checkedEntrySchema) })), ...errorResponses },
});

const targetSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["institution", "network"]),
    name: z.string(),
    type: z.string(),
    districtName: z.string().nullable(),
    email: z.string().nullable(),
    alreadyInvited: z.boolean(),
  })
  .openapi("RecipientTarget");

const targetsRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/recipients/targets",
  tags: ["Recipients"],
  summary: "Directory entries a filter selects for this survey, marking those already invited and those without an address",
  middleware: [requireSession] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ filter: directoryFilterSchema })) },
  responses: {
    200: json(
      z.object({
        targets: z.array(targetSchema),
        counts: z.object({ total: z.number(), invitable: z.number(), alreadyInvited: z.number(), withoutEmail: z.number() }),
      }),
    ),
    ...errorResponses,
  },
});

const inviteRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/invitations",
  tags: ["Recipients"],
  summary: "Invite pasted addresses and directory entries (by hand or by filter): personal links and one mailing, now or at a set time",
  middleware: [requireSession] as const,
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

export const invitationStatusSchema = z.enum(["queued", "sent", "failed", "opened", "draft", "submitted", "revoked"]);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    salutation: salutationSchema,
    language: languageSchema,
    status: invitationStatusSchema,
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
  middleware: [requireSession] as const,
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
    middleware: [requireSession] as const,
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
  middleware: [requireSession] as const,
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

function statusOf(row: {
  revoked_at: Date | null;
  anonymous_submitted: boolean;
  response_status: "draft" | "submitted" | null;
  opened_at: Date | null;
  mail_status: "queued" | "sent" | "failed";
}): InvitationStatus {
  if (row.revoked_at) return "revoked";
  if (row.anonymous_submitted) return "submitted";
  if (row.response_status) return row.response_status;
  if (row.opened_at) return "opened";
  return row.mail_status;
}

async function listInvitations(db: Parameters<typeof findOrganisationSurvey>[0], organisationId: string, surveyId: string, invitationId?: string) {
  const rows = await db
    .selectFrom("invitations")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .leftJoin("directory_entries", "directory_entries.id", "invitations.directory_entry_id")
    .leftJoin("districts", "districts.id", "directory_entries.district_id")
    .select([
      "invitations.id",
      "invitations.email",
      "invitations.name",
      "invitations.salutation",
      "invitations.language",
      "invitations.mail_status",
      "invitations.failure_reason",
      "invitations.created_at",
      "invitations.sent_at",
      "invitations.opened_at",
      "invitations.revoked_at",
      "invitations.anonymous_submitted",
      "invitations.reminder_count",
      "invitations.last_reminded_at",
      "invitations.response_deleted_at",
      "responses.excluded_at",
      "responses.status as response_status",
      "responses.updated_at as response_updated_at",
      "responses.submitted_at",
      "directory_entries.id as entry_id",
      "directory_entries.name as entry_name",
      "directory_entries.kind as entry_kind",
      "districts.name as district_name",
    ])
    .where("invitations.survey_id", "=", surveyId)
    .where("invitations.organisation_id", "=", organisationId)
    .$if(invitationId !== undefined, (query) => query.where("invitations.id", "=", invitationId!))
    .orderBy("invitations.created_at")
    .orderBy("invitations.email")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    salutation: row.salutation,
    language: row.language,
    status: statusOf(row),
    failureReason: row.failure_reason,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    openedAt: row.opened_at?.toISOString() ?? null,
    draftSavedAt: row.response_status === "draft" ? (row.response_updated_at?.toISOString() ?? null) : null,
    // Anonymous surveys keep no submission time: it would tie the answers released later to this invitation.
    submittedAt: row.submitted_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    responseExcluded: row.excluded_at !== null,
    responseDeletedAt: row.response_deleted_at?.toISOString() ?? null,
    reminderCount: row.reminder_count,
    lastRemindedAt: row.last_reminded_at?.toISOString() ?? null,
    directoryEntry:
      row.entry_id && row.entry_name && row.entry_kind
        ? { id: row.entry_id, name: row.entry_name, kind: row.entry_kind, districtName: row.district_name }
        : null,
  }));
}

export function senderOf(session: SessionInfo) {
  return { userId: session.userId, name: session.name, email: session.email };
}

async function oneInvitation(db: Parameters<typeof findOrganisationSurvey>[0], organisationId: string, surveyId: string, invitationId: string) {
  const [invitation] = await listInvitations(db, organisationId, surveyId, invitationId);
  if (!invitation) {
    throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
  }
  return invitation;
}

/** Mails about a survey go out only while it is open, as with invitations and reminders. */
function surveyOpen(survey: { status: string }) {
  if (survey.status !== "open") {
    throw new ApiError(409, "survey_not_open", {
      de: "Die Umfrage ist nicht geöffnet; es gehen keine Mails dazu hinaus.",
      en: "The survey is not open; no mails about it go out.",
    });
  }
}

function notRevoked(invitation: { status: InvitationStatus }) {
  if (invitation.status === "revoked") {
    throw new ApiError(409, "invitation_revoked", {
      de: "Der Link dieser Einladung ist zurückgezogen. Geben Sie ihn zuerst wieder frei.",
      en: "This invitation's link is revoked. Restore it first.",
    });
  }
}

export const invitationRoutes = createRouter()
  .openapi(checkRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { text, language } = c.req.valid("json");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    // Read and checked in slices: a paste of the most entries allowed never stalls other requests.
    const items: PasteItem[] = [];
    await forEachInSlices(pasteEntries(text), (item) => items.push(item) <= MAX_PASTED_ENTRIES);
    if (items.length > MAX_PASTED_ENTRIES) {
      throw new ApiError(
        400,
        "too_many_recipients",
        {
          de: `Die Liste hat mehr als ${MAX_PASTED_ENTRIES.toLocaleString("de-DE")} Einträge. Bitte teilen Sie sie auf.`,
          en: `The list has more than ${MAX_PASTED_ENTRIES.toLocaleString("en-GB")} entries. Please split it up.`,
        },
        [{ path: "text", message: "too many entries" }],
      );
    }
    const entries: PastedRecipient[] = [];
    const checkEntry = pastedEntryChecker();
    await forEachInSlices(items, (item) => {
      entries.push(checkEntry(item));
    });
    const candidates = [...new Set(entries.filter((entry) => !entry.problem).map((entry) => entry.email))];
    const invited = new Set<string>();
    const entryByEmail = new Map<string, { id: string; name: string; contact_person: string; contact_salutation: "ms" | "mr" | null }>();
    if (candidates.length > 0) {
      const invitedRows = await db
        .selectFrom("invitations")
        .select("email")
        .where("survey_id", "=", survey.id)
        .where(sql<boolean>`email = any(${sql.val(candidates)}::text[])`)
        .execute();
      for (const row of invitedRows) invited.add(row.email);
      const knownRows = await db
        .selectFrom("directory_entries")
        .select(["id", "name", "emails", "contact_person", "contact_salutation"])
        .where("organisation_id", "=", organisationId)
        .where(sql<boolean>`emails ?| ${sql.val(candidates)}::text[]`)
        .execute();
      for (const row of knownRows) for (const email of row.emails) if (!entryByEmail.has(email)) entryByEmail.set(email, row);
    }
    return c.json(
      {
        entries: entries.map((entry) => {
          const known = entry.problem ? undefined : entryByEmail.get(entry.email);
          // As the invitation will do: without a name of its own, the directory's contact person.
          const addressee = entry.name || !known ? entry : { name: known.contact_person, salutation: known.contact_salutation };
          return {
            raw: entry.raw,
            email: entry.email,
            name: entry.name,
            salutation: entry.salutation,
            status: entry.problem
              ? ("invalid" as const)
              : entry.duplicate
                ? ("duplicate" as const)
                : invited.has(entry.email)
                  ? ("already_invited" as const)
                  : ("valid" as const),
            ...(entry.problem ? { problem: entry.problem.code } : {}),
            ...(entry.problem?.detail !== undefined ? { problemDetail: entry.problem.detail } : {}),
            greeting: entry.problem ? "" : greetingLine(language, addressee, mailVoiceOf(survey).formOfAddress),
            directoryEntry: known ? { id: known.id, name: known.name } : null,
          };
        }),
      },
      200,
    );
  })
  .openapi(targetsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { filter } = c.req.valid("json");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const rows = await filteredEntries(db, organisationId, filter)
      .leftJoin("districts", "districts.id", "directory_entries.district_id")
      .select([
        "directory_entries.id",
        "directory_entries.kind",
        "directory_entries.name",
        "directory_entries.type",
        "directory_entries.emails",
        "districts.name as district_name",
        sql<boolean>`exists (select 1 from invitations where invitations.survey_id = ${survey.id}
          and invitations.email = directory_entries.emails ->> 0)`.as("already_invited"),
      ])
      .orderBy("directory_entries.name")
      .limit(20_000)
      .execute();
    const targets = rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      type: row.type,
      districtName: row.district_name,
      email: row.emails[0] ?? null,
      alreadyInvited: row.already_invited,
    }));
    const withoutEmail = targets.filter((target) => !target.email).length;
    const alreadyInvited = targets.filter((target) => target.alreadyInvited).length;
    return c.json(
      {
        targets,
        counts: { total: targets.length, invitable: targets.length - withoutEmail - alreadyInvited, alreadyInvited, withoutEmail },
      },
      200,
    );
  })
  .openapi(inviteRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
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
    const result = await inviteRecipients(
      db,
      {
        organisationId: session.organisationId,
        surveyId: survey.id,
        baseUrl: publicBaseUrl(c),
        sender: senderOf(session),
        scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : undefined,
      },
      body,
    );
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
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const survey = await findOrganisationSurvey(db, c.var.session.organisationId, id);
    const invitations = await listInvitations(db, c.var.session.organisationId, survey.id);
    const counts = { total: invitations.length, queued: 0, sent: 0, failed: 0, opened: 0, draft: 0, submitted: 0, revoked: 0 };
    for (const invitation of invitations) counts[invitation.status] += 1;
    return c.json({ invitations, counts }, 200);
  })
  .openapi(resendRoute, async (c) => {
    const { id, invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    const invitation = await oneInvitation(db, session.organisationId, survey.id, invitationId);
    surveyOpen(survey);
    notRevoked(invitation);
    await db.transaction().execute(async (trx) => {
      const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId: session.organisationId }], "resend");
      if (invitation.status === "failed" || invitation.status === "queued") {
        await trx.updateTable("invitations").set({ mail_status: "queued", failure_reason: null }).where("id", "=", invitation.id).execute();
      }
      await queueMailing(
        trx,
        { organisationId: session.organisationId, surveyId: survey.id, kind: "resend", baseUrl: publicBaseUrl(c), sender: senderOf(session) },
        [
          {
            invitationId: invitation.id,
            email: invitation.email,
            name: invitation.name,
            salutation: invitation.salutation,
            language: invitation.language,
            token: tokens.get(invitation.id)!,
          },
        ],
      );
    });
    c.var.services.wakeMailWorker();
    return c.json(await oneInvitation(db, session.organisationId, survey.id, invitationId), 200);
  })
  .openapi(revokeRoute, async (c) => {
    const { id, invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const invitation = await oneInvitation(db, organisationId, survey.id, invitationId);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("invitations")
        .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
        .where("id", "=", invitation.id)
        .execute();
      await trx.deleteFrom("mail_outbox").where("invitation_id", "=", invitation.id).where("status", "=", "queued").execute();
    });
    await recordAudit(db, { ...auditActor(c.var.session), action: "invitation.revoked", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    return c.json(await oneInvitation(db, organisationId, survey.id, invitationId), 200);
  })
  .openapi(restoreRoute, async (c) => {
    const { id, invitationId } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const invitation = await oneInvitation(db, organisationId, survey.id, invitationId);
    const requeued = await db.transaction().execute(async (trx) => {
      const restored = await trx
        .updateTable("invitations")
        .set({ revoked_at: null })
        .where("id", "=", invitation.id)
        .returning(["mail_status"])
        .executeTakeFirstOrThrow();
      // Revoked before its first mail went out (that mail was dropped): the invitation goes out now.
      const pending = await trx
        .selectFrom("mail_outbox")
        .select("id")
        .where("invitation_id", "=", invitation.id)
        .where("status", "in", ["queued", "sending"])
        .executeTakeFirst();
      if (restored.mail_status !== "queued" || pending || survey.status !== "open") return false;
      const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId }], "resend");
      await queueMailing(
        trx,
        { organisationId, surveyId: survey.id, kind: "resend", baseUrl: publicBaseUrl(c), sender: senderOf(c.var.session) },
        [
          {
            invitationId: invitation.id,
            email: invitation.email,
            name: invitation.name,
            salutation: invitation.salutation,
            language: invitation.language,
            token: tokens.get(invitation.id)!,
          },
        ],
      );
      return true;
    });
    if (requeued) c.var.services.wakeMailWorker();
    await recordAudit(db, { ...auditActor(c.var.session), action: "invitation.restored", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    return c.json(await oneInvitation(db, organisationId, survey.id, invitationId), 200);
  })
  .openapi(handoverRoute, async (c) => {
    const { id, invitationId } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, id);
    const invitation = await oneInvitation(db, session.organisationId, survey.id, invitationId);
    surveyOpen(survey);
    notRevoked(invitation);
    const pasted = readPastedEntry(body.email);
    const target = checkEmailAddress(pasted.address);
    if (target.problem) {
      const reason = describeEmailProblem(target.problem);
      throw new ApiError(
        400,
        "invalid_recipients",
        { de: `Ungültige Adresse: ${body.email} (${reason.de})`, en: `Invalid address: ${body.email} (${reason.en})` },
        [{ path: "email", email: body.email, problem: target.problem.code, detail: target.problem.detail }],
      );
    }
    await db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom("invitations")
        .select("id")
        .where("survey_id", "=", survey.id)
        .where("email", "=", target.email)
        .where("id", "!=", invitation.id)
        .executeTakeFirst();
      if (taken) {
        throw new ApiError(409, "already_invited", {
          de: `${target.email} ist zu dieser Umfrage schon eingeladen.`,
          en: `${target.email} is already invited to this survey.`,
        });
      }
      // A colleague is a new person: their name and salutation, as given or as written with the address.
      const name = body.name.trim() || pasted.name;
      const salutation = body.salutation !== undefined ? body.salutation : pasted.salutation;
      const language = body.language ?? invitation.language;
      await trx
        .updateTable("invitations")
        .set({ email: target.email, name, salutation, language, mail_status: "queued", failure_reason: null })
        .where("id", "=", invitation.id)
        .execute();
      await trx
        .updateTable("invitation_links")
        .set({ revoked_at: new Date() })
        .where("invitation_id", "=", invitation.id)
        .where("revoked_at", "is", null)
        .execute();
      await trx.deleteFrom("mail_outbox").where("invitation_id", "=", invitation.id).where("status", "=", "queued").execute();
      const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId: session.organisationId }], "handover");
      await queueMailing(
        trx,
        { organisationId: session.organisationId, surveyId: survey.id, kind: "handover", baseUrl: publicBaseUrl(c), sender: senderOf(session) },
        [{ invitationId: invitation.id, email: target.email, name, salutation, language, token: tokens.get(invitation.id)! }],
      );
    });
    await recordAudit(db, { ...auditActor(session), action: "invitation.handed_over", targetType: "invitation", targetId: invitation.id, targetLabel: survey.title });
    c.var.services.wakeMailWorker();
    return c.json(await oneInvitation(db, session.organisationId, survey.id, invitationId), 200);
  });
