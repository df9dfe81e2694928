import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/**
 * Anonymous surveys: once a response is submitted it is cut loose from its invitation. The
 * invitation only remembers that it was answered (for the planner's counts and so nobody is
 * reminded); the response keeps no device, no per-question revisions, no submission history,
 * and its timestamps become the survey's opening time, so not even the moment of submission
 * can tie it back to a recipient. The answers can then no longer be shown or changed through
 * the link.
 */
export async function detachAnonymousResponse(db: Kysely<Database>, invitationId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const response = await trx
      .selectFrom("responses")
      .innerJoin("surveys", "surveys.id", "responses.survey_id")
      .select(["responses.id", "surveys.opened_at"])
      .where("responses.invitation_id", "=", invitationId)
      .where("responses.status", "=", "submitted")
      .where("surveys.privacy_mode", "=", "anonymous")
      .executeTakeFirst();
    if (!response) return;
    await trx.deleteFrom("response_submissions").where("response_id", "=", response.id).execute();
    const moment = sql<Date>`coalesce(${response.opened_at}, date_trunc('month', now()))`;
    await trx
      .updateTable("responses")
      .set({
        invitation_id: null,
        last_device: "",
        answer_revisions: "{}",
        current_page: 0,
        created_at: moment,
        updated_at: moment,
        submitted_at: moment,
      })
      .where("id", "=", response.id)
      .execute();
    await trx.updateTable("invitations").set({ anonymous_submitted_at: new Date() }).where("id", "=", invitationId).execute();
  });
}

/**
 * Detaches submitted responses of anonymous surveys that are still linked: the submit request
 * detaches right after saving, so this only finds those a crash left between the two steps.
 */
export async function detachPendingAnonymousResponses(db: Kysely<Database>): Promise<number> {
  const pending = await db
    .selectFrom("responses")
    .innerJoin("surveys", "surveys.id", "responses.survey_id")
    .select("responses.invitation_id")
    .where("surveys.privacy_mode", "=", "anonymous")
    .where("responses.status", "=", "submitted")
    .where("responses.invitation_id", "is not", null)
    .limit(1000)
    .execute();
  for (const row of pending) await detachAnonymousResponse(db, row.invitation_id!);
  return pending.length;
}
