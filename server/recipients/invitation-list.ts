import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Where an invitation stands, in the order the planner's list counts them. */
export const INVITATION_STATUSES = ["queued", "sent", "failed", "opened", "draft", "submitted", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

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

/**
 * A survey's invitations (or the one named), oldest first, each with its state, timestamps, the
 * fate of its response and the directory entry it was sent to.
 *
 * ```ts
 * const invitations = await listInvitations(db, session.organisationId, survey.id);
 * ```
 */
export async function listInvitations(db: Db, organisationId: string, surveyId: string, invitationId?: string) {
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

export type ListedInvitation = Awaited<ReturnType<typeof listInvitations>>[number];

/** One invitation of the survey as listInvitations shows it; 404 `invitation_not_found` if the survey has none such. */
export async function oneInvitation(db: Db, organisationId: string, surveyId: string, invitationId: string): Promise<ListedInvitation> {
  const [invitation] = await listInvitations(db, organisationId, surveyId, invitationId);
  if (!invitation) {
    throw new ApiError(404, "invitation_not_found", { de: "Diese Einladung gibt es nicht.", en: "No such invitation." });
  }
  return invitation;
}

/** The invitations of a survey and how many stand at each status. */
export async function invitationsWithCounts(db: Db, organisationId: string, surveyId: string) {
  const invitations = await listInvitations(db, organisationId, surveyId);
  const counts = { total: invitations.length, queued: 0, sent: 0, failed: 0, opened: 0, draft: 0, submitted: 0, revoked: 0 };
  for (const invitation of invitations) counts[invitation.status] += 1;
  return { invitations, counts };
}
