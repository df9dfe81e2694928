import { z } from "@hono/zod-openapi";
import { AUDIENCES, FORMS_OF_ADDRESS } from "../lib/survey-audience.ts";
import { countsSchema } from "../lib/survey-counts.ts";

export const localized = z.object({ de: z.string().max(500), en: z.string().max(500) });

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, { message: "Letters, digits, dot, dash and underscore only" });

export const surveyElementInput = z.object({
  itemId: z.string().min(1).max(200),
  version: z.number().int().min(1).max(2_147_483_647),
  required: z.boolean().default(false),
  visibleIf: z.string().trim().max(1000).optional(),
});

export const surveyPageInput = z.object({
  id: identifier,
  title: localized.nullable().default(null),
  elements: z.array(surveyElementInput).max(500),
});

export const structureInput = z.object({ pages: z.array(surveyPageInput).max(100) });

export const textsInput = {
  title: z.string().trim().min(1).max(300),
  intro: z.string().max(10_000),
  closingText: z.string().max(10_000),
  titleEn: z.string().trim().max(300),
  introEn: z.string().max(10_000),
  closingTextEn: z.string().max(10_000),
};

const choiceSchema = z.object({ value: z.string(), text: localized });

export const placedElementSchema = z.object({
  itemId: z.string(),
  version: z.number(),
  required: z.boolean(),
  visibleIf: z.string().optional(),
  title: localized,
  type: z.string(),
  module: z.string(),
  moduleTitle: localized,
  /** Answer options, for writing conditions ("show if X is Y"). */
  choices: z.array(choiceSchema),
  /** Newest version of this item in the canon, so the builder can offer an update. */
  latestVersion: z.number(),
  retired: z.boolean(),
});

/** The longest privacy notice a survey may have (as for the organisation's). */
export const NOTICE_MAX = 5000;

/** How a survey speaks to respondents, as a planner may change it. */
export const audienceInput = {
  /** null: what the questions suggest. Fixed once the survey is open. */
  audience: z.enum(AUDIENCES).nullable(),
  /** null: what fits the audience ("du" for people, "Sie" otherwise). */
  formOfAddress: z.enum(FORMS_OF_ADDRESS).nullable(),
  /** The survey's own privacy notice; empty: the default for its audience. */
  privacyNotice: z.string().max(NOTICE_MAX),
  privacyNoticeEn: z.string().max(NOTICE_MAX),
};

const text = z.object({ de: z.string(), en: z.string() });

/** Who a survey asks, how it addresses them, and what they read before the first question. */
export const audienceSettingsSchema = {
  audience: z.enum(AUDIENCES),
  /** The planner chose the audience (otherwise it follows the questions). */
  audienceChosen: z.boolean(),
  /** The audience the questions suggest (by the questionnaires they come from). */
  suggestedAudience: z.enum(AUDIENCES),
  formOfAddress: z.enum(FORMS_OF_ADDRESS),
  formOfAddressChosen: z.boolean(),
  /** The survey's own notice as written (empty: the default). */
  privacyNotice: z.string(),
  privacyNoticeEn: z.string(),
  /** The notice for this audience and form of address when the survey has none of its own. */
  defaultPrivacyNotice: text,
  /** What respondents read before the first question: the notice, then the privacy-mode sentence. */
  effectivePrivacyNotice: text,
  privacyModeSentence: text,
};

export const surveySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(["draft", "open", "closed"]),
  closingDate: z.string().nullable(),
  createdAt: z.string(),
  counts: countsSchema,
});

export const surveyDetailSchema = surveySummarySchema
  .extend({
    texts: z.object(textsInput),
    intro: z.string(),
    /** Respondents may change and re-submit their answers until the closing date. */
    allowEditAfterSubmit: z.boolean(),
    /** identified: answers per recipient; pseudonymous: who took part, answers only in aggregates; anonymous: detached on submit. */
    privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]),
    ...audienceSettingsSchema,
    pages: z.array(z.object({ id: z.string(), title: localized.nullable(), elements: z.array(placedElementSchema) })),
    /** All placed questions in order (the pages flattened). */
    items: z.array(placedElementSchema),
  })
  .openapi("Survey");

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    own: z.boolean(),
    pageCount: z.number(),
    questionCount: z.number(),
  })
  .openapi("SurveyTemplate");
