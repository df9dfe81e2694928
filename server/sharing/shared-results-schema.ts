import { z } from "@hono/zod-openapi";

/**
 * Results as they leave the planner's view (a network's share link): the shape of the results
 * engine's JSON, but every count may be withheld (`count: null`, `suppressed: true`), free texts,
 * minima and maxima are gone, and statistics are only there where they reveal no small group.
 */

const localized = z.object({ de: z.string(), en: z.string() });
const sharedCount = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .openapi({ description: "A count, or null when it is withheld (fewer than the organisation's smallest group, or needed to protect one)." });
const statistic = z.number().nullable();

export const sharedCellSchema = z
  .object({
    value: z.string(),
    label: localized,
    count: sharedCount,
    suppressed: z.boolean().openapi({ description: "True when the count is withheld." }),
  })
  .openapi("SharedCell");

export const sharedBinSchema = z
  .object({
    from: z.number().nullable().openapi({ description: "Lower edge; null for the first bin (open below, so the smallest value is not given away)." }),
    to: z.number().nullable().openapi({ description: "Upper edge; null for the last bin (open above)." }),
    count: sharedCount,
    suppressed: z.boolean(),
  })
  .openapi("SharedHistogramBin");

export const sharedMatrixRowSchema = z
  .object({
    value: z.string(),
    label: localized,
    n: sharedCount,
    suppressed: z.boolean(),
    distribution: z.array(sharedCellSchema),
    mean: statistic,
  })
  .openapi("SharedMatrixRow");

const resultKind = z.enum(["choice", "multiple", "numeric", "matrix", "text", "multipletext", "paneldynamic", "other"]);

/** What every shared question, panel field and multipletext item has, and the figures of its kind. */
const sharedFigures = {
  name: z.string(),
  title: localized,
  type: z.string(),
  kind: resultKind,
  n: sharedCount,
  suppressed: z.boolean().openapi({
    description: "True when the question's figures are withheld as a whole (fewer than the smallest group answered, or no cell could be shown safely).",
  }),
  /** choice, multiple */
  options: z.array(sharedCellSchema).optional(),
  /** choice with number options (rating), numeric */
  mean: statistic.optional(),
  /** numeric */
  scale: z.enum(["number", "year"]).optional(),
  median: statistic.optional(),
  q1: statistic.optional(),
  q3: statistic.optional(),
  histogram: z.array(sharedBinSchema).optional(),
  /** matrix */
  meanOf: z.enum(["value", "position"]).optional(),
  columns: z.array(z.object({ value: z.string(), label: localized })).optional(),
  rows: z.array(sharedMatrixRowSchema).optional(),
  /** paneldynamic: entries with content over all respondents */
  entries: sharedCount.optional(),
};

export const sharedItemSchema = z.object(sharedFigures).openapi("SharedResultItem");
export const sharedFieldSchema = z.object({ ...sharedFigures, items: z.array(sharedItemSchema).optional() }).openapi("SharedResultField");
export const sharedQuestionSchema = z
  .object({ ...sharedFigures, items: z.array(sharedItemSchema).optional(), fields: z.array(sharedFieldSchema).optional() })
  .openapi("SharedQuestion");

export const sharedResultsSchema = z
  .object({
    respondents: sharedCount.openapi({ description: "Submitted responses in this view; null when fewer than the smallest group (then `questions` is empty)." }),
    questions: z.array(sharedQuestionSchema),
  })
  .openapi("SharedResults");

export type SharedCell = z.infer<typeof sharedCellSchema>;
export type SharedBin = z.infer<typeof sharedBinSchema>;
export type SharedMatrixRow = z.infer<typeof sharedMatrixRowSchema>;
export type SharedItem = z.infer<typeof sharedItemSchema>;
export type SharedField = z.infer<typeof sharedFieldSchema>;
export type SharedQuestion = z.infer<typeof sharedQuestionSchema>;
export type SharedResults = z.infer<typeof sharedResultsSchema>;
