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

/** One of the survey's own (imported) elements, by its name: its content stays as stored. */
export const ownElementInput = z.object({
  name: z.string().min(1).max(200),
  required: z.boolean().default(false),
  visibleIf: z.string().trim().max(2000).optional(),
});

export const surveyPageInput = z.object({
  id: identifier,
  title: localized.nullable().default(null),
  elements: z.array(z.union([surveyElementInput, ownElementInput])).max(500),
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

export const importReportEntrySchema = z.object({
  /** The question's (or page's) name in the file; "" for the survey as a whole. */
  question: z.string(),
  action: z.enum(["skipped", "dropped", "changed"]),
  property: z.string().optional(),
  reason: z.object({ de: z.string(), en: z.string() }),
});

/** Where an imported survey or item came from; planners only, never in a respondent's definition. */
export const importSourceSchema = z
  .object({
    format: z.enum(["surveyjs", "limesurvey", "xlsform"]),
    fileName: z.string(),
    importedAt: z.string(),
    questionName: z.string().optional(),
    report: z.array(importReportEntrySchema).optional(),
  })
  .openapi("ImportSource");

export const placedElementSchema = z.object({
  /** The question's key in the survey: the canon item id, or the name of one of the survey's own elements (`own`). */
  itemId: z.string(),
  /** The canon item version; 0 for the survey's own elements. */
  version: z.number(),
  /** True for the survey's own (imported) elements: moved, required, conditioned or removed, but not edited here. */
  own: z.boolean(),
  /** The question names it adds to the survey (its own and, for a section, those inside), for conditions. */
  names: z.array(z.string()),
  /** Own elements that are sections (panels): how many questions they hold. */
  questionCount: z.number().int().optional(),
  /** Own questions that were also taken into the canon: the item they compare by across waves. */
  canonId: z.string().optional(),
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
    /** identified: answers per recipient; pseudonymous: who took part, answers only in aggregates; anonymous: detached on submit, released in batches. */
    privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]),
    ...audienceSettingsSchema,
    pages: z.array(
      z.object({
        id: z.string(),
        title: localized.nullable(),
        /** A page condition an imported questionnaire brought (kept as it is). */
        visibleIf: z.string().optional(),
        elements: z.array(placedElementSchema),
      }),
    ),
    /** All placed questions in order (the pages flattened). */
    items: z.array(placedElementSchema),
    /** Set when the survey was made from an imported questionnaire: the file and what could not be kept. */
    importSource: importSourceSchema.nullable(),
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

/** A closing date, or null for none. */
const closingDate = z.iso.date({ message: "Use the format YYYY-MM-DD" }).nullable();

/** A change to a survey: each field given is set; `pages` (or `items`, one page of optional questions) replaces the structure. */
export const surveyUpdateInput = z.object({
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
});
export type SurveyUpdate = z.infer<typeof surveyUpdateInput>;
