import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { mergeAnswers } from "./merge-answers.ts";
import { respondentAddressOf, type LinkRow } from "./respondent-link.ts";
import { respondentError, respondentMessages } from "./respondent-messages.ts";
import { alreadySubmitted, type SaveRequest, type SaveResult } from "./save-answers.ts";

/**
 * Submitting to an anonymous survey: the answers go to `pending_anonymous_answers` (no
 * invitation, device or time), the draft that was linked to the invitation is deleted, and the
 * invitation only learns that it was answered — in one transaction, so an answer is never lost
 * nor counted twice. The answers are not yet part of any result or export: they are released
 * together with others once enough wait (release-anonymous-answers.ts), so neither the moment
 * they appear nor their transaction or position in the table points back to this invitation.
 *
 * A submit based on an older revision is merged with the stored draft like any save; questions
 * changed on both sides come back as 409 `answer_conflict`. Nothing of a submitted response
 * stays linked, so there is no submission history.
 */
export async function holdAnonymousSubmission(db: Kysely<Database>, link: LinkRow, request: SaveRequest): Promise<SaveResult> {
  const { formOfAddress } = respondentAddressOf(link);
  return db.transaction().execute(async (trx) => {
    // The invitation's row lock orders two links of one invitation submitting at once.
    const invitation = await trx
      .selectFrom("invitations")
      .select("anonymous_submitted")
      .where("id", "=", link.invitation_id)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation || invitation.anonymous_submitted) throw alreadySubmitted(formOfAddress);
    const stored = await trx
      .selectFrom("responses")
      .select(["id", "answers", "answer_revisions", "revision", "status", "updated_at", "last_device"])
      .where("invitation_id", "=", link.invitation_id)
      .forUpdate()
      .executeTakeFirst();
    if (stored?.status === "submitted") throw alreadySubmitted(formOfAddress);

    let answers = request.answers;
    let merged = false;
    if (stored && stored.revision !== request.baseRevision) {
      const merge = mergeAnswers({
        incoming: request.answers,
        baseRevision: request.baseRevision,
        changed: request.changed,
        stored: stored.answers,
        storedRevisions: stored.answer_revisions,
      });
      if (merge.conflicts.length > 0) {
        throw respondentError(409, "answer_conflict", respondentMessages.answerConflict(), formOfAddress, {
          revision: stored.revision,
          answers: stored.answers,
          conflicts: merge.conflicts,
          updatedAt: stored.updated_at.toISOString(),
          lastDevice: stored.last_device,
        });
      }
      answers = merge.merged;
      merged = true;
    }

    await trx
      .insertInto("pending_anonymous_answers")
      .values({ organisation_id: link.organisation_id, survey_id: link.survey_id, answers: JSON.stringify(answers) })
      .execute();
    if (stored) await trx.deleteFrom("responses").where("id", "=", stored.id).execute();
    await trx.updateTable("invitations").set({ anonymous_submitted: true }).where("id", "=", link.invitation_id).execute();
    return {
      revision: (stored?.revision ?? 0) + 1,
      savedAt: new Date().toISOString(),
      status: "submitted" as const,
      ...(merged ? { mergedAnswers: answers } : {}),
    };
  });
}
