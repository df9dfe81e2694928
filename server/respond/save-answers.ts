import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { LinkRow } from "./respondent-link.ts";

export interface SaveRequest {
  answers: Record<string, unknown>;
  page: number;
  /** The revision the respondent's copy was based on (0 before the first save). */
  baseRevision: number;
  submit: boolean;
}

export interface SaveResult {
  revision: number;
  savedAt: string;
  status: "draft" | "submitted";
}

const alreadySubmitted = () =>
  new ApiError(409, "already_submitted", {
    de: "Diese Antworten wurden bereits abgesendet und können nicht mehr geändert werden.",
    en: "These answers have already been submitted and can no longer be changed.",
  });

/**
 * Stores a draft or the final submission with optimistic concurrency: the write only applies
 * when the stored revision still equals the respondent's base revision. Otherwise a 409 hands
 * back the stored answers, so the client can merge instead of overwriting (never losing either side).
 */
export async function saveAnswers(db: Kysely<Database>, link: LinkRow, request: SaveRequest): Promise<SaveResult> {
  if (link.response_status === "submitted") throw alreadySubmitted();
  const status = request.submit ? ("submitted" as const) : ("draft" as const);
  const answers = JSON.stringify(request.answers);
  const now = new Date();
  let saved: { revision: number; updated_at: Date } | undefined;
  if (request.baseRevision === 0) {
    saved = await db
      .insertInto("responses")
      .values({
        organisation_id: link.organisation_id,
        survey_id: link.survey_id,
        invitation_id: link.invitation_id,
        answers,
        current_page: request.page,
        revision: 1,
        status,
        submitted_at: request.submit ? now : null,
      })
      .onConflict((conflict) => conflict.column("invitation_id").doNothing())
      .returning(["revision", "updated_at"])
      .executeTakeFirst();
  } else {
    saved = await db
      .updateTable("responses")
      .set({
        answers,
        current_page: request.page,
        revision: sql`revision + 1`,
        status,
        updated_at: now,
        submitted_at: request.submit ? now : null,
      })
      .where("invitation_id", "=", link.invitation_id)
      .where("revision", "=", request.baseRevision)
      .where("status", "=", "draft")
      .returning(["revision", "updated_at"])
      .executeTakeFirst();
  }
  if (saved) return { revision: saved.revision, savedAt: saved.updated_at.toISOString(), status };

  const current = await db
    .selectFrom("responses")
    .select(["answers", "revision", "status", "current_page", "updated_at"])
    .where("invitation_id", "=", link.invitation_id)
    .executeTakeFirst();
  if (current?.status === "submitted") throw alreadySubmitted();
  throw new ApiError(
    409,
    "revision_conflict",
    {
      de: "Die Antworten wurden inzwischen an anderer Stelle geändert.",
      en: "The answers were changed elsewhere in the meantime.",
    },
    {
      revision: current?.revision ?? 0,
      answers: current?.answers ?? {},
      page: current?.current_page ?? 0,
      updatedAt: current?.updated_at.toISOString() ?? null,
    },
  );
}
