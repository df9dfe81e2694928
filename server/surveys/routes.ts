import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { countsSchema, surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { definitionFor, loadPickedItems } from "./survey-service.ts";

const itemRefSchema = z.object({ itemId: z.string().min(1).max(200), version: z.number().int().min(1) });
const localized = z.object({ de: z.string(), en: z.string() });

const surveySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(["draft", "open", "closed"]),
  closingDate: z.string().nullable(),
  createdAt: z.string(),
  counts: countsSchema,
});

const surveyDetailSchema = surveySummarySchema
  .extend({
    intro: z.string(),
    items: z.array(
      itemRefSchema.extend({ title: localized, type: z.string(), module: z.string(), moduleTitle: localized }),
    ),
  })
  .openapi("Survey");

const closingDate = z.iso.date({ message: "Use the format YYYY-MM-DD" }).nullable();

const listRoute = createRoute({
  method: "get",
  path: "/surveys",
  tags: ["Surveys"],
  middleware: [requireSession] as const,
  responses: { 200: json(z.object({ surveys: z.array(surveySummarySchema) })) },
});

const createSurveyRoute = createRoute({
  method: "post",
  path: "/surveys",
  tags: ["Surveys"],
  summary: "Create a draft survey",
  middleware: [requireSession] as const,
  request: jsonBody(z.object({ title: z.string().trim().min(1).max(300) })),
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

const getRoute = createRoute({
  method: "get",
  path: "/surveys/{id}",
  tags: ["Surveys"],
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/surveys/{id}",
  tags: ["Surveys"],
  summary: "Change texts, closing date and (while a draft) the picked canon items and their order",
  middleware: [requireSession] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        title: z.string().trim().min(1).max(300).optional(),
        intro: z.string().max(10_000).optional(),
        closingDate: closingDate.optional(),
        items: z.array(itemRefSchema).max(500).optional(),
      }),
    ),
  },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const previewRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/preview",
  tags: ["Surveys"],
  summary: "The SurveyJS definition exactly as respondents will get it",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ definition: z.record(z.string(), z.unknown()) })), ...errorResponses },
});

const openRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/open",
  tags: ["Surveys"],
  summary: "Open the survey: freezes its definition so invitations can be sent",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const closeRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/close",
  tags: ["Surveys"],
  summary: "Close the survey: links then show that it has ended",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

async function surveyDetail(
  db: Parameters<typeof loadPickedItems>[0],
  organisationId: string,
  surveyId: string,
) {
  const survey = await findOrganisationSurvey(db, organisationId, surveyId);
  const items = await loadPickedItems(db, organisationId, survey.items);
  const counts = (await surveyCounts(db, organisationId, [survey.id])).get(survey.id) ?? zeroCounts;
  return {
    id: survey.id,
    title: survey.title,
    intro: survey.intro,
    status: survey.status,
    closingDate: survey.closing_date,
    createdAt: survey.created_at.toISOString(),
    counts,
    items: items.map((item) => ({
      itemId: item.item_id,
      version: item.version,
      title: (item.element.title as { de: string; en: string } | undefined) ?? { de: item.item_id, en: item.item_id },
      type: String(item.element.type ?? "text"),
      module: item.module,
      moduleTitle: item.module_title,
    })),
  };
}

export const surveyRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const surveys = await db
      .selectFrom("surveys")
      .select(["id", "title", "status", "closing_date", "created_at"])
      .where("organisation_id", "=", organisationId)
      .orderBy("created_at", "desc")
      .execute();
    const counts = await surveyCounts(db, organisationId, surveys.map((survey) => survey.id));
    return c.json(
      {
        surveys: surveys.map((survey) => ({
          id: survey.id,
          title: survey.title,
          status: survey.status,
          closingDate: survey.closing_date,
          createdAt: survey.created_at.toISOString(),
          counts: counts.get(survey.id) ?? zeroCounts,
        })),
      },
      200,
    );
  })
  .openapi(createSurveyRoute, async (c) => {
    const { title } = c.req.valid("json");
    const session = c.var.session;
    const created = await c.var.services.db
      .insertInto("surveys")
      .values({ organisation_id: session.organisationId, title, intro: "", items: "[]", created_by: session.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    return c.json({ id: created.id }, 201);
  })
  .openapi(getRoute, async (c) => {
    return c.json(await surveyDetail(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200);
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    if (body.items && survey.status !== "draft") {
      throw new ApiError(409, "survey_not_draft", {
        de: "Die Fragen einer geöffneten Umfrage können nicht mehr geändert werden.",
        en: "The questions of an opened survey can no longer be changed.",
      });
    }
    if (body.items) {
      const seen = new Set<string>();
      for (const ref of body.items) {
        if (seen.has(ref.itemId)) {
          throw new ApiError(400, "duplicate_item", {
            de: `Die Frage ${ref.itemId} ist doppelt ausgewählt.`,
            en: `The item ${ref.itemId} is picked twice.`,
          });
        }
        seen.add(ref.itemId);
      }
      await loadPickedItems(db, organisationId, body.items);
    }
    await db
      .updateTable("surveys")
      .set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.intro !== undefined ? { intro: body.intro } : {}),
        ...(body.closingDate !== undefined ? { closing_date: body.closingDate } : {}),
        ...(body.items !== undefined ? { items: JSON.stringify(body.items) } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .where("organisation_id", "=", organisationId)
      .execute();
    return c.json(await surveyDetail(db, organisationId, id), 200);
  })
  .openapi(previewRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, c.req.valid("param").id);
    const definition = survey.definition ?? (await definitionFor(db, organisationId, survey));
    return c.json({ definition }, 200);
  })
  .openapi(openRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    if (survey.status === "draft") {
      if (survey.items.length === 0) {
        throw new ApiError(409, "survey_empty", {
          de: "Bitte wählen Sie zuerst Fragen aus dem Kanon aus.",
          en: "Please pick questions from the canon first.",
        });
      }
      const definition = await definitionFor(db, organisationId, survey);
      await db
        .updateTable("surveys")
        .set({ status: "open", definition: JSON.stringify(definition), opened_at: new Date(), updated_at: new Date() })
        .where("id", "=", id)
        .where("organisation_id", "=", organisationId)
        .execute();
    } else if (survey.status === "closed") {
      await db
        .updateTable("surveys")
        .set({ status: "open", updated_at: new Date() })
        .where("id", "=", id)
        .where("organisation_id", "=", organisationId)
        .execute();
    }
    return c.json(await surveyDetail(db, organisationId, id), 200);
  })
  .openapi(closeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    if (survey.status !== "open") {
      throw new ApiError(409, "survey_not_open", {
        de: "Nur eine geöffnete Umfrage kann beendet werden.",
        en: "Only an open survey can be closed.",
      });
    }
    await db
      .updateTable("surveys")
      .set({ status: "closed", updated_at: new Date() })
      .where("id", "=", id)
      .where("organisation_id", "=", organisationId)
      .execute();
    return c.json(await surveyDetail(db, organisationId, id), 200);
  });
