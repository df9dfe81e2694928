import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { createEntry, deleteEntry, directoryFacets, entryDetail, entrySortSchema, listEntries, updateEntry } from "./directory-entries.ts";
import { directoryFilterSchema } from "./directory-filter.ts";
import {
  createEntryInput,
  directoryEntryDetailSchema,
  directoryEntrySchema,
  facetsSchema,
  networkMemberSchema,
  updateEntryInput,
} from "./directory-schemas.ts";
import { networkMembers, replaceNetworkMembers, requireEntriesOfKind, requireNetwork } from "./network-members.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";

const searchRoute = createRoute({
  method: "post",
  path: "/directory/search",
  tags: ["Directory"],
  summary: "Institutions and networks matching a filter, one page at a time, with the total count",
  description:
    "All filter criteria are combined with AND; the values within one criterion with OR. The filter is the same one survey mailings use to pick recipients.",
  middleware: [requireSession] as const,
  request: jsonBody(
    z.object({
      filter: directoryFilterSchema.default({}),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
      sort: entrySortSchema.default("name"),
      direction: z.enum(["asc", "desc"]).default("asc"),
    }),
  ),
  responses: { 200: json(z.object({ total: z.number().int(), entries: z.array(directoryEntrySchema) })), ...errorResponses },
});

const facetsRoute = createRoute({
  method: "get",
  path: "/directory/facets",
  tags: ["Directory"],
  summary: "Counts per kind, the types in use per kind, and the life phases and fields of action with labels and counts",
  middleware: [requireSession] as const,
  responses: { 200: json(facetsSchema) },
});

const createEntryRoute = createRoute({
  method: "post",
  path: "/directory/entries",
  tags: ["Directory"],
  summary: "Add an institution or a network",
  description:
    "Invalid e-mail addresses give 400 `invalid_emails`; `details` lists each one with its position (`path`), `reason` and message. A name already used by an entry of the same kind gives 409.",
  middleware: [requireSession] as const,
  request: jsonBody(createEntryInput),
  responses: { 201: json(directoryEntryDetailSchema), ...errorResponses },
});

const getRoute = createRoute({
  method: "get",
  path: "/directory/entries/{id}",
  tags: ["Directory"],
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(directoryEntryDetailSchema), ...errorResponses },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/directory/entries/{id}",
  tags: ["Directory"],
  summary: "Change an institution or a network; given lists replace the old ones",
  middleware: [requireSession] as const,
  request: { params: uuidParam, ...jsonBody(updateEntryInput) },
  responses: { 200: json(directoryEntryDetailSchema), ...errorResponses },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/directory/entries/{id}",
  tags: ["Directory"],
  summary: "Delete an institution or a network with its memberships",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...errorResponses },
});

const membersResponse = json(z.object({ members: z.array(networkMemberSchema) }));

const membersRoute = createRoute({
  method: "get",
  path: "/directory/entries/{id}/members",
  tags: ["Directory"],
  summary: "The member institutions of a network",
  middleware: [requireSession] as const,
  request: { params: uuidParam },
  responses: { 200: membersResponse, ...errorResponses },
});

const setMembersRoute = createRoute({
  method: "put",
  path: "/directory/entries/{id}/members",
  tags: ["Directory"],
  summary: "Replace the member institutions of a network",
  middleware: [requireSession] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ memberIds: z.array(z.uuid()).max(5000) })) },
  responses: { 200: membersResponse, ...errorResponses },
});

export const entryRoutes = createRouter()
  .openapi(searchRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await listEntries(c.var.services.db, c.var.session.organisationId, body), 200);
  })
  .openapi(facetsRoute, async (c) => c.json(await directoryFacets(c.var.services.db, c.var.session.organisationId), 200))
  .openapi(createEntryRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const id = await createEntry(db, organisationId, c.req.valid("json"));
    return c.json(await entryDetail(db, organisationId, id), 201);
  })
  .openapi(getRoute, async (c) => c.json(await entryDetail(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id), 200))
  .openapi(updateRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { id } = c.req.valid("param");
    await updateEntry(db, organisationId, id, c.req.valid("json"));
    return c.json(await entryDetail(db, organisationId, id), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const id = c.req.valid("param").id;
    await deleteEntry(c.var.services.db, c.var.session.organisationId, id);
    await recordAudit(c.var.services.db, { ...auditActor(c.var.session), action: "directory.entry_deleted", targetType: "directory_entry", targetId: id });
    return c.json({ ok: true as const }, 200);
  })
  .openapi(membersRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { id } = c.req.valid("param");
    await requireNetwork(db, organisationId, id);
    return c.json({ members: await networkMembers(db, organisationId, id) }, 200);
  })
  .openapi(setMembersRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { id } = c.req.valid("param");
    const { memberIds } = c.req.valid("json");
    await requireNetwork(db, organisationId, id);
    await requireEntriesOfKind(db, organisationId, memberIds, "institution");
    await db.transaction().execute((trx) => replaceNetworkMembers(trx, organisationId, id, memberIds));
    return c.json({ members: await networkMembers(db, organisationId, id) }, 200);
  });
