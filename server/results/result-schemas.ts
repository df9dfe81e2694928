import { z } from "@hono/zod-openapi";
import { countsSchema } from "../lib/survey-counts.ts";

/**
 * The JSON of results. Every question carries `name`, `title`, `type` (SurveyJS), `kind` and `n`
 * (respondents who answered it; inside a paneldynamic: entries that answered it), and the figures
 * of its kind. With a grouping, each top-level question also has `groups`: the same figures per
 * group, in the order of the response's `groups`.
 */

const localized = z.object({ de: z.string(), en: z.string() });
const count = z.number().int().nonnegative();
const n = count.openapi({ description: "Respondents who answered (inside a paneldynamic: entries that answered)." });
/**
 * Inside a paneldynamic, where counts are entries: the respondents those entries come from (one
 * institution listing three offers is one respondent). Protected views withhold by this count.
 */
const respondentsBehind = count.optional().openapi({ description: "Inside a paneldynamic: the respondents whose entries the count rests on (counts there are entries)." });

export const optionLabelSchema = z.object({ value: z.string(), label: localized }).openapi("ResultOptionLabel");

export const optionCountSchema = z
  .object({ value: z.string(), label: localized, count, respondents: respondentsBehind })
  .openapi("ResultOptionCount", {
    description: "An answer option and how many chose it: declared options in questionnaire order (zeros included), then values found in answers but not declared.",
  });

const textList = {
  total: count.openapi({ description: "Texts matching the search (all texts without one)." }),
  texts: z.array(z.string()).openapi({ description: "The newest matching texts, at most `textLimit`." }),
};

export const otherTextsSchema = z
  .object({
    count: count.openapi({ description: 'How many chose "other".' }),
    ...textList,
  })
  .openapi("ResultOtherTexts", { description: 'The "other" option with the texts written into it.' });

export const histogramBinSchema = z
  .object({ from: z.number(), to: z.number(), count, respondents: respondentsBehind })
  .openapi("ResultHistogramBin", { description: "Values v with from ≤ v < to (the last bin also holds v = to)." });

const nullableNumber = z.number().nullable();

const choiceBody = {
  n,
  options: z.array(optionCountSchema),
  other: otherTextsSchema.optional(),
  mean: nullableNumber.optional().openapi({ description: "Mean of the chosen values, for questions whose options are all numbers (rating)." }),
};

const numericBody = {
  n,
  mean: nullableNumber,
  median: nullableNumber,
  q1: nullableNumber.openapi({ description: "First quartile (linear interpolation, as percentile_cont)." }),
  q3: nullableNumber,
  min: nullableNumber,
  max: nullableNumber,
  histogram: z.array(histogramBinSchema).openapi({
    description: "Bins from the overall minimum and maximum (the same for every group): whole numbers in bins of 1, 2, 5, 10 … (years 1, 5, 10 …), at most 20 (years 30); other numbers in ten equal bins.",
  }),
  options: z.array(optionCountSchema).openapi({ description: "Count per distinct value when there are at most 30 of them (small counts, years); empty otherwise." }),
};

export const matrixRowSchema = z
  .object({
    value: z.string(),
    label: localized,
    n,
    respondents: respondentsBehind,
    distribution: z.array(optionCountSchema).openapi({ description: "Count per column (declared columns first)." }),
    options: z.array(optionCountSchema).openapi({ description: "Deprecated: the same as `distribution`." }),
    mean: nullableNumber.openapi({ description: "Mean score of the row: the column's value when all columns are numbers, else its position 1 … k." }),
  })
  .openapi("ResultMatrixRow");

const matrixBody = { n, rows: z.array(matrixRowSchema) };
const matrixShape = { meanOf: z.enum(["value", "position"]), columns: z.array(optionLabelSchema) };
const numericShape = { scale: z.enum(["number", "year"]) };

const textBody = { n, ...textList };

const identity = { name: z.string(), title: localized, type: z.string() };
/** A question inside a paneldynamic (a field, or an item of one): its n is entries, `respondents` the respondents behind them. */
const part = { ...identity, respondents: respondentsBehind };

const numericItem = z.object({ ...part, kind: z.literal("numeric"), ...numericShape, ...numericBody });
const textItem = z.object({ ...part, kind: z.literal("text"), ...textBody });
// The cells of a matrixdropdown ("row.column") are items too, and may be choices.
const choiceItem = z.object({ ...part, kind: z.literal("choice"), ...choiceBody });
const multipleItem = z.object({ ...part, kind: z.literal("multiple"), ...choiceBody });
export const multipletextItemSchema = z
  .discriminatedUnion("kind", [numericItem, textItem, choiceItem, multipleItem])
  .openapi("ResultMultipletextItem", { description: "An item of a multipletext (numeric or text), or a cell of a matrixdropdown named `row.column` (also choice or multiple)." });

