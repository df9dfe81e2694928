import type { hc, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** Shapes of the gap-matrix API, inferred from the server's routes (type-only). */
type Client = ReturnType<typeof hc<ApiRoutes>>;
type SurveyRoutes = Client["surveys"][":id"];

export type GapMatrixData = InferResponseType<SurveyRoutes["gap-matrix"]["$get"], 200>;
export type GapRow = GapMatrixData["rows"][number];
export type GapCell = GapRow["cells"][number];
export type CellOffers = InferResponseType<SurveyRoutes["gap-matrix"]["offers"]["$get"], 200>;
export type ListedOffer = CellOffers["offers"][number];
