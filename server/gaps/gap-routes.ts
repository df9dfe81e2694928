import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, errorSchema, json, uuidParam } from "../lib/openapi.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { gapMatrixAcrossWaves } from "./gap-comparison.ts";
import { OVER_SUPPLY_FACTOR, OVER_SUPPLY_MINIMUM } from "./gap-flags.ts";
import { cellOffers, MAX_LISTED_OFFERS, UNPLACED } from "./gap-matrix.ts";

const localized = z.object({ de: z.string(), en: z.string() });
const count = z.number().int().nonnegative();
const maybeCount = count.nullable();
const privacyMode = z.enum(["identified", "pseudonymous", "anonymous"]);

const gapCellSchema = z
  .object({
    lifePhase: z.string(),
    offers: maybeCount.openapi({ description: "Offers in the cell; null when withheld (pseudonymous and anonymous surveys: offers from fewer than k institutions)." }),
    providers: maybeCount.openapi({ description: "Respondents (institutions) with offers in the cell; null when withheld." }),
    flag: z.enum(["gap", "over_supply"]).nullable().openapi({
      description: `gap: no offer; over_supply: at least ${OVER_SUPPLY_FACTOR} × the median of the non-empty (protected surveys: shown) cells and at least ${OVER_SUPPLY_MINIMUM} offers. Never set in the row without a district, nor on a withheld cell.`,
    }),
    previous: count.nullable().openapi({ description: "Offers in this cell in the wave before (see previousWave); null when there is none, or when that wave withholds the cell." }),
    change: z
      .enum(["closed", "new_gap"])
      .nullable()
      .openapi({ description: "closed: a gap in the wave before, offers now; new_gap: offers in the wave before, none now; null also when the cell is withheld in either wave." }),
  })
  .openapi("GapCell");

const gapRowSchema = z
  .object({
    districtId: z.string().nullable().openapi({ description: "null: offers that could not be placed in a district." }),
    name: z.string(),
    cells: z.array(gapCellSchema).openapi({ description: "One per life phase, in the order of `lifePhases`." }),
    total: maybeCount.openapi({ description: "Offers in the district, each once; null when a cell of the row is withheld (it could be worked out from the total)." }),
    providers: maybeCount.openapi({ description: "Institutions with offers in the district; null as `total`." }),
    noLifePhase: maybeCount.openapi({ description: "Offers in the district without a life phase (a cell of its own); null when withheld." }),
    noLifePhaseProviders: maybeCount.openapi({ description: "Institutions with offers without a life phase in the district; null when withheld." }),
  })
  .openapi("GapRow");

const gapMatrixSchema = z
  .object({
    surveyId: z.string(),
    available: z.boolean(),
    reason: z.enum(["not_opened", "no_offers_list"]).nullable(),
    privacyMode,
    panel: z.object({ name: z.string(), title: localized }).nullable(),
    districtSource: z.object({
      offerField: z.string().nullable().openapi({ description: "The offer entry's district field, when the list has one (used first)." }),
      directory: z.literal(true).openapi({ description: "Then the respondent's district in the directory." }),
      answerQuestion: z.string().nullable().openapi({ description: "Then the respondent's answer to this district question, matched by name." }),
    }),
    lifePhases: z.array(z.object({ value: z.string(), label: localized })),
    rows: z.array(gapRowSchema).openapi({ description: "The organisation's districts in their order, then (when there are such offers) the row without a district." }),
    median: z.number().nullable(),
    rule: z.object({ overSupplyFactor: z.number(), overSupplyMinimum: z.number() }),
    totals: z
      .object({ respondents: count, offers: maybeCount, providers: maybeCount, noDistrict: maybeCount, noLifePhase: maybeCount })
      .openapi({ description: "Sums over the cells, each null when a cell it sums over is withheld (respondents: the submitted responses, always shown)." }),
    previousWave: z
      .object({ surveyId: z.string(), title: z.string(), waveLabel: z.string(), closedGaps: count, newGaps: count })
      .nullable()
      .openapi({ description: "When the survey is a wave of a series: the latest earlier wave with an offers list, and how many gaps closed and opened since." }),
    protection: z
      .object({ mode: z.enum(["pseudonymous", "anonymous"]), k: z.number().int() })
      .nullable()
      .openapi({
        description:
          "Pseudonymous and anonymous surveys: a cell whose offers come from fewer than k institutions (the organisation's smallest shown group) is withheld, with as many further cells per life phase as keep it from being worked out from the results page's totals, and the totals over withheld cells; withheld offers cannot be listed.",
      }),
  })
  .openapi("GapMatrix");

const cellOffersSchema = z
  .object({
    surveyId: z.string(),
    district: z.object({ id: z.string().nullable(), name: z.string() }),
    lifePhase: z.object({ value: z.string().nullable(), label: localized.nullable() }),
    showsInstitutions: z.boolean(),
    privacyMode,
    total: count,
    truncated: z.boolean().openapi({ description: `True when the cell holds more than ${MAX_LISTED_OFFERS} offers (only that many are listed).` }),
    offers: z.array(
      z.object({
        name: z.string(),
        institution: z.string().nullable().openapi({ description: "Who listed the offer: identified surveys only, null otherwise." }),
        fields: z.array(z.object({ name: z.string(), title: localized, values: z.array(localized) })),
      }),
    ),
  })
  .openapi("GapCellOffers");

const matrixRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/gap-matrix",
  tags: ["Gap matrix"],
  summary: "Offers of the survey's offers list counted by district × life phase, with gaps and possible over-supply flagged",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: { 200: json(gapMatrixSchema), ...errorResponses },
});

const offersRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/gap-matrix/offers",
  tags: ["Gap matrix"],
  summary: "The offers in one cell of the gap matrix (institutions named in identified surveys only)",
  description:
    "Pseudonymous and anonymous surveys: refused with 403 `cell_withheld` for a cell the matrix withholds; for a shown cell the offers are listed by name and their choice fields, " +
    "without who listed them, without free texts, numbers, \"other\" texts, and without the life-phase and district fields.",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    query: z.object({
      district: z
        .union([z.uuid(), z.literal(UNPLACED)])
        .openapi({ description: `A district id, or "${UNPLACED}" for offers without a district.`, example: UNPLACED }),
      lifePhase: z
        .string()
        .min(1)
        .max(100)
        .openapi({ description: `A life phase of the list (e.g. early_childhood), or "${UNPLACED}" for offers without one.`, example: "early_childhood" }),
    }),
  },
  responses: { 200: json(cellOffersSchema), 403: json(errorSchema, "The cell is withheld (pseudonymous and anonymous surveys)"), ...errorResponses },
});

/** The gap matrix of a stocktaking and its drill-down to the offers of a cell. */
export const gapRoutes = createRouter()
  .openapi(matrixRoute, async (c) => c.json(await gapMatrixAcrossWaves(c.var.services.db, c.var.session.organisationId, c.var.survey), 200))
  .openapi(offersRoute, async (c) => c.json(await cellOffers(c.var.services.db, c.var.session.organisationId, c.var.survey, c.req.valid("query")), 200));
