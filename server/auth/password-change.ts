import type { Kysely } from "kysely";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import { countEventWithinLimits, forgetEvents } from "../lib/rate-limit.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { endSessionsOfUser } from "./sessions.ts";
import { requireStrongPassword } from "./strong-password.ts";

/**
 * A signed-in planner changes their own password. The current one is required (a session left
 * open on a shared computer must not be enough), wrong guesses are limited per account, and the
 * change ends every other session of the account while the one that made it stays.
 */

/** Wrong current passwords allowed per account within the window. */
export const PASSWORD_CHANGE_LIMIT = { perUser: 10, windowMinutes: 15 } as const;

const atField = (status: 400, code: string, field: string, messages: { de: string; en: string }) =>
  new ApiError(status, code, messages, [{ path: field, message: messages.en, messageDe: messages.de }]);

/**
 * Checks the current password, judges the new one and stores it; returns how many other
 * sessions were ended. 400 `current_password_wrong` at `currentPassword`, 400 `weak_password` or
 * `same_password` at `newPassword`, 429 after too many wrong current passwords.
 */
export async function changePassword(
  db: Kysely<Database>,
  session: SessionInfo,
  passwords: { currentPassword: string; newPassword: string },
): Promise<{ endedSessions: number }> {
  const counted = await countEventWithinLimits(db, [{ key: `password-change:${session.userId}`, limit: PASSWORD_CHANGE_LIMIT.perUser }], PASSWORD_CHANGE_LIMIT.windowMinutes);
  if (!counted) {
    throw new ApiError(429, "too_many_attempts", {
      de: `Zu viele Versuche. Bitte warten Sie ${PASSWORD_CHANGE_LIMIT.windowMinutes} Minuten.`,
      en: `Too many attempts. Please wait ${PASSWORD_CHANGE_LIMIT.windowMinutes} minutes.`,
    });
  }
  const user = await db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select(["users.password_hash", "organisations.name as organisation_name"])
    .where("users.id", "=", session.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, passwords.currentPassword))) {
    throw atField(400, "current_password_wrong", "currentPassword", {
      de: "Das bisherige Passwort stimmt nicht.",
      en: "The current password is wrong.",
    });
  }
  await forgetEvents(db, counted);
  if (passwords.newPassword === passwords.currentPassword) {
    throw atField(400, "same_password", "newPassword", {
      de: "Das neue Passwort muss sich vom bisherigen unterscheiden.",
      en: "The new password must differ from the current one.",
    });
  }
  await requireStrongPassword(passwords.newPassword, { name: session.name, email: session.email, organisationName: user.organisation_name }, "newPassword");
  const passwordHash = await hashPassword(passwords.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", session.userId).execute();
    await trx.deleteFrom("password_resets").where("user_id", "=", session.userId).execute();
    const endedSessions = await endSessionsOfUser(trx, session.userId, session.sessionIdHash);
    await recordAudit(trx, { ...auditActor(session), action: "account.password_changed", targetType: "user", targetId: session.userId, targetLabel: session.name });
    return { endedSessions };
  });
}
