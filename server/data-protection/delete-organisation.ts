import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { log } from "../lib/logger.ts";
import { ERASED_WITHIN_REQUEST, eraseAllMarked } from "./erasure.ts";

/** Names compare after trimming and collapsing spaces, so a stray blank does not block the deletion. */
const normalName = (name: string) => name.trim().replace(/\s+/g, " ");

/**
 * Deletes an organisation with all its data: every tenant table references organisations(id)
 * ON DELETE CASCADE, so its users and sessions, surveys, invitations, responses, directory,
 * mails, templates, own canon items and its audit log all go. The caller must have typed the
 * organisation's name (`confirmName`); otherwise 400 and nothing happens.
 *
 * One short transaction marks the organisation and its surveys for erasure, ends every account
 * and session, and drops its queued mails, reminders, share links and team invitations: from its
 * commit nobody can sign in to it, and none of its links lead anywhere. The rows themselves go in
 * chunks (erasure.ts): here and now for an organisation of up to {@link ERASED_WITHIN_REQUEST}
 * invitations and answers, otherwise in the background (`background: true`). The deletion is
 * written to the server log (ids and counts), since the organisation's own audit log goes with it.
 *
 * @example
 * await deleteOrganisation(db, { organisationId, userId }, "Stadt Wuppertal");
 */
export async function deleteOrganisation(
  db: Kysely<Database>,
  actor: { organisationId: string; userId: string },
  confirmName: string,
): Promise<{ users: number; surveys: number; responses: number; directoryEntries: number; background: boolean }> {
  const { units, ...counts } = await db.transaction().execute(async (trx) => {
    const organisation = await trx
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", actor.organisationId)
      .where("erasure_requested_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!organisation) throw notFound("Organisation");
    if (normalName(confirmName) !== normalName(organisation.name)) {
      throw new ApiError(400, "confirm_name_mismatch", {
        de: "Der eingegebene Name stimmt nicht mit dem Namen der Organisation überein. Es wurde nichts gelöscht.",
        en: "The name entered does not match the organisation's name. Nothing was deleted.",
      });
    }
    const id = actor.organisationId;
    const row = await trx
      .selectNoFrom([
        sql<number>`(select count(*)::int from users where organisation_id = ${id})`.as("users"),
        sql<number>`(select count(*)::int from surveys where organisation_id = ${id})`.as("surveys"),
        sql<number>`(select count(*)::int from responses where organisation_id = ${id})
          + (select count(*)::int from pending_anonymous_answers where organisation_id = ${id})`.as("responses"),
        sql<number>`(select count(*)::int from directory_entries where organisation_id = ${id})`.as("directory_entries"),
        sql<number>`(select count(*)::int from invitations where organisation_id = ${id})
          + (select count(*)::int from responses where organisation_id = ${id} and invitation_id is null)
          + (select count(*)::int from pending_anonymous_answers where organisation_id = ${id})`.as("units"),
      ])
      .executeTakeFirstOrThrow();
    await trx.updateTable("organisations").set({ erasure_requested_at: sql`now()` }).where("id", "=", id).execute();
    await trx.updateTable("surveys").set({ erasure_requested_at: sql`now()`, series_id: null }).where("organisation_id", "=", id).execute();
    await trx.deleteFrom("sessions").where("organisation_id", "=", id).execute();
    await trx.updateTable("users").set({ deactivated_at: sql`now()` }).where("organisation_id", "=", id).where("deactivated_at", "is", null).execute();
    await trx.deleteFrom("planner_invitations").where("organisation_id", "=", id).execute();
    await trx.deleteFrom("network_views").where("organisation_id", "=", id).execute();
    await trx.deleteFrom("reminder_rules").where("organisation_id", "=", id).execute();
    await trx.deleteFrom("mail_outbox").where("organisation_id", "=", id).where("status", "=", "queued").execute();
    return {
      users: Number(row.users),
      surveys: Number(row.surveys),
      responses: Number(row.responses),
      directoryEntries: Number(row.directory_entries),
      units: Number(row.units),
    };
  });
  const background = units > ERASED_WITHIN_REQUEST;
  if (!background) await eraseAllMarked(db, actor.organisationId);
  log("warn", "organisation deleted", {
    action: "organisation.deleted",
    organisationId: actor.organisationId,
    userId: actor.userId,
    ...counts,
    background,
  });
  return { ...counts, background };
}
