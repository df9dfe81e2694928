import type { hc, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** Share links and the network view as the server sends them (type-only, like lib/api-types.ts). */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type NetworkViewList = InferResponseType<Client["surveys"][":id"]["network-views"]["$get"], 200>;
export type NetworkViewLink = NetworkViewList["views"][number];
export type CreatedNetworkView = InferResponseType<Client["surveys"][":id"]["network-views"]["$post"], 201>;
export type NetworkView = InferResponseType<Client["n"][":token"]["$get"], 200>;
export type SharedResults = NetworkView["results"];
export type SharedQuestion = SharedResults["questions"][number];
export type SharedField = NonNullable<SharedQuestion["fields"]>[number];
/** A question, panel field or multipletext item: what one result block shows. */
export type SharedFigures = SharedQuestion | SharedField | NonNullable<SharedField["items"]>[number];
export type SharedCell = NonNullable<SharedQuestion["options"]>[number];
export type SharedBin = NonNullable<SharedQuestion["histogram"]>[number];
export type SharedMatrixRow = NonNullable<SharedQuestion["rows"]>[number];