const multipletextBody = { n, items: z.array(multipletextItemSchema) };

/** The figures of each kind (without identity), as objects for reuse in fields and groups. */
const bodies = {
  choice: choiceBody,
  multiple: choiceBody,
  numeric: numericBody,
  matrix: matrixBody,
  text: textBody,
  multipletext: multipletextBody,
  other: { n },
} as const;

export const fieldResultSchema = z
  .discriminatedUnion("kind", [
    z.object({ ...part, kind: z.literal("choice"), ...bodies.choice }),
    z.object({ ...part, kind: z.literal("multiple"), ...bodies.multiple }),
    z.object({ ...part, kind: z.literal("numeric"), ...numericShape, ...bodies.numeric }),
    z.object({ ...part, kind: z.literal("matrix"), ...matrixShape, ...bodies.matrix }),
    z.object({ ...part, kind: z.literal("text"), ...bodies.text }),
    z.object({ ...part, kind: z.literal("multipletext"), ...bodies.multipletext }),
    z.object({ ...part, kind: z.literal("other"), ...bodies.other }),
  ])
  .openapi("ResultPanelField", { description: "A question of a paneldynamic entry, aggregated over all entries with content." });

const paneldynamicBody = {
  n: count.openapi({ description: "Respondents with at least one entry with content (rows left empty, or holding only the template's untouched defaults, do not count)." }),
  entries: count.openapi({ description: "Entries with content over all respondents." }),
  fields: z.array(fieldResultSchema),
};

const groupKey = {
  key: z.string().nullable().openapi({ description: "The group's key (see the response's `groups`); null: not specified." }),
};

/**
 * A top-level question of one kind: identity, what is the same for every group (`shape`), the
 * overall figures (`body`), and, grouped, the figures per group.
 */
function questionOf<Kind extends string, Shape extends z.ZodRawShape, Body extends z.ZodRawShape>(kind: Kind, shape: Shape, body: Body) {
  return z.object({
    ...identity,
    kind: z.literal(kind),
    ...shape,
    ...body,
    answered: count.openapi({ description: "Deprecated: the same as `n`." }),
    groups: z.array(z.object({ ...groupKey, ...body })).optional(),
  });
}

export const questionResultSchema = z
  .discriminatedUnion("kind", [
    questionOf("choice", {}, bodies.choice),
    questionOf("multiple", {}, bodies.multiple),
    questionOf("numeric", numericShape, bodies.numeric),
    questionOf("matrix", matrixShape, bodies.matrix),
    questionOf("text", {}, bodies.text),
    questionOf("multipletext", {}, bodies.multipletext),
    questionOf("paneldynamic", {}, paneldynamicBody),
    questionOf("other", {}, bodies.other),
  ])
  .openapi("QuestionResult");

export const resultGroupSchema = z
  .object({ ...groupKey, label: localized, n: count.openapi({ description: "Respondents in the group." }) })
  .openapi("ResultGroup");

export const resultsSchema = z
  .object({
    counts: countsSchema.openapi({ description: "The survey's invitations and responses (not filtered)." }),
    pendingRelease: z
      .object({
        answers: count.openapi({ description: "Submitted answers waiting: not yet in any result or export." }),
        batchSize: count.openapi({ description: "They are released together once this many wait (the organisation's smallest shown group)." }),
      })
      .optional()
      .openapi({ description: "Anonymous surveys: answers are released in batches, so nothing ties one to the moment it was submitted. Present while answers wait." }),
    respondents: count.openapi({ description: "Submitted responses that pass the filter." }),
    groups: z.array(resultGroupSchema).optional().openapi({ description: "With a grouping: the groups, in display order." }),
    questions: z.array(questionResultSchema),
  })
  .openapi("Results");

export type QuestionResultJson = z.infer<typeof questionResultSchema>;
export type FieldResultJson = z.infer<typeof fieldResultSchema>;
export type ResultsJson = z.infer<typeof resultsSchema>;

export const crossTableAxisSchema = z
  .object({
    name: z.string(),
    title: localized,
    kind: z.enum(["choice", "multiple"]),
    values: z.array(
      z.object({
        value: z.string(),
        label: localized,
        total: count.openapi({ description: "Respondents with this value who answered the other question." }),
      }),
    ),
  })
  .openapi("CrossTableAxis");

export const crossTableSchema = z
  .object({
    n: count.openapi({ description: "Respondents who answered both questions." }),
    rows: crossTableAxisSchema,
    columns: crossTableAxisSchema,
    cells: z.array(z.array(count)).openapi({ description: "cells[r][c]: respondents with row value r and column value c." }),
  })
  .openapi("CrossTable");

export type CrossTableJson = z.infer<typeof crossTableSchema>;
