import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, uuidParam } from "../lib/openapi.ts";
import { surveyTrend } from "./trend.ts";

const localized = z.object({ de: z.string(), en: z.string() });
const count = z.number().int().nonnegative();
const maybeCount = count.nullable().openapi({
  description: "A count, or null when it is withheld: pseudonymous and anonymous waves show what their results page shows, nothing resting on fewer than the organisation's smallest group.",
});
const percent = z.number().nullable().openapi({ description: "Share of the wave's n in percent (one decimal); null when n = 0 or the count is withheld." });

const trendOptionSchema = z
  .object({
    value: z.string(),
    count: maybeCount,
    percent,
    asked: z.boolean().openapi({ description: "False when the wave's version did not offer this option (not a zero: not asked then)." }),
  })
  .openapi("TrendOption");

const trendDroppedSchema = z
  .object({
    value: z.string(),
    label: localized,
    count: maybeCount,
    percent,
    offered: z.boolean().openapi({ description: "True: the wave's version offered the option and the newest does not (no longer asked); false: a value no version offered (stray data)." }),
  })
  .openapi("TrendDropped", { description: "Answers without a counterpart among the newest version's options; counted in the wave's n." });

const trendWaveFiguresSchema = z
  .object({
    surveyId: z.string(),
    asked: z.boolean().openapi({ description: "False when this wave did not ask the question." }),
    version: z.number().int().nullable(),
    comparable: z.boolean(),
    incomparable: z.enum(["break", "type_changed"]).nullable().openapi({
      description: "break: an option mapping between this wave's version and the newest says the versions are not comparable; type_changed: the question type changed.",
    }),
    breakVersion: z.number().int().nullable(),
    n: maybeCount.openapi({ description: "Respondents who answered the question in this wave; null when fewer than k did in a pseudonymous or anonymous wave (then nothing else is shown)." }),
    options: z.array(trendOptionSchema).openapi({ description: "choice, multiple: the newest version's options, in its order (empty when not comparable)." }),
    dropped: z.array(trendDroppedSchema),
    rows: z
      .array(
        z.object({
          value: z.string(),
          n: maybeCount.openapi({ description: "Respondents who answered the row; null when withheld (then every count of the row is)." }),
          options: z.array(trendOptionSchema),
          dropped: z.array(trendDroppedSchema),
          mean: z.number().nullable(),
        }),
      )
      .openapi({ description: "matrix: per row of the newest version, the columns' counts and the mean score." }),
    mean: z.number().nullable().openapi({ description: "numeric: mean (protected waves: only where their results page shows it)." }),
    median: z.number().nullable().openapi({ description: "numeric: median (protected waves: only where their results page shows it)." }),
  })
  .openapi("TrendWaveFigures");

const trendQuestionSchema = z
  .object({
    canonId: z.string(),
    name: z.string(),
    title: localized,
    kind: z.enum(["choice", "multiple", "matrix", "numeric", "text", "other"]),
    version: z.number().int().openapi({ description: "The newest version any wave asked: older waves are put onto its options." }),
    options: z.array(z.object({ value: z.string(), label: localized })),
    rows: z.array(z.object({ value: z.string(), label: localized })),
    meanOf: z.enum(["value", "position"]).nullable(),
    scale: z.enum(["number", "year"]).nullable().openapi({ description: "numeric: amounts or calendar years (written without grouping); null otherwise" }),
    waves: z.array(trendWaveFiguresSchema).openapi({ description: "One entry per wave, in the order of `waves`." }),
  })
  .openapi("TrendQuestion");

export const trendSchema = z
  .object({
    surveyId: z.string(),
    inSeries: z.boolean().openapi({ description: "False: the survey is in no series; waves and questions are empty." }),
    series: z.object({ id: z.string(), name: z.string() }).nullable(),
    waves: z.array(
      z.object({
        surveyId: z.string(),
        title: z.string(),
        waveLabel: z.string(),
        status: z.enum(["draft", "open", "closed"]),
        openedAt: z.string().nullable(),
        current: z.boolean(),
        respondents: count.openapi({ description: "Submitted responses." }),
        protection: z
          .object({ mode: z.enum(["pseudonymous", "anonymous"]), k: z.number().int() })
          .nullable()
          .openapi({ description: "Pseudonymous and anonymous waves: their figures are those of their results page (protected aggregates), k the organisation's smallest shown group." }),
      }),
    ),
    questions: z.array(trendQuestionSchema),
  })
  .openapi("SurveyTrend");

const trendRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/trend",
  tags: ["Series"],
  summary: "The survey's canon questions across the waves of its series, older versions mapped onto the newest",
  description:
    "For every canon question of this survey, the submitted answers of each wave of its series, put onto the options of the newest version any wave asked through the chain of option mappings. " +
    "Values a mapping dropped are listed under `dropped`; options a wave's version did not offer have `asked: false`; a mapping with `break` makes earlier waves `comparable: false` (only n is given). " +
    "Percentages are of each wave's n. " +
    "Waves of pseudonymous and anonymous surveys show what their results page shows, put onto the newest version: counts withheld there are null here, a merged cell is shown only when all its parts are, and no figure rests on fewer than the organisation's smallest group (docs/data-protection.md).",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(trendSchema), ...errorResponses },
});

export const trendRoutes = createRouter().openapi(trendRoute, async (c) =>
  c.json(await surveyTrend(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200),
);
