import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database, MailTemplateKind } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import type { Language } from "../lib/languages.ts";
import type { OrganisationSurvey } from "../lib/tenant-survey.ts";
import { defaultTemplate, PLACEHOLDERS, templateProblems, type MailTemplate } from "./mail-template.ts";
import { mailVoiceOf, surveyTemplate } from "./survey-mailing.ts";

/**
 * The survey's invitation and reminder wording in every language (its own or Kanon's default),
 * and the placeholders a wording may use.
 *
 * ```ts
 * const { de, en, placeholders } = await surveyMailTemplates(db, survey);
 * ```
 */
export async function surveyMailTemplates(db: Kysely<Database>, survey: OrganisationSurvey) {
  const wording = async (language: Language) => ({
    invitation: await surveyTemplate(db, survey.id, "invitation", language, mailVoiceOf(survey)),
    reminder: await surveyTemplate(db, survey.id, "reminder", language, mailVoiceOf(survey)),
  });
  return { de: await wording("de"), en: await wording("en"), placeholders: [...PLACEHOLDERS] };
}

/**
 * Saves the survey's own wording of one mail in one language, after checking its placeholders
 * (400 `invalid_template` for unknown ones or a missing {{link}}); returns the stored wording.
 */
export async function saveSurveyMailTemplate(
  db: Kysely<Database>,
  survey: OrganisationSurvey,
  kind: MailTemplateKind,
  language: Language,
  template: MailTemplate,
) {
  const problems = templateProblems(template);
  if (problems.length > 0) throw invalidTemplate(problems);
  await db
    .insertInto("survey_mail_templates")
    .values({ survey_id: survey.id, organisation_id: survey.organisation_id, kind, language, subject: template.subject, body: template.body })
    .onConflict((conflict) =>
      conflict.columns(["survey_id", "kind", "language"]).doUpdateSet({ subject: template.subject, body: template.body, updated_at: sql<Date>`now()` }),
    )
    .execute();
  return surveyTemplate(db, survey.id, kind, language, mailVoiceOf(survey));
}

/** Drops the survey's own wording of one mail in one language; returns Kanon's default that applies again. */
export async function resetSurveyMailTemplate(db: Kysely<Database>, survey: OrganisationSurvey, kind: MailTemplateKind, language: Language) {
  await db
    .deleteFrom("survey_mail_templates")
    .where("survey_id", "=", survey.id)
    .where("organisation_id", "=", survey.organisation_id)
    .where("kind", "=", kind)
    .where("language", "=", language)
    .execute();
  return { ...defaultTemplate(language, kind, mailVoiceOf(survey)), isDefault: true };
}

function invalidTemplate(problems: ReturnType<typeof templateProblems>) {
  const unknown = problems.flatMap((problem) => (problem.code === "unknown_placeholder" ? [`{{${problem.placeholder}}}`] : []));
  const missingLink = problems.some((problem) => problem.code === "missing_link");
  return new ApiError(
    400,
    "invalid_template",
    {
      de: [
        ...(unknown.length ? [`Unbekannte Platzhalter: ${unknown.join(", ")}.`] : []),
        ...(missingLink ? ["Der Text braucht den Platzhalter {{link}}, sonst erreicht niemand die Umfrage."] : []),
      ].join(" "),
      en: [
        ...(unknown.length ? [`Unknown placeholders: ${unknown.join(", ")}.`] : []),
        ...(missingLink ? ["The text needs the {{link}} placeholder, or nobody can reach the survey."] : []),
      ].join(" "),
    },
    problems,
  );
}
