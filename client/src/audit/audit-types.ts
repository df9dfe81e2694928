import type { hc, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** The audit log as the server sends it (type-only, like lib/api-types.ts). */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type AuditLogPage = InferResponseType<Client["audit-log"]["$get"], 200>;
export type AuditEntry = AuditLogPage["entries"][number];
