import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { log } from "../lib/logger.ts";

/** Names compare after trimming and collapsing spaces, so a stray blank does not block the deletion. */
const normalName = (name: string) => name.trim().replace(/\s+/g, " ");

/**
 * Deletes an organisation with all its data: every tenant table references organisations(id)
 * ON DELETE CASCADE, so one statement removes its users and sessions, surveys, invitations,
 * responses, directory, mails, templates, own canon items and its audit log. The caller must have
 * typed the organisation's name (`confirmName`); otherwise 400 and nothing happens.
 * The deletion is written to the server log (ids and counts), since the organisation's own audit
 * log goes with it. Returns the counts.
 *
 * @example
 * await deleteOrganisation(db, { organisationId, userId }, "Stadt Wuppertal");
 */
export async function deleteOrganisation(
  db: Kysely<Database>,
  actor: { organisationId: string; userId: string },
  confirmName: string,
): Promise<{ users: number; surveys: number; responses: number; directoryEntries: number }> {
  const counts = await db.transaction().execute(async (trx) => {
    const organisation = await trx
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!organisation) throw notFound("Organisation");
    if (normalName(confirmName) !== normalName(organisation.name)) {
      throw new ApiError(400, "confirm_name_mismatch", {
        de: "Der eingegebene Name stimmt nicht mit dem Namen der Organisation überein. Es wurde nichts gelöscht.",
        en: "The name entered does not match the organisation's name. Nothing was deleted.",
      });
    }
    const row = await trx
      .selectNoFrom([
        sql<number>`(select count(*)::int from users where organisation_id = ${actor.organisationId})`.as("users"),
        sql<number>`(select count(*)::int from surveys where organisation_id = ${actor.organisationId})`.as("surveys"),
        sql<number>`(select count(*)::int from responses where organisation_id = ${actor.organisationId})
          + (select count(*)::int from pending_anonymous_answers where organisation_id = ${actor.organisationId})`.as("responses"),
        sql<number>`(select count(*)::int from directory_entries where organisation_id = ${actor.organisationId})`.as("directory_entries"),
      ])
      .executeTakeFirstOrThrow();
    await trx.deleteFrom("organisations").where("id", "=", actor.organisationId).execute();
    return {
      users: Number(row.users),
      surveys: Number(row.surveys),
      responses: Number(row.responses),
      directoryEntries: Number(row.directory_entries),
    };
  });
  log("warn", "organisation deleted", {
    action: "organisation.deleted",
    organisationId: actor.organisationId,
    userId: actor.userId,
    ...counts,
  });
  return counts;
}
