/**
 * Writes the example's responses in bulk, in exactly the shape the respondent's first save
 * writes them (server/respond/save-answers.ts: revision 1, every answered question at revision 1,
 * the page reached, the device label), with a kept submission for each submitted one, and marks
 * the invitations opened. Dated as planned, so the example has a history.
 */
import { sql, type Kysely } from "kysely";
import { recipientGroupsOf } from "../results/recipient-groups.ts";
import type { Database } from "../db/schema.ts";

export interface PlannedResponse {
  invitationId: string;
  answers: Record<string, unknown>;
  status: "draft" | "submitted";
  /** Page the respondent is on (0-based). */
  page: number;
  /** Coarse device label, e.g. "Firefox · Windows" (as server/respond/device-label.ts makes them). */
  device: string;
  /** When the link was first opened (the response started). */
  openedAt: Date;
  /** When it was last saved (and, if submitted, submitted). */
  savedAt: Date;
}

const BATCH = 200;

export async function writeResponses(
  db: Kysely<Database>,
  scope: { organisationId: string; surveyId: string },
  responses: readonly PlannedResponse[],
  /** Invitations whose link was opened without saving anything. */
  openedOnly: readonly { invitationId: string; at: Date }[] = [],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < responses.length; start += BATCH) {
      const batch = responses.slice(start, start + BATCH);
      const rows = await trx
        .insertInto("responses")
        .values(
          batch.map((response) => ({
            organisation_id: scope.organisationId,
            survey_id: scope.surveyId,
            invitation_id: response.invitationId,
            answers: JSON.stringify(response.answers),
            answer_revisions: JSON.stringify(Object.fromEntries(Object.keys(response.answers).map((question) => [question, 1]))),
            current_page: response.page,
            revision: 1,
            status: response.status,
            last_device: response.device,
            created_at: response.openedAt,
            updated_at: response.savedAt,
            submitted_at: response.status === "submitted" ? response.savedAt : null,
          })),
        )
        .returning(["id", "invitation_id"])
        .execute();
      const byInvitation = new Map(batch.map((response) => [response.invitationId, response]));
      const submitted = rows
        .map((row) => ({ row, response: byInvitation.get(row.invitation_id!)! }))
        .filter(({ response }) => response.status === "submitted");
      if (submitted.length > 0) {
        await trx
          .insertInto("response_submissions")
          .values(
            submitted.map(({ row, response }) => ({
              organisation_id: scope.organisationId,
              response_id: row.id,
              revision: 1,
              answers: JSON.stringify(response.answers),
              submitted_at: response.savedAt,
            })),
          )
          .execute();
      }
    }
    const opened = [...responses.map((response) => ({ id: response.invitationId, at: response.openedAt.toISOString() })), ...openedOnly.map(({ invitationId, at }) => ({ id: invitationId, at: at.toISOString() }))];
    if (opened.length > 0) {
      await sql`
        update invitations set opened_at = source.at
        from jsonb_to_recordset(${JSON.stringify(opened)}::jsonb) as source(id uuid, at timestamptz)
        where invitations.id = source.id and invitations.organisation_id = ${scope.organisationId}`.execute(trx);
    }
    // A pseudonymous survey's results count released answers (release-pseudonymous-answers.ts):
    // the example shows its submitted answers as released, as after the last batch.
    await trx
      .updateTable("responses")
      .set({ released_answers: sql`responses.answers`, released_groups: sql`${recipientGroupsOf("responses")}` })
      .where("survey_id", "=", scope.surveyId)
      .where("status", "=", "submitted")
      .where("survey_id", "in", trx.selectFrom("surveys").select("surveys.id").where("surveys.privacy_mode", "=", "pseudonymous"))
      .execute();
  });
}
