import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { districtSchema } from "./directory-schemas.ts";
import { createDistrict, deleteDistrict, findDistrict, listDistricts, renameDistrict, reorderDistricts } from "./districts.ts";

const districtName = z.string().trim().min(1).max(200);
const districtList = json(z.object({ districts: z.array(districtSchema) }));

const listRoute = createRoute({
  method: "get",
  path: "/directory/districts",
  tags: ["Directory"],
  summary: "The organisation's districts (Sozialräume) in their order, with entry counts",
  middleware: [requireSession] as const,
  responses: { 200: districtList },
});

const createDistrictRoute = createRoute({
  method: "post",
  path: "/directory/districts",
  tags: ["Directory"],
  summary: "Add a district at the end (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(z.object({ name: districtName })),
  responses: { 201: json(districtSchema), ...errorResponses },
});

const renameRoute = createRoute({
  method: "patch",
  path: "/directory/districts/{id}",
  tags: ["Directory"],
  summary: "Rename a district (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ name: districtName })) },
  responses: { 200: json(districtSchema), ...errorResponses },
});

const reorderRoute = createRoute({
  method: "put",
  path: "/directory/districts/order",
  tags: ["Directory"],
  summary: "Put districts in this order (admins only); districts not named follow in their old order",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(z.object({ ids: z.array(z.uuid()).max(1000) })),
  responses: { 200: districtList, ...errorResponses },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/directory/districts/{id}",
  tags: ["Directory"],
  summary: "Delete a district (admins only); its entries stay, without a district",
  middleware: [requireSession, requireAdmin] as const,
  request: { params: uuidParam },
  responses: { 200: json(z.object({ ok: z.literal(true), unassignedEntries: z.number().int() })), ...errorResponses },
});

export const districtRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ districts: await listDistricts(c.var.services.db, c.var.session.organisationId) }, 200))
  .openapi(createDistrictRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const id = await createDistrict(db, organisationId, c.req.valid("json").name);
    return c.json(await findDistrict(db, organisationId, id), 201);
  })
  .openapi(renameRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { id } = c.req.valid("param");
    await renameDistrict(db, organisationId, id, c.req.valid("json").name);
    return c.json(await findDistrict(db, organisationId, id), 200);
  })
  .openapi(reorderRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    await reorderDistricts(db, organisationId, c.req.valid("json").ids);
    return c.json({ districts: await listDistricts(db, organisationId) }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const unassignedEntries = await deleteDistrict(c.var.services.db, c.var.session.organisationId, c.req.valid("param").id);
    return c.json({ ok: true as const, unassignedEntries }, 200);
  });
