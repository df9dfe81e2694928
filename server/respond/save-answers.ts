import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { FormOfAddress } from "../lib/survey-audience.ts";
import { changedQuestions, mergeAnswers } from "./merge-answers.ts";
import { respondentAddressOf, type LinkRow } from "./respondent-link.ts";
import { respondentError, respondentMessages } from "./respondent-messages.ts";

export interface SaveRequest {
  answers: Record<string, unknown>;
  page: number;
  /** The revision the respondent's copy was based on (0 before the first save). */
  baseRevision: number;
  /** Questions the respondent changed since that revision, when the page knows them. */
  changed?: string[];
  submit: boolean;
  /** Coarse device label of the saving browser. */
  device: string;
}

export interface SaveResult {
  revision: number;
  savedAt: string;
  status: "draft" | "submitted";
  /** Set when the save was merged with changes made elsewhere: the answers now stored. */
  mergedAnswers?: Record<string, unknown>;
}

export const alreadySubmitted = (address: FormOfAddress) =>
  respondentError(409, "already_submitted", respondentMessages.alreadySubmitted(), address);

type Stored = {
  id: string;
  answers: Record<string, unknown>;
  answer_revisions: Record<string, number>;
  revision: number;
  status: "draft" | "submitted";
  updated_at: Date;
  last_device: string;
};

/**
 * The careful path of a save, taken when the batched write did not apply: tells apart a first
 * save, a submitted response, and a save based on an older revision. The latter is merged
 * question by question with what was saved elsewhere; only questions changed on both sides come
 * back as a conflict (409 `answer_conflict`) for the respondent to decide.
 */
export async function saveCarefully(db: Kysely<Database>, link: LinkRow, request: SaveRequest, allowEditAfterSubmit: boolean): Promise<SaveResult> {
  const { formOfAddress } = respondentAddressOf(link);
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = (await db
      .selectFrom("responses")
      .select(["id", "answers", "answer_revisions", "revision", "status", "updated_at", "last_device"])
      .where("invitation_id", "=", link.invitation_id)
      .executeTakeFirst()) as Stored | undefined;

    if (!stored) {
      const inserted = await insertFirst(db, link, request);
      if (inserted) return inserted;
      continue;
    }
    if (stored.status === "submitted" && !allowEditAfterSubmit) throw alreadySubmitted(formOfAddress);
    if (stored.revision === request.baseRevision) {
      const written = await writeOver(db, stored, request.answers, request);
      if (written) return written;
      continue;
    }
    const { merged, conflicts } = mergeAnswers({
      incoming: request.answers,
      baseRevision: request.baseRevision,
      changed: request.changed,
      stored: stored.answers,
      storedRevisions: stored.answer_revisions,
    });
    if (conflicts.length > 0) {
      throw respondentError(409, "answer_conflict", respondentMessages.answerConflict(), formOfAddress, {
        revision: stored.revision,
        answers: stored.answers,
        conflicts,
        updatedAt: stored.updated_at.toISOString(),
        lastDevice: stored.last_device,
      });
    }
    const written = await writeOver(db, stored, merged, request);
    if (written) return { ...written, mergedAnswers: merged };
  }
  throw respondentError(409, "revision_conflict", respondentMessages.revisionConflict(), formOfAddress);
}

async function insertFirst(db: Kysely<Database>, link: LinkRow, request: SaveRequest): Promise<SaveResult | null> {
  const status = request.submit ? ("submitted" as const) : ("draft" as const);
  const row = await db
    .insertInto("responses")
    .values({
      organisation_id: link.organisation_id,
      survey_id: link.survey_id,
      invitation_id: link.invitation_id,
      answers: JSON.stringify(request.answers),
      answer_revisions: JSON.stringify(Object.fromEntries(Object.keys(request.answers).map((question) => [question, 1]))),
      current_page: request.page,
      revision: 1,
      status,
      last_device: request.device,
      submitted_at: request.submit ? new Date() : null,
    })
    .onConflict((conflict) => conflict.column("invitation_id").doNothing())
    .returning(["id", "revision", "updated_at"])
    .executeTakeFirst();
  if (!row) return null;
  if (request.submit) await recordSubmission(db, link.organisation_id, row.id, row.revision, request.answers);
  return { revision: row.revision, savedAt: row.updated_at.toISOString(), status };
}

async function writeOver(db: Kysely<Database>, stored: Stored, answers: Record<string, unknown>, request: SaveRequest): Promise<SaveResult | null> {
  const nextRevision = stored.revision + 1;
  const status = request.submit || stored.status === "submitted" ? ("submitted" as const) : ("draft" as const);
  const touched = Object.fromEntries(changedQuestions(stored.answers, answers).map((question) => [question, nextRevision]));
  const row = await db
    .updateTable("responses")
    .set({
      answers: JSON.stringify(answers),
      answer_revisions: sql`answer_revisions || ${JSON.stringify(touched)}::jsonb`,
      current_page: request.page,
      revision: nextRevision,
      status,
      last_device: request.device,
      updated_at: new Date(),
      ...(request.submit ? { submitted_at: new Date() } : {}),
    })
    .where("id", "=", stored.id)
    .where("revision", "=", stored.revision)
    .returning(["revision", "updated_at", "organisation_id"])
    .executeTakeFirst();
  if (!row) return null;
  if (request.submit) await recordSubmission(db, row.organisation_id, stored.id, row.revision, answers);
  return { revision: row.revision, savedAt: row.updated_at.toISOString(), status };
}

/** Keeps each submission, so re-submitted answers never erase what was sent before. */
export async function recordSubmission(db: Kysely<Database>, organisationId: string, responseId: string, revision: number, answers: Record<string, unknown>) {
  await db
    .insertInto("response_submissions")
    .values({ organisation_id: organisationId, response_id: responseId, revision, answers: JSON.stringify(answers) })
    .execute();
}
