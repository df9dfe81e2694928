/**
 * The example's surveys, made the way a planner makes them: a draft from one of the shipped
 * templates (built from canon items), closing date and privacy mode set, opened (which freezes
 * the definition), later closed; share links for networks. Through the surveys' and sharing's
 * own services, with the audit entries the routes write, dated as planned.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { createNetworkView, type NetworkViewMode } from "../sharing/network-view-service.ts";
import { closeSurvey, createSurvey, openSurvey } from "../surveys/survey-service.ts";

export interface Planner {
  organisationId: string;
  userId: string;
  userName: string;
}

export interface ExampleSurveyRequest {
  /** Key of a shipped template (questionnaires/templates/<key>.json). */
  templateKey: string;
  title: string;
  titleEn: string;
  /** YYYY-MM-DD. */
  closingDate: string;
  privacyMode: PrivacyMode;
  createdAt: Date;
  openedAt: Date;
}

export interface OpenedSurvey {
  id: string;
  title: string;
  privacyMode: PrivacyMode;
  /** The frozen SurveyJS definition respondents answer. */
  definition: Record<string, unknown>;
}

/** Creates a survey from a shipped template and opens it. */
export async function openSurveyFromTemplate(db: Kysely<Database>, planner: Planner, request: ExampleSurveyRequest): Promise<OpenedSurvey> {
  const template = await db
    .selectFrom("survey_templates")
    .select("id")
    .where("template_key", "=", request.templateKey)
    .where("organisation_id", "is", null)
    .executeTakeFirst();
  if (!template) throw new Error(`the shipped template ${request.templateKey} is not loaded`);
  const { organisationId, userId, userName } = planner;
  const id = await createSurvey(db, { organisationId, userId, title: request.title, templateId: template.id, at: request.createdAt });
  await recordAudit(db, { organisationId, userId, userName, action: "survey.created", targetType: "survey", targetId: id, targetLabel: request.title, details: { templateId: template.id }, at: request.createdAt });
  await db
    .updateTable("surveys")
    .set({ title_en: request.titleEn, closing_date: request.closingDate, privacy_mode: request.privacyMode })
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .execute();
  await openSurvey(db, organisationId, id, request.openedAt);
  await recordAudit(db, { organisationId, userId, userName, action: "survey.opened", targetType: "survey", targetId: id, targetLabel: request.title, at: request.openedAt });
  const survey = await findOrganisationSurvey(db, organisationId, id);
  return { id, title: survey.title, privacyMode: survey.privacy_mode, definition: survey.definition! };
}

/** Closes a survey (its links then say that it has ended). */
export async function closeExampleSurvey(db: Kysely<Database>, planner: Planner, survey: OpenedSurvey, at: Date): Promise<void> {
  await closeSurvey(db, planner.organisationId, survey.id, at);
  await recordAudit(db, { ...planner, action: "survey.closed", targetType: "survey", targetId: survey.id, targetLabel: survey.title, at });
}

/** A network's share link to a survey's results; returns the token (shown once: only its hash is stored). */
export async function shareWithNetwork(
  db: Kysely<Database>,
  planner: Planner,
  request: { survey: OpenedSurvey; networkId: string; mode: NetworkViewMode; at: Date },
): Promise<{ id: string; token: string; networkName: string }> {
  const { survey, networkId, mode, at } = request;
  return db.transaction().execute(async (trx) => {
    const view = await createNetworkView(trx, {
      organisationId: planner.organisationId,
      survey: { id: survey.id, privacy_mode: survey.privacyMode },
      networkId,
      mode,
      createdBy: planner.userId,
    });
    await trx.updateTable("network_views").set({ created_at: at }).where("id", "=", view.id).execute();
    await recordAudit(trx, {
      ...planner,
      action: "network_view.created",
      targetType: "network_view",
      targetId: view.id,
      targetLabel: `${survey.title} – ${view.networkName}`,
      details: { surveyId: survey.id, networkId, mode },
      at,
    });
    return view;
  });
}
