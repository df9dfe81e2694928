import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { notFound } from "../lib/api-error.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { audienceColumnsOf, elementsOf, textsOf } from "./survey-service.ts";

/**
 * The survey templates a planner may start from: the organisation's own first, then the shipped
 * ones, each by name.
 *
 * ```ts
 * const templates = await listSurveyTemplates(db, session.organisationId);
 * ```
 */
export async function listSurveyTemplates(db: Kysely<Database>, organisationId: string) {
  const rows = await db
    .selectFrom("survey_templates")
    .selectAll()
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .orderBy("organisation_id", "desc")
    .orderBy("name")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    own: row.organisation_id !== null,
    pageCount: row.structure.pages.length,
    questionCount: elementsOf(row.structure).length,
  }));
}

/**
 * Saves a survey's texts, questions and audience settings as a template of the organisation
 * (404 for a survey it does not have). Returns the template's id.
 */
export async function saveSurveyTemplate(
  db: Kysely<Database>,
  owner: { organisationId: string; userId: string },
  template: { surveyId: string; name: string; description: string },
): Promise<string> {
  const survey = await findOrganisationSurvey(db, owner.organisationId, template.surveyId);
  const created = await db
    .insertInto("survey_templates")
    .values({
      organisation_id: owner.organisationId,
      name: template.name,
      description: template.description,
      texts: JSON.stringify(textsOf(survey)),
      structure: JSON.stringify(survey.structure),
      ...audienceColumnsOf(survey),
      created_by: owner.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

/** Deletes one of the organisation's own templates (404 for a shipped one or another organisation's). */
export async function deleteSurveyTemplate(db: Kysely<Database>, organisationId: string, templateId: string): Promise<void> {
  const deleted = await db
    .deleteFrom("survey_templates")
    .where("id", "=", templateId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound("Template");
}
