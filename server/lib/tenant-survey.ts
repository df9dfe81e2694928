import { createMiddleware } from "hono/factory";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { notFound } from "./api-error.ts";
import type { AppEnv } from "./context.ts";

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
    // A deleted survey is gone from its confirmation on, while the eraser still removes its rows.
    .where("erasure_requested_at", "is", null)
    .executeTakeFirst();
  if (!survey) throw notFound("Survey");
  return survey;
}

export type OrganisationSurvey = Awaited<ReturnType<typeof findOrganisationSurvey>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path parameter is shaped like an id (anything else is left to the parameter check: 400). */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

/**
 * Route middleware: loads the survey named by the path's `{id}` for the signed-in planner's
 * organisation before the query and body are validated, so another organisation's survey is a
 * 404 whatever else the request says. The survey is then `c.var.survey`.
 */
export const organisationSurvey = createMiddleware<{ Variables: AppEnv["Variables"] & { survey: OrganisationSurvey } }>(async (c, next) => {
  const id = c.req.param("id");
  if (isUuid(id)) c.set("survey", await findOrganisationSurvey(c.var.services.db, c.var.session.organisationId, id));
  await next();
});
