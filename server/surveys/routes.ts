import { createRoute, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import type { Database, SurveyElement, SurveyStructure } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { answerOptionsOf, localizedOf } from "../lib/question-options.ts";
import { AUDIENCES, FORMS_OF_ADDRESS } from "../lib/survey-audience.ts";
import { surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { canonElementsOf, isOwnElement, questionKeyOf, questionNamesIn } from "../lib/survey-structure.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { releaseAfterRequest } from "../respond/release-anonymous-answers.ts";
import { audienceChanges, audienceSettingsDetail } from "./audience-settings.ts";
import {
  audienceColumnsOf,
  closeSurvey,
  createSurvey,
  definitionFor,
  elementsOf,
  insertSurvey,
  itemKey,
  loadItems,
  openSurvey,
  suggestedAudience,
  structureFromInput,
  textsOf,
  validateStructure,
} from "./survey-service.ts";
import {
  audienceInput,
  structureInput,
  surveyDetailSchema,
  surveyElementInput,
  surveySummarySchema,
  templateSchema,
  textsInput,
} from "./survey-schemas.ts";

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
  summary: "Create a draft survey, empty or from a template",
  middleware: [requireSession] as const,
  request: jsonBody(z.object({ title: textsInput.title, templateId: z.uuid().optional() })),
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
  summary: "Change texts, settings, closing date and (while a draft) the pages and questions",
  description:
    "`pages` replaces the whole structure. `items` is a shorthand for a single page of optional questions. " +
    "`audience` and `formOfAddress` set to null follow Kanon's suggestion again; an empty `privacyNotice` uses the default for the audience.",
  middleware: [requireSession] as const,
  request: {
    params: uuidParam,
    ...jsonBody(
      z.object({
        title: textsInput.title.optional(),
        intro: textsInput.intro.optional(),
        closingText: textsInput.closingText.optional(),
        titleEn: textsInput.titleEn.optional(),
        introEn: textsInput.introEn.optional(),
        closingTextEn: textsInput.closingTextEn.optional(),
        closingDate: closingDate.optional(),
        allowEditAfterSubmit: z.boolean().optional(),
        privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]).optional(),
        audience: audienceInput.audience.optional(),
        formOfAddress: audienceInput.formOfAddress.optional(),
        privacyNotice: audienceInput.privacyNotice.optional(),
        privacyNoticeEn: audienceInput.privacyNoticeEn.optional(),
        pages: structureInput.shape.pages.optional(),
        items: z.array(surveyElementInput.pick({ itemId: true, version: true })).max(500).optional(),
      }),
    ),
  },
  responses: { 200: json(surveyDetailSchema), ...errorResponses },
});

const previewRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/preview",
  tags: ["Surveys"],
  summary: "The SurveyJS definition exactly as respondents will get it, with what they read before the first question",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        definition: z.record(z.string(), z.unknown()),
        audience: z.enum(AUDIENCES),
        formOfAddress: z.enum(FORMS_OF_ADDRESS),
        privacyNotice: z.object({ de: z.string(), en: z.string() }),
        privacyModeSentence: z.object({ de: z.string(), en: z.string() }),
      }),
    ),
    ...errorResponses,
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/export",
  tags: ["Surveys"],
  summary: "Download the survey as a SurveyJS JSON file",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.record(z.string(), z.unknown()), "SurveyJS JSON"), ...errorResponses },
});

const surveyAction = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: "post",
    path,
    tags: ["Surveys"],
    summary,
    middleware: [requireSession] as const,
    request: { params: uuidParam },
    responses: { 200: json(surveyDetailSchema), ...errorResponses },
  });

const openRoute = surveyAction("/surveys/{id}/open", "Open the survey: freezes its definition so invitations can be sent");
const closeRoute = surveyAction("/surveys/{id}/close", "Close the survey: links then show that it has ended");

const duplicateRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/duplicate",
  tags: ["Surveys"],
  summary: "Copy a survey (texts and questions, same item versions) into a new draft",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

