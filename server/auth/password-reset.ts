import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { enqueueMails } from "../lib/mail-outbox.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";
import { PASSWORD_RESET_MINUTES, passwordResetMail } from "./account-mails.ts";
import { endSessionsOfUser } from "./sessions.ts";

/**
 * Forgotten passwords, reset by mail. A request for an address with an active account queues a
 * mail with a link (256 random bits; only the SHA-256 hash is stored) that works once and for
 * PASSWORD_RESET_MINUTES; a request for any other address does nothing, and both get the same
 * answer. Setting the new password uses the link up, together with every other reset link of the
 * account, and ends all its sessions.
 */

export const resetLinkGone = () =>
  new ApiError(404, "reset_link_unknown", {
    de: "Dieser Link ist unbekannt, abgelaufen oder wurde schon verwendet. Bitte fordern Sie einen neuen an.",
    en: "This link is unknown, expired or already used. Please ask for a new one.",
  });

/**
 * Queues a reset mail when the address has an active account; otherwise nothing. Links sent
 * before stay valid until they expire or one of them is used.
 *
 * @example
 * await requestPasswordReset(db, "anna@stadt.de", "https://kanon.stadt.de");
 */
export async function requestPasswordReset(db: Kysely<Database>, email: string, baseUrl: string): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name", "organisation_id"])
    .where("email", "=", email)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (!user) return;
  const token = newSecretToken();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("password_resets").where("user_id", "=", user.id).where("expires_at", "<=", new Date()).execute();
    await trx
      .insertInto("password_resets")
      .values({
        organisation_id: user.organisation_id,
        user_id: user.id,
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000),
      })
      .execute();
    const mail = passwordResetMail({ name: user.name, link: `${baseUrl}/reset-password/${token}` });
    await enqueueMails(trx, [{ organisationId: user.organisation_id, to: email, kind: "account", ...mail }]);
  });
}

/** The account a reset link is for, while the link is valid; else 404 `reset_link_unknown`. */
export async function findPasswordReset(db: Kysely<Database>, token: string) {
  const reset = await db
    .selectFrom("password_resets")
    .innerJoin("users", "users.id", "password_resets.user_id")
    .innerJoin("organisations", "organisations.id", "password_resets.organisation_id")
    .select(["users.id as user_id", "users.email", "users.name", "organisations.name as organisation_name"])
    .where("password_resets.token_hash", "=", hashToken(token))
    .where("password_resets.expires_at", ">", new Date())
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!reset) throw resetLinkGone();
  return { userId: reset.user_id, email: reset.email, name: reset.name, organisationName: reset.organisation_name };
}

/**
 * Sets the new password (hashed by the caller) with the link, in one transaction: the link is
 * deleted first (so of two requests with one link, one wins), then the account's other reset
 * links and all its sessions; recorded in the audit log. 404 when the link is no longer valid.
 */
export async function completePasswordReset(db: Kysely<Database>, token: string, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .deleteFrom("password_resets")
      .where("token_hash", "=", hashToken(token))
      .where("expires_at", ">", new Date())
      .returning(["user_id", "organisation_id"])
      .executeTakeFirst();
    if (!used) throw resetLinkGone();
    const user = await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", used.user_id)
      .where("deactivated_at", "is", null)
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!user) throw resetLinkGone();
    await trx.deleteFrom("password_resets").where("user_id", "=", user.id).execute();
    await endSessionsOfUser(trx, user.id);
    await recordAudit(trx, {
      organisationId: used.organisation_id,
      userId: user.id,
      userName: user.name,
      action: "account.password_reset",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.name,
    });
  });
}
