import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { surveyCounts, zeroCounts } from "../lib/survey-counts.ts";

/**
 * The organisation's surveys, newest first, with their invitation and response counts; surveys
 * being erased are gone already.
 *
 * ```ts
 * const surveys = await listSurveys(db, session.organisationId);
 * ```
 */
export async function listSurveys(db: Kysely<Database>, organisationId: string) {
  const surveys = await db
    .selectFrom("surveys")
    .select(["id", "title", "status", "closing_date", "created_at"])
    .where("organisation_id", "=", organisationId)
    .where("erasure_requested_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  const counts = await surveyCounts(db, organisationId, surveys.map((survey) => survey.id));
  return surveys.map((survey) => ({
    id: survey.id,
    title: survey.title,
    status: survey.status,
    closingDate: survey.closing_date,
    createdAt: survey.created_at.toISOString(),
    counts: counts.get(survey.id) ?? zeroCounts,
  }));
}