const listTemplatesRoute = createRoute({
  method: "get",
  path: "/templates",
  tags: ["Templates"],
  summary: "Survey templates: shipped ones and the organisation's own",
  middleware: [requireSession] as const,
  responses: { 200: json(z.object({ templates: z.array(templateSchema) })) },
});

const saveTemplateRoute = createRoute({
  method: "post",
  path: "/templates",
  tags: ["Templates"],
  summary: "Save a survey's texts and questions as a template of the organisation",
  middleware: [requireSession] as const,
  request: jsonBody(
    z.object({ surveyId: z.uuid(), name: z.string().trim().min(1).max(200), description: z.string().max(2000).default("") }),
  ),
  responses: { 201: json(z.object({ id: z.string() })), ...errorResponses },
});

const deleteTemplateRoute = createRoute({
  method: "delete",
  path: "/templates/{id}",
  tags: ["Templates"],
  summary: "Delete one of the organisation's own templates",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...errorResponses },
});

const notDraft = () =>
  new ApiError(409, "survey_not_draft", {
    de: "Die Fragen einer geöffneten Umfrage können nicht mehr geändert werden.",
    en: "The questions of an opened survey can no longer be changed.",
  });

const privacyFixed = () =>
  new ApiError(409, "privacy_mode_fixed", {
    de: "Der Datenschutz-Modus einer geöffneten Umfrage steht fest: Befragte wurden vor dem Start darüber informiert.",
    en: "The privacy mode of an opened survey is fixed: respondents were told about it before they started.",
  });

const anonymousCannotEdit = () =>
  new ApiError(409, "anonymous_cannot_edit", {
    de: "In einer anonymen Umfrage können abgeschickte Antworten nicht mehr geändert werden: Sie sind danach mit keiner Einladung mehr verbunden.",
    en: "In an anonymous survey submitted answers cannot be changed: afterwards they are linked to no invitation.",
  });

/** The survey as the builder shows it: texts, and every placed question with its details. */
const OWN_ELEMENT_LABEL = { de: "Eigene Frage dieser Umfrage", en: "This survey's own question" };

/** A survey's own (imported) element as the builder shows it: title, type and the names inside. */
function placeOwn(placed: Extract<SurveyElement, { element: unknown }>) {
  const element = placed.element;
  const name = questionKeyOf(placed);
  const names = questionNamesIn(placed);
  return {
    itemId: name,
    version: 0,
    own: true,
    names,
    ...(element.type === "panel" ? { questionCount: names.length - 1 } : {}),
    ...(typeof element.canonId === "string" ? { canonId: element.canonId } : {}),
    required: placed.required,
    ...(placed.visibleIf ? { visibleIf: placed.visibleIf } : {}),
    title: localizedOf(element.title, name),
    type: String(element.type ?? "text"),
    module: "",
    moduleTitle: OWN_ELEMENT_LABEL,
    choices: answerOptionsOf(element).map((option) => ({ value: option.value, text: option.label })),
    latestVersion: 0,
    retired: false,
  };
}

