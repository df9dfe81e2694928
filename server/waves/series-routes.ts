import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { requireSession } from "../auth/middleware.ts";
import type { AppEnv } from "../lib/context.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { findOrganisationSurvey, isUuid, organisationSurvey } from "../lib/tenant-survey.ts";
import {
  assignSurveyToSeries,
  createSeries,
  deleteSeries,
  findSeries,
  listSeries,
  removeSurveyFromSeries,
  renameSeries,
  surveySeriesState,
} from "./series.ts";

/** The same for a series named in the path. */
const organisationSeries = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.param("id");
  if (isUuid(id)) await findSeries(c.var.services.db, c.var.session.organisationId, id);
  await next();
});

const seriesName = z.string().trim().min(1).max(200).openapi({ example: "Bestandsaufnahme Angebote" });
const waveLabel = z.string().trim().min(1).max(100).openapi({ example: "2026" });

const waveSchema = z
  .object({
    surveyId: z.string(),
    title: z.string(),
    waveLabel: z.string(),
    status: z.enum(["draft", "open", "closed"]),
    openedAt: z.string().nullable(),
  })
  .openapi("SeriesWave", { description: "A survey of a series. Waves are ordered by when they were opened, then by label." });

const seriesSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), waves: z.array(waveSchema) })
  .openapi("SurveySeries");

const surveySeriesSchema = z
  .object({
    surveyId: z.string(),
    series: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: "null: the survey is in no series." }),
    waveLabel: z.string(),
    waves: z.array(waveSchema).openapi({ description: "All waves of the series in order, this survey among them." }),
  })
  .openapi("SurveySeriesState");

const assignmentSchema = z
  .object({
    seriesId: z.uuid().optional().openapi({ description: "An existing series of the organisation." }),
    newSeriesName: seriesName.optional().openapi({ description: "Or a series by name: created, or joined when one of that name exists." }),
    waveLabel,
  })
  .refine((body) => (body.seriesId === undefined) !== (body.newSeriesName === undefined), {
    message: "Give either seriesId or newSeriesName",
    path: ["seriesId"],
  })
  .openapi("SeriesAssignment");

const listRoute = createRoute({
  method: "get",
  path: "/series",
  tags: ["Series"],
  summary: "The organisation's survey series, each with its waves in order",
  middleware: [requireSession] as const,
  responses: { 200: json(z.object({ series: z.array(seriesSchema) })) },
});

const createSeriesRoute = createRoute({
  method: "post",
  path: "/series",
  tags: ["Series"],
  summary: "Create a series (409 when the organisation has one of that name)",
  middleware: [requireSession] as const,
  request: jsonBody(z.object({ name: seriesName })),
  responses: { 201: json(seriesSchema), ...errorResponses },
});

const getSeriesRoute = createRoute({
  method: "get",
  path: "/series/{id}",
  tags: ["Series"],
  middleware: [requireSession, organisationSeries] as const,
  request: { params: uuidParam },
  responses: { 200: json(seriesSchema), ...errorResponses },
});

const renameSeriesRoute = createRoute({
  method: "patch",
  path: "/series/{id}",
  tags: ["Series"],
  summary: "Rename a series",
  middleware: [requireSession, organisationSeries] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ name: seriesName })) },
  responses: { 200: json(seriesSchema), ...errorResponses },
});

const deleteSeriesRoute = createRoute({
  method: "delete",
  path: "/series/{id}",
  tags: ["Series"],
  summary: "Delete a series; its surveys stay, outside any series",
  middleware: [requireSession, organisationSeries] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ ok: z.literal(true), releasedSurveys: z.number().int() })), ...errorResponses },
});

const getSurveySeriesRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/series",
  tags: ["Series"],
  summary: "The series the survey is a wave of, its wave label and the series' waves",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveySeriesSchema), ...errorResponses },
});

const putSurveySeriesRoute = createRoute({
  method: "put",
  path: "/surveys/{id}/series",
  tags: ["Series"],
  summary: "Make the survey a wave of a series (an existing one by id, or one by name) with a wave label",
  description: "Exactly one of `seriesId` and `newSeriesName`. Two waves of a series cannot share a label (409 `wave_label_taken`).",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(assignmentSchema) },
  responses: { 200: json(surveySeriesSchema), ...errorResponses },
});

const deleteSurveySeriesRoute = createRoute({
  method: "delete",
  path: "/surveys/{id}/series",
  tags: ["Series"],
  summary: "Take the survey out of its series",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(surveySeriesSchema), ...errorResponses },
});

/** Survey series of the organisation, and which series (with which wave label) a survey belongs to. */
export const seriesRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ series: await listSeries(c.var.services.db, c.var.session.organisationId) }, 200))
  .openapi(createSeriesRoute, async (c) => c.json(await createSeries(c.var.services.db, c.var.session.organisationId, c.req.valid("json").name), 201))
  .openapi(getSeriesRoute, async (c) => c.json(await findSeries(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200))
  .openapi(renameSeriesRoute, async (c) => {
    const series = await renameSeries(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id, c.req.valid("json").name);
    return c.json(series, 200);
  })
  .openapi(deleteSeriesRoute, async (c) => {
    const releasedSurveys = await deleteSeries(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id);
    return c.json({ ok: true as const, releasedSurveys }, 200);
  })
  .openapi(getSurveySeriesRoute, async (c) => c.json(await surveySeriesState(c.var.services.db, c.var.session.organisationId, c.var.survey), 200))
  .openapi(putSurveySeriesRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const body = c.req.valid("json");
    const survey = c.var.survey;
    await assignSurveyToSeries(
      db,
      organisationId,
      survey.id,
      body.seriesId !== undefined ? { seriesId: body.seriesId, waveLabel: body.waveLabel } : { newSeriesName: body.newSeriesName!, waveLabel: body.waveLabel },
    );
    return c.json(await surveySeriesState(db, organisationId, await findOrganisationSurvey(db, organisationId, survey.id)), 200);
  })
  .openapi(deleteSurveySeriesRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    await removeSurveyFromSeries(db, organisationId, c.var.survey.id);
    return c.json(await surveySeriesState(db, organisationId, await findOrganisationSurvey(db, organisationId, c.var.survey.id)), 200);
  });
