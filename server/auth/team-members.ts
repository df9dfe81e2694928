import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import { endSessionsOfUser } from "./sessions.ts";

/**
 * Removing a planner from the team. The account is deactivated, not deleted: surveys, mailings
 * and audit entries keep naming who made them. Its sessions and reset links are deleted in the
 * same transaction, so the next request of the removed planner answers 401, and it can no
 * longer sign in. Its address is free again (for a new invitation, here or elsewhere).
 */

export const lastAdmin = () =>
  new ApiError(409, "last_admin", {
    de: "Das ist die letzte Administratorin oder der letzte Administrator des Teams. Laden Sie zuerst jemanden als Administrator:in ein.",
    en: "This is the team's last administrator. Invite someone else as an administrator first.",
  });

export const cannotRemoveSelf = () =>
  new ApiError(409, "cannot_remove_self", {
    de: "Sie können sich nicht selbst aus dem Team entfernen. Bitten Sie eine andere Administratorin oder einen anderen Administrator darum.",
    en: "You cannot remove yourself from the team. Ask another administrator to do it.",
  });

/**
 * Deactivates a member of the admin's organisation and ends their sessions at once. 404 for
 * an unknown, removed or other organisation's member; 409 `last_admin` when no other admin would
 * be left, 409 `cannot_remove_self` for the admin's own account. The organisation's active
 * admins are locked first (in id order), so two admins removing each other at the same time
 * cannot leave the team without one: the second finds itself removed.
 *
 * @example
 * await removeTeamMember(db, c.var.session, memberId);
 */
export async function removeTeamMember(db: Kysely<Database>, actor: SessionInfo, memberId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const admins = await trx
      .selectFrom("users")
      .select("id")
      .where("organisation_id", "=", actor.organisationId)
      .where("role", "=", "admin")
      .where("deactivated_at", "is", null)
      .orderBy("id")
      .forUpdate()
      .execute();
    if (!admins.some((admin) => admin.id === actor.userId)) {
      throw new ApiError(403, "admin_only", { de: "Nur Administrator:innen dürfen das.", en: "Only administrators may do this." });
    }
    const member = await trx
      .selectFrom("users")
      .select(["id", "name", "role"])
      .where("id", "=", memberId)
      .where("organisation_id", "=", actor.organisationId)
      .where("deactivated_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!member) throw notFound("Team member");
    if (member.role === "admin" && admins.every((admin) => admin.id === member.id)) throw lastAdmin();
    if (member.id === actor.userId) throw cannotRemoveSelf();
    await trx.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", member.id).execute();
    await endSessionsOfUser(trx, member.id);
    await trx.deleteFrom("password_resets").where("user_id", "=", member.id).execute();
    await recordAudit(trx, {
      organisationId: actor.organisationId,
      userId: actor.userId,
      userName: actor.name,
      action: "team.member_removed",
      targetType: "user",
      targetId: member.id,
      targetLabel: member.name,
      details: { role: member.role },
    });
  });
}
