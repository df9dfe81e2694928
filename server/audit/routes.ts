import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";
import { AUDIT_ACTIONS, listAuditLog } from "./audit-log.ts";

const auditEntrySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    /** null for automatic actions and once the user was deleted. */
    userId: z.string().nullable(),
    /** The name at the time; empty for automatic actions. */
    userName: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    targetLabel: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

const listRoute = createRoute({
  method: "get",
  path: "/audit-log",
  tags: ["Data protection"],
  summary: "The organisation's audit log, newest first (admins only)",
  description:
    "Who opened, closed, exported and deleted what, and what the retention sweep deleted. `actions` lists the actions that occur in the log (for a filter); `knownActions` every action Kanon records.",
  middleware: [requireSession, requireAdmin] as const,
  request: {
    query: z.object({
      action: z
        .string()
        .max(100)
        .regex(/^[a-z_]+(\.[a-z_]+)*$/, { message: "An action such as survey.deleted" })
        .optional(),
      targetId: z.string().max(200).optional(),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: json(
      z.object({
        total: z.number().int(),
        entries: z.array(auditEntrySchema),
        actions: z.array(z.string()),
        knownActions: z.array(z.string()),
      }),
    ),
    ...errorResponses,
  },
});

/** The audit log for admins: one page at a time, filtered by action or target. Mounted under /api. */
export const auditRoutes = createRouter().openapi(listRoute, async (c) => {
  const query = c.req.valid("query");
  const page = await listAuditLog(c.var.services.db, c.var.session.organisationId, query);
  return c.json({ ...page, knownActions: [...AUDIT_ACTIONS] }, 200);
});
