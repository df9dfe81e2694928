import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** The directory's API shapes, inferred from the server's routes (type-only, like lib/api-types.ts). */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type DirectorySearchRequest = InferRequestType<Client["directory"]["search"]["$post"]>["json"];
export type DirectoryFilter = NonNullable<DirectorySearchRequest["filter"]>;
export type DirectorySearchResult = InferResponseType<Client["directory"]["search"]["$post"], 200>;
export type DirectoryEntry = DirectorySearchResult["entries"][number];
export type DirectoryEntryDetail = InferResponseType<Client["directory"]["entries"][":id"]["$get"], 200>;
export type NewDirectoryEntry = InferRequestType<Client["directory"]["entries"]["$post"]>["json"];
export type DirectoryFacets = InferResponseType<Client["directory"]["facets"]["$get"], 200>;
export type District = InferResponseType<Client["directory"]["districts"]["$get"], 200>["districts"][number];
export type NetworkMember = InferResponseType<Client["directory"]["entries"][":id"]["members"]["$get"], 200>["members"][number];
export type ImportPreview = InferResponseType<Client["directory"]["import"]["preview"]["$post"], 200>;
export type ImportMapping = ImportPreview["mapping"];
export type ImportRequest = InferRequestType<Client["directory"]["import"]["$post"]>["json"];
export type ImportReport = InferResponseType<Client["directory"]["import"]["$post"], 200>;

export type DirectoryKind = DirectoryEntry["kind"];

/** An address the server refused, with its position in the list and why (400 invalid_emails). */
export interface EmailProblem {
  path: string;
  index: number;
  value: string;
  reason: string;
  message: string;
  messageDe: string;
}
