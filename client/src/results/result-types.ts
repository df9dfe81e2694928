import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/**
 * The results API's shapes, inferred from the server's routes (type-only, like lib/api-types.ts),
 * so a change of the API breaks `tsc` here first.
 */
type Client = ReturnType<typeof hc<ApiRoutes>>;
type QueryRoute = Client["surveys"][":id"]["results"]["query"]["$post"];

export type ResultsQuery = InferRequestType<QueryRoute>["json"];
/** What POST …/results/query answers: full results, or protected ones (pseudonymous and anonymous surveys). */
export type AnyResults = InferResponseType<QueryRoute, 200>;
export type QueryResults = Exclude<AnyResults, { protection: unknown }>;
export type ProtectedResults = Extract<AnyResults, { protection: unknown }>;
export type ResultsFilter = NonNullable<ResultsQuery["filter"]>;
export type RecipientFilter = NonNullable<ResultsFilter["recipients"]>;
export type AnswerFilter = NonNullable<ResultsFilter["answer"]>;
export type GroupBy = NonNullable<ResultsQuery["groupBy"]>;
export type RecipientGrouping = Extract<GroupBy, { recipient: string }>["recipient"];
export type ResultGroup = NonNullable<QueryResults["groups"]>[number];

export type CrossTable = InferResponseType<Client["surveys"][":id"]["results"]["crosstab"]["$post"], 200>;

export type TopQuestion = QueryResults["questions"][number];
export type PanelResult = Extract<TopQuestion, { kind: "paneldynamic" }>;
/** A question of a paneldynamic entry; top-level questions of these kinds have the same figures. */
export type FieldResult = PanelResult["fields"][number];
export type ChoiceResult = Extract<FieldResult, { kind: "choice" | "multiple" }>;
export type NumericResult = Extract<FieldResult, { kind: "numeric" }>;
export type MatrixResult = Extract<FieldResult, { kind: "matrix" }>;
export type TextResult = Extract<FieldResult, { kind: "text" }>;
export type MultipletextResult = Extract<FieldResult, { kind: "multipletext" }>;

/** One group's figures of a top-level question of a kind (grouped results). */
export type GroupFigures<Kind extends TopQuestion["kind"]> = NonNullable<Extract<TopQuestion, { kind: Kind }>["groups"]>[number];

export type Localized = { de: string; en: string };
