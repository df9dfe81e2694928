import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { notFound } from "./api-error.ts";

/**
 * Loads a survey of the signed-in planner's organisation. A survey of another organisation is
 * reported exactly like a missing one (404), so ids reveal nothing across tenants.
 */
export async function findOrganisationSurvey(db: Kysely<Database>, organisationId: string, surveyId: string) {
  const survey = await db
    .selectFrom("surveys")
    .selectAll()
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!survey) throw notFound("Survey");
  return survey;
}
