import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** The organisation settings as the server sends and takes them (type-only, like lib/api-types.ts). */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type OrganisationSettings = InferResponseType<Client["organisation"]["$get"], 200>;
export type OrganisationSettingsPatch = InferRequestType<Client["organisation"]["$patch"]>["json"];
