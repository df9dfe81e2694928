import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AppEnv } from "../lib/context.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { AUDIENCES, FORMS_OF_ADDRESS } from "../lib/survey-audience.ts";
import { surveyLocale } from "../lib/surveyjs-du-locale.ts";
import { colleagueLinkRoutes } from "./colleague-links-routes.ts";
import { deviceLabel } from "./device-label.ts";
import { holdAnonymousSubmission } from "./hold-anonymous-submission.ts";
import { lookUp } from "./look-up-link.ts";
import { isSurveyClosed, loadSurveyAndAnswers, respondentAddressOf, surveyClosedError, type LinkRow } from "./respondent-link.ts";
import { releaseAfterRequest } from "./release-anonymous-answers.ts";
import { respondentError, respondentMessages } from "./respondent-messages.ts";
import { alreadySubmitted, saveCarefully, type SaveRequest } from "./save-answers.ts";
import { SaveBatcher } from "./save-batcher.ts";
import { typeAnswersOfLink } from "./typed-save.ts";
import { hasValidationModel, validateSubmission, validationModel } from "./validate-submission.ts";

const tokenParam = z.object({
  token: z.string().min(1).max(200).openapi({ param: { name: "token", in: "path" } }),
});

const answersSchema = z.record(z.string().max(300), z.unknown());

const saveBody = z.object({
  answers: answersSchema,
  page: z.number().int().min(0).max(1000).default(0),
  baseRevision: z.number().int().min(0).max(2_147_483_647),
  /** Questions changed since baseRevision; lets the server merge instead of asking. */
  changed: z.array(z.string().max(300)).max(5000).optional(),
});

const submitBody = saveBody.extend({ locale: z.enum(["de", "en"]).default("de") });

const saveResultSchema = z.object({
  revision: z.number(),
  savedAt: z.string(),
  status: z.enum(["draft", "submitted"]),
  mergedAnswers: answersSchema.optional(),
  rejected: z
    .array(
      z.object({
        question: z.string(),
        path: z.array(z.union([z.string(), z.number()])),
        message: z.object({ de: z.string(), en: z.string() }),
      }),
    )
    .optional()
    .openapi({
      description:
        "Values left out of the save because they do not fit their question (text or an object where a number belongs, a number out of range, an overlong text); everything else was saved. `path` says where inside the question (item, entry and field, row and column).",
    }),
});

const getRoute = createRoute({
  method: "get",
  path: "/r/{token}",
  tags: ["Respond"],
  summary: "Open a personal survey link: the survey and the saved answers",
  request: { params: tokenParam },
  responses: {
    200: json(
      z.object({
        organisationName: z.string(),
        /** Who the survey asks: institutions, networks or people (young people, parents). */
        audience: z.enum(AUDIENCES),
        /** How German texts address the respondent: formal "Sie" or informal "du". */
        formOfAddress: z.enum(FORMS_OF_ADDRESS),
        /** The privacy notice shown before the first question: the survey's own or the default for its audience. */
        privacyNotice: z.object({ de: z.string(), en: z.string() }),
        /** What the planner will see (the privacy mode), in one sentence for this audience and form of address. */
        privacyModeSentence: z.object({ de: z.string(), en: z.string() }),
        title: z.string(),
        definition: z.record(z.string(), z.unknown()),
        closingDate: z.string().nullable(),
        status: z.enum(["draft", "submitted"]),
        /** Submitted answers may still be changed (the survey allows it and is not closed). */
        canEdit: z.boolean(),
        answers: answersSchema,
        page: z.number(),
        revision: z.number(),
        updatedAt: z.string().nullable(),
        /** Coarse label of the device of the last edit, e.g. "Firefox · Windows". */
        lastDevice: z.string(),
        /** null after an anonymous submission: no time is kept. */
        submittedAt: z.string().nullable(),
        /** What the planner will see: answers per recipient, only in aggregates, or detached on submit and released in batches. */
        privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]),
        /** Submitted to an anonymous survey: the answers are no longer linked to this link and cannot be shown. */
        anonymousSubmitted: z.boolean(),
      }),
    ),
    ...errorResponses,
    410: json(z.unknown(), "Revoked link or closed survey"),
    429: json(z.unknown(), "Too many unknown links from this client"),
  },
});

const draftRoute = createRoute({
  method: "put",
  path: "/r/{token}/draft",
  tags: ["Respond"],
  summary: "Save the answers as a draft",
  description:
    "Optimistic: based on `baseRevision`. A save based on an older revision is merged question by question; questions changed on both sides come back as 409 `answer_conflict` with both values.",
  request: { params: tokenParam, ...jsonBody(saveBody) },
  responses: { 200: json(saveResultSchema), ...errorResponses, 410: json(z.unknown(), "Closed") },
});

const submitRoute = createRoute({
  method: "post",
  path: "/r/{token}/submit",
  tags: ["Respond"],
  summary: "Submit the final answers (validated like the form: required, validators, conditions)",
  request: { params: tokenParam, ...jsonBody(submitBody) },
  responses: {
    200: json(saveResultSchema),
    ...errorResponses,
    410: json(z.unknown(), "Closed"),
    422: json(z.unknown(), "Answers do not pass validation; details list the questions"),
  },
});

