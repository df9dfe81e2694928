import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * The actions the audit log knows. Add one here before recording it, so the audit page can
 * name it (client/src/audit/audit-texts.ts has a label per action; unknown ones show as they are).
 */
export const AUDIT_ACTIONS = [
  "survey.created",
  "survey.opened",
  "survey.reopened",
  "survey.closed",
  "survey.duplicated",
  "survey.exported",
  "survey.imported",
  "survey.deleted",
  "responses.exported",
  "summary.exported",
  "response.viewed",
  "response.excluded",
  "response.included",
  "response.deleted",
  "invitations.sent",
  "invitation.revoked",
  "invitation.restored",
  "invitation.handed_over",
  "reminders.sent",
  "mailing.cancelled",
  "network_view.created",
  "network_view.revoked",
  "directory.imported",
  "directory.exported",
  "directory.entry_deleted",
  "recipient.data_exported",
  "team.invited",
  "team.invitation_resent",
  "team.invitation_revoked",
  "team.member_joined",
  "team.member_removed",
  "account.password_changed",
  "account.password_reset",
  "organisation.settings_changed",
  "organisation.deleted",
  "retention.deleted_responses",
  "answers.cleaned",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry is about; free text, but these are the ones in use. */
export type AuditTargetType = "survey" | "organisation" | "directory_entry" | "invitation" | "mailing" | "network_view" | "directory" | "team" | "user";

/** A value in an entry's details: counts, ids, field names, flags — never a respondent's personal data. */
export type AuditDetailValue = string | number | boolean | null | readonly (string | number)[] | { readonly [key: string]: AuditDetailValue };

export interface AuditEntryInput {
  organisationId: string;
  /** The planner who acted; null for automatic actions (retention sweep). */
  userId: string | null;
  /** Copied into the entry so it stays readable after the user is deleted; looked up from userId when omitted. */
  userName?: string;
  action: AuditAction;
  targetType?: AuditTargetType;
  targetId?: string | null;
  /** The target's name now (e.g. the survey's title), kept when the target is deleted. */
  targetLabel?: string;
  /** Counts and other non-personal facts (no e-mail addresses or answers of recipients). */
  details?: Record<string, AuditDetailValue>;
  /** When it happened; default now (the example generator dates its history). */
  at?: Date;
}

/**
 * Appends an entry to the organisation's audit log. Call it in the same transaction as the
 * change it records where there is one, so an entry exists exactly when the change happened.
 *
 * @example
 * await recordAudit(db, {
 *   organisationId: session.organisationId,
 *   userId: session.userId,
 *   userName: session.name,
 *   action: "responses.exported",
 *   targetType: "survey",
 *   targetId: survey.id,
 *   targetLabel: survey.title,
 *   details: { format: "xlsx", rows: 120 },
 * });
 */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntryInput): Promise<void> {
  const userName =
    entry.userName ??
    (entry.userId
      ? sql<string>`coalesce((select name from users where id = ${entry.userId} and organisation_id = ${entry.organisationId}), '')`
      : "");
  await db
    .insertInto("audit_log")
    .values({
      organisation_id: entry.organisationId,
      user_id: entry.userId,
      user_name: userName,
      action: entry.action,
      target_type: entry.targetType ?? "",
      target_id: entry.targetId ?? null,
      target_label: (entry.targetLabel ?? "").slice(0, 500),
      details: JSON.stringify(entry.details ?? {}),
      ...(entry.at ? { created_at: entry.at } : {}),
    })
    .execute();
}

/** The signed-in planner as the actor of an audit entry. */
export function auditActor(session: { organisationId: string; userId: string; name: string }) {
  return { organisationId: session.organisationId, userId: session.userId, userName: session.name };
}

export interface AuditLogQuery {
  action?: string;
  targetId?: string;
  offset: number;
  limit: number;
}

/**
 * One page of the organisation's audit log, newest first, with the total and the actions that
 * occur in it (for the filter).
 *
 * @example
 * await listAuditLog(db, organisationId, { action: "survey.deleted", offset: 0, limit: 50 });
 */
export async function listAuditLog(db: Kysely<Database>, organisationId: string, query: AuditLogQuery) {
  let filtered = db.selectFrom("audit_log").where("organisation_id", "=", organisationId);
  if (query.action) filtered = filtered.where("action", "=", query.action);
  if (query.targetId) filtered = filtered.where("target_id", "=", query.targetId);
  const [{ total }, rows, actions] = await Promise.all([
    filtered.select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    filtered
      .select(["id", "user_id", "user_name", "action", "target_type", "target_id", "target_label", "details", "created_at"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
    db
      .selectFrom("audit_log")
      .select("action")
      .distinct()
      .where("organisation_id", "=", organisationId)
      .orderBy("action")
      .execute(),
  ]);
  return {
    total: Number(total),
    entries: rows.map((row) => ({
      id: String(row.id),
      createdAt: new Date(row.created_at).toISOString(),
      userId: row.user_id,
      userName: row.user_name,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      targetLabel: row.target_label,
      details: row.details ?? {},
    })),
    actions: actions.map((row) => row.action),
  };
}