/** The survey as the builder shows it: texts, and every placed question with its details. */
async function surveyDetail(db: Kysely<Database>, organisationId: string, surveyId: string) {
  const survey = await findOrganisationSurvey(db, organisationId, surveyId);
  const elements = canonElementsOf(survey.structure);
  const items = await loadItems(db, organisationId, elements);
  const latest = new Map(
    elements.length === 0
      ? []
      : (
          await db
            .selectFrom("canon_items")
            .select(["item_id", (eb) => eb.fn.max("version").as("latest")])
            .where("item_id", "in", [...new Set(elements.map((element) => element.itemId))])
            .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
            .groupBy("item_id")
            .execute()
        ).map((row) => [row.item_id, Number(row.latest)]),
  );
  const counts = (await surveyCounts(db, organisationId, [survey.id])).get(survey.id) ?? zeroCounts;
  const place = (element: SurveyElement) => {
    if (isOwnElement(element)) return placeOwn(element);
    const item = items.get(itemKey(element.itemId, element.version))!;
    return {
      itemId: element.itemId,
      version: element.version,
      own: false,
      names: [element.itemId],
      required: element.required,
      ...(element.visibleIf ? { visibleIf: element.visibleIf } : {}),
      title: localizedOf(item.element.title, item.item_id),
      type: String(item.element.type ?? "text"),
      module: item.module,
      moduleTitle: item.module_title,
      choices: answerOptionsOf(item.element).map((option) => ({ value: option.value, text: option.label })),
      latestVersion: latest.get(element.itemId) ?? element.version,
      retired: item.retired_at !== null,
    };
  };
  const pages = survey.structure.pages.map((page) => ({
    id: page.id,
    title: page.title,
    ...(page.visibleIf ? { visibleIf: page.visibleIf } : {}),
    elements: page.elements.map(place),
  }));
  return {
    id: survey.id,
    title: survey.title,
    intro: survey.intro,
    texts: textsOf(survey),
    status: survey.status,
    closingDate: survey.closing_date,
    allowEditAfterSubmit: survey.allow_edit_after_submit,
    privacyMode: survey.privacy_mode,
    ...(await audienceSettingsDetail(db, organisationId, survey, suggestedAudience(items))),
    createdAt: survey.created_at.toISOString(),
    counts,
    pages,
    items: pages.flatMap((page) => page.elements),
    importSource: survey.import_source ?? null,
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
      .where("erasure_requested_at", "is", null)
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
    const { title, templateId } = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const id = await createSurvey(db, { organisationId: session.organisationId, userId: session.userId, title, templateId });
    await recordAudit(db, {
      ...auditActor(session),
      action: "survey.created",
      targetType: "survey",
      targetId: id,
      targetLabel: title,
      ...(templateId ? { details: { templateId } } : {}),
    });
    return c.json({ id }, 201);
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
    let structure: SurveyStructure | undefined;
    if (body.pages) structure = structureFromInput(body.pages, survey.structure);
    else if (body.items) {
      structure = { pages: [{ id: "page-1", title: null, elements: body.items.map((item) => ({ ...item, required: false })) }] };
    }
    if (structure) {
      if (survey.status !== "draft") throw notDraft();
      await validateStructure(db, organisationId, structure, survey.structure);
    }
    // Respondents are told the privacy mode before they start: it is fixed once the survey is open.
    if (body.privacyMode !== undefined && body.privacyMode !== survey.privacy_mode && survey.status !== "draft") throw privacyFixed();
    const privacyMode = body.privacyMode ?? survey.privacy_mode;
    if (privacyMode === "anonymous" && body.allowEditAfterSubmit === true) throw anonymousCannotEdit();
    const audience = audienceChanges(survey, body);
    await db
      .updateTable("surveys")
      .set({
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.intro !== undefined ? { intro: body.intro } : {}),
        ...(body.closingText !== undefined ? { closing_text: body.closingText } : {}),
        ...(body.titleEn !== undefined ? { title_en: body.titleEn } : {}),
        ...(body.introEn !== undefined ? { intro_en: body.introEn } : {}),
        ...(body.closingTextEn !== undefined ? { closing_text_en: body.closingTextEn } : {}),
        ...(body.closingDate !== undefined ? { closing_date: body.closingDate } : {}),
        ...(body.allowEditAfterSubmit !== undefined ? { allow_edit_after_submit: body.allowEditAfterSubmit } : {}),
        ...(body.privacyMode !== undefined ? { privacy_mode: body.privacyMode } : {}),
        // Anonymous answers are detached from their invitation on submit, so they cannot be opened again to be changed.
        ...(privacyMode === "anonymous" ? { allow_edit_after_submit: false } : {}),
        ...audience,
        ...(structure ? { structure: JSON.stringify(structure) } : {}),
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
    const built = survey.definition ? null : await definitionFor(db, organisationId, survey);
    const definition = survey.definition ?? built!.definition;
    // An open survey's audience is fixed; a draft's follows its questions unless chosen.
    const suggested = survey.audience ?? built?.audience ?? "institutions";
    const { audience, formOfAddress, effectivePrivacyNotice, privacyModeSentence } = await audienceSettingsDetail(db, organisationId, survey, suggested);
    return c.json({ definition, audience, formOfAddress, privacyNotice: effectivePrivacyNotice, privacyModeSentence }, 200);
  })
  .openapi(exportRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, c.req.valid("param").id);
    const definition = survey.definition ?? (await definitionFor(db, organisationId, survey)).definition;
    const fileName = `${survey.title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "umfrage"}.json`;
    c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    await recordAudit(db, { ...auditActor(c.var.session), action: "survey.exported", targetType: "survey", targetId: survey.id, targetLabel: survey.title, details: { format: "surveyjs" } });
    return c.json(definition, 200);
  })
  .openapi(openRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    const outcome = await openSurvey(db, organisationId, id);
    if (outcome !== "unchanged") {
      const action = outcome === "opened" ? "survey.opened" : "survey.reopened";
      await recordAudit(db, { ...auditActor(c.var.session), action, targetType: "survey", targetId: id, targetLabel: survey.title });
    }
    return c.json(await surveyDetail(db, organisationId, id), 200);
  })
  .openapi(closeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const survey = await findOrganisationSurvey(db, organisationId, id);
    await closeSurvey(db, organisationId, id);
    // Anonymous answers that are due go now; fewer than k keep waiting (shown with the results).
    await releaseAfterRequest(db, { surveyId: id });
    await recordAudit(db, { ...auditActor(c.var.session), action: "survey.closed", targetType: "survey", targetId: id, targetLabel: survey.title });
    return c.json(await surveyDetail(db, organisationId, id), 200);
  })
  .openapi(duplicateRoute, async (c) => {
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, c.req.valid("param").id);
    const texts = textsOf(survey);
    const id = await insertSurvey(db, {
      organisationId: session.organisationId,
      userId: session.userId,
      texts: { ...texts, title: `${texts.title} (Kopie)`.slice(0, 300), titleEn: texts.titleEn ? `${texts.titleEn} (copy)`.slice(0, 300) : "" },
      structure: survey.structure,
      settings: {
        privacy_mode: survey.privacy_mode,
        allow_edit_after_submit: survey.allow_edit_after_submit,
        max_reminders: survey.max_reminders,
        series_id: survey.series_id,
        ...audienceColumnsOf(survey),
      },
    });
    await recordAudit(db, {
      ...auditActor(session),
      action: "survey.duplicated",
      targetType: "survey",
      targetId: survey.id,
      targetLabel: survey.title,
      details: { copyId: id },
    });
    return c.json({ id }, 201);
  })
  .openapi(listTemplatesRoute, async (c) => {
    const organisationId = c.var.session.organisationId;
    const rows = await c.var.services.db
      .selectFrom("survey_templates")
      .selectAll()
      .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
      .orderBy("organisation_id", "desc")
      .orderBy("name")
      .execute();
    return c.json(
      {
        templates: rows.map((row) => ({
          id: row.id,
          name: row.name,
          description: row.description,
          own: row.organisation_id !== null,
          pageCount: row.structure.pages.length,
          questionCount: elementsOf(row.structure).length,
        })),
      },
      200,
    );
  })
  .openapi(saveTemplateRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = await findOrganisationSurvey(db, session.organisationId, body.surveyId);
    const created = await db
      .insertInto("survey_templates")
      .values({
        organisation_id: session.organisationId,
        name: body.name,
        description: body.description,
        texts: JSON.stringify(textsOf(survey)),
        structure: JSON.stringify(survey.structure),
        ...audienceColumnsOf(survey),
        created_by: session.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return c.json({ id: created.id }, 201);
  })
  .openapi(deleteTemplateRoute, async (c) => {
    const deleted = await c.var.services.db
      .deleteFrom("survey_templates")
      .where("id", "=", c.req.valid("param").id)
      .where("organisation_id", "=", c.var.session.organisationId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw notFound("Template");
    return c.json({ ok: true as const }, 200);
  });
