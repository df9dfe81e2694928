import { z } from "@hono/zod-openapi";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

/** Response and invitation counts per survey, for lists and dashboards. */
export async function surveyCounts(db: Kysely<Database>, organisationId: string, surveyIds: string[]) {
  if (surveyIds.length === 0) return new Map<string, Counts>();
  const rows = await db
    .selectFrom("invitations")
    .leftJoin("responses", "responses.invitation_id", "invitations.id")
    .select([
      "invitations.survey_id",
      sql<number>`count(*)::int`.as("invited"),
      sql<number>`count(*) filter (where invitations.mail_status = 'sent')::int`.as("sent"),
      sql<number>`count(*) filter (where invitations.mail_status = 'failed')::int`.as("failed"),
      sql<number>`count(invitations.opened_at)::int`.as("opened"),
      sql<number>`count(*) filter (where responses.status = 'draft')::int`.as("draft"),
      sql<number>`count(*) filter (where responses.status = 'submitted' or invitations.anonymous_submitted)::int`.as("submitted"),
    ])
    .where("invitations.organisation_id", "=", organisationId)
    .where("invitations.survey_id", "in", surveyIds)
    .groupBy("invitations.survey_id")
    .execute();
  return new Map(rows.map(({ survey_id, ...counts }) => [survey_id, counts]));
}

export interface Counts {
  invited: number;
  sent: number;
  failed: number;
  opened: number;
  draft: number;
  submitted: number;
}

export const zeroCounts: Counts = { invited: 0, sent: 0, failed: 0, opened: 0, draft: 0, submitted: 0 };

/** The counts as they appear in API responses. */
export const countsSchema = z
  .object({
    invited: z.number(),
    sent: z.number(),
    failed: z.number(),
    opened: z.number(),
    draft: z.number(),
    submitted: z.number(),
  })
  .openapi("SurveyCounts");