/** One batcher per database handle: saves arriving together are written together. */
const batchers = new WeakMap<Kysely<Database>, SaveBatcher>();

function batcherFor(db: Kysely<Database>): SaveBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new SaveBatcher(db)));
  return batcher;
}

function canEdit(link: LinkRow): boolean {
  if (link.anonymous_submitted) return false;
  return link.response_status !== "submitted" || (link.allow_edit_after_submit && !isSurveyClosed(link));
}

/** Saves with the batch when nothing stands in the way; otherwise finds out what does. */
async function save(c: Context<AppEnv>, token: string, request: SaveRequest) {
  const { db } = c.var.services;
  const saved = await batcherFor(db).save(token, request);
  if (saved) return saved;
  const link = await lookUp(c, token);
  if (link.anonymous_submitted) throw alreadySubmitted(respondentAddressOf(link).formOfAddress);
  if (isSurveyClosed(link)) throw await surveyClosedError(db, link);
  return saveCarefully(db, link, request, link.allow_edit_after_submit);
}

export const respondRoutes = createRouter()
  .openapi(getRoute, async (c) => {
    const { db } = c.var.services;
    const link = await lookUp(c, c.req.valid("param").token);
    const anonymousSubmitted = link.anonymous_submitted;
    const submitted = link.response_status === "submitted" || anonymousSubmitted;
    if (!submitted && isSurveyClosed(link)) throw await surveyClosedError(db, link);
    if (!link.opened_at) {
      await db.updateTable("invitations").set({ opened_at: new Date() }).where("id", "=", link.invitation_id).execute();
    }
    const { organisationName, audience, formOfAddress, privacyNotice, privacyModeSentence, definition, answers, page } =
      await loadSurveyAndAnswers(db, link);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        organisationName,
        audience,
        formOfAddress,
        privacyNotice,
        privacyModeSentence,
        title: link.title,
        definition,
        closingDate: link.closing_date,
        status: submitted ? ("submitted" as const) : ("draft" as const),
        canEdit: canEdit(link),
        answers,
        page,
        revision: link.revision ?? 0,
        updatedAt: link.updated_at?.toISOString() ?? null,
        lastDevice: link.last_device ?? "",
        // An anonymous submission keeps no time (it would link the answers to this invitation).
        submittedAt: anonymousSubmitted ? null : (link.submitted_at?.toISOString() ?? null),
        privacyMode: link.privacy_mode,
        anonymousSubmitted,
      },
      200,
    );
  })
  .openapi(draftRoute, async (c) => {
    const device = deviceLabel(c.req.header("user-agent"));
    const token = c.req.valid("param").token;
    const body = c.req.valid("json");
    // What does not fit its question stays out; the rest of the save is kept.
    const typed = await typeAnswersOfLink(c, token, body.answers);
    const saved = await save(c, token, { ...body, answers: typed.answers, submit: false, device });
    return c.json(typed.rejected.length > 0 ? { ...saved, rejected: typed.rejected } : saved, 200);
  })
  .openapi(submitRoute, async (c) => {
    const { db } = c.var.services;
    const token = c.req.valid("param").token;
    const { locale, ...body } = c.req.valid("json");
    const link = await lookUp(c, token);
    const { formOfAddress } = respondentAddressOf(link);
    if (link.anonymous_submitted) throw alreadySubmitted(formOfAddress);
    if (isSurveyClosed(link)) throw await surveyClosedError(db, link);
    if (!hasValidationModel(link.survey_id)) {
      const { definition } = await loadSurveyAndAnswers(db, link);
      validationModel(link.survey_id, () => definition);
    }
    const model = validationModel(link.survey_id, () => ({}));
    // Values that do not fit their question first (typed at the door), then survey-core's
    // messages ("Bitte beantworte diese Frage.") in the survey's form of address.
    const typed = await typeAnswersOfLink(c, token, body.answers, link);
    const errors = validateSubmission(model, typed.answers, surveyLocale(locale, formOfAddress));
    for (const rejected of typed.rejected) {
      const message = rejected.message[locale];
      const known = errors.find((entry) => entry.question === rejected.question);
      if (known) known.messages.unshift(message);
      else {
        const page = model.getQuestionByName(rejected.question)?.page;
        errors.push({ question: rejected.question, page: page ? model.pages.indexOf(page as never) : 0, messages: [message] });
      }
    }
    if (errors.length > 0) {
      throw respondentError(422, "validation_failed", respondentMessages.validationFailed(), formOfAddress, { errors });
    }
    const device = deviceLabel(c.req.header("user-agent"));
    if (link.privacy_mode === "anonymous") {
      // Held apart from the invitation, then released once enough answers wait (possibly this one's batch).
      const held = await holdAnonymousSubmission(db, link, { ...body, submit: true, device });
      // The answers are safe once held: a release that fails now is caught up by the periodic round.
      await releaseAfterRequest(db, { surveyId: link.survey_id });
      return c.json(held, 200);
    }
    const saved = await save(c, token, { ...body, submit: true, device });
    // Pseudonymous results move in batches of k submissions (possibly this one's).
    if (link.privacy_mode === "pseudonymous") await releaseAfterRequest(db, { surveyId: link.survey_id });
    return c.json(saved, 200);
  })
  .route("/", colleagueLinkRoutes);
