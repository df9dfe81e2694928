import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** Shapes of the series and trend API, inferred from the server's routes (type-only). */
type Client = ReturnType<typeof hc<ApiRoutes>>;
type SurveyRoutes = Client["surveys"][":id"];

export type SeriesList = InferResponseType<Client["series"]["$get"], 200>;
export type SeriesSummary = SeriesList["series"][number];
export type SurveySeriesState = InferResponseType<SurveyRoutes["series"]["$get"], 200>;
export type SeriesAssignment = InferRequestType<SurveyRoutes["series"]["$put"]>["json"];
export type SeriesWave = SurveySeriesState["waves"][number];

export type SurveyTrend = InferResponseType<SurveyRoutes["trend"]["$get"], 200>;
export type TrendWave = SurveyTrend["waves"][number];
export type TrendQuestion = SurveyTrend["questions"][number];
export type TrendWaveFigures = TrendQuestion["waves"][number];
