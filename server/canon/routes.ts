import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, errorResponses, errorSchema, json, jsonBody } from "../lib/openapi.ts";
import { canonItemView, canonItemViewSchema, canonTagsSchema, listCatalogue } from "./canon-catalogue.ts";
import { canonFacets, canonFacetsSchema } from "./canon-facets.ts";
import { optionMappingSchema } from "./option-mapping.ts";
import {
  createOrganisationItem,
  itemIdParam,
  itemRevisionSchema,
  itemVersions,
  newItemSchema,
  reviseOrganisationItem,
  setItemRetired,
} from "./organisation-items.ts";

const localized = z.object({ de: z.string(), en: z.string() });
const booleanQuery = z.enum(["true", "false"]).optional();
const withForbidden = { ...errorResponses, 403: json(errorSchema, "Read-only (shipped canon item)") } as const;

const listRoute = createRoute({
  method: "get",
  path: "/canon/items",
  tags: ["Canon"],
  summary: "Latest version of every canon item (shipped and the organisation's own), filtered and searched (German-aware)",
  description:
    "The search matches every word of `q` regardless of case and umlauts, by word stem (Schulen ~ Schule) and with common synonyms and abbreviations (Kita ~ Kindertagesstätte, ASD ~ Jugendamt, OGS ~ Offene Ganztagsschule). A life-phase or field-of-action filter also finds the general items tagged `\"all\"` (they apply to every phase or field) unless `includeGeneral=false`.",
  middleware: [requireSession] as const,
  request: {
    query: z.object({
      q: z.string().max(200).optional(),
      questionnaire: z.string().max(100).optional(),
      module: z.string().max(100).optional(),
      /** Items about this life phase, and the general items tagged "all" (unless includeGeneral=false). */
      lifePhase: z.string().max(50).optional(),
      /** Items about this field of action, and the general items tagged "all" (unless includeGeneral=false). */
      fieldOfAction: z.string().max(50).optional(),
      /** false: lifePhase and fieldOfAction find only items tagged with them specifically. Default true. */
      includeGeneral: booleanQuery,
      topic: z.string().max(50).optional(),
      /** true: only the organisation's own items; false: only the shipped canon. */
      own: booleanQuery,
      /** true: also list retired own items. */
      includeRetired: booleanQuery,
    }),
  },
  responses: { 200: json(z.object({ items: z.array(canonItemViewSchema) })), ...errorResponses },
});

const facetsRoute = createRoute({
  method: "get",
  path: "/canon/facets",
  tags: ["Canon"],
  summary: "Questionnaires, modules, topics, life phases and fields of action with labels and item counts",
  middleware: [requireSession] as const,
  responses: { 200: json(canonFacetsSchema), ...errorResponses },
});

const createItemRoute = createRoute({
  method: "post",
  path: "/canon/items",
  tags: ["Canon"],
  summary: "Add an item to the organisation's canon (version 1; the server assigns the id)",
  middleware: [requireSession] as const,
  request: jsonBody(newItemSchema),
  responses: { 201: json(canonItemViewSchema, "Created"), ...errorResponses },
});

const reviseItemRoute = createRoute({
  method: "put",
  path: "/canon/items/{itemId}",
  tags: ["Canon"],
  summary: "Save a new version of an own item (earlier versions stay unchanged)",
  description:
    "When the answer values (choices with other/none, rating values, matrix columns) differ from the previous version, the body must carry `optionMapping`: `map` maps every previous value that no longer exists to a new value or null (values that still exist map to themselves unless stated), `break` says whether the versions stay comparable. It is stored as `{ fromVersion, map, break }` covering every previous value.",
  middleware: [requireSession] as const,
  request: { params: itemIdParam, ...jsonBody(itemRevisionSchema) },
  responses: { 200: json(canonItemViewSchema), ...withForbidden },
});

const retireRoute = createRoute({
  method: "post",
  path: "/canon/items/{itemId}/retire",
  tags: ["Canon"],
  summary: "Retire an own item: hidden from the canon browser, kept by surveys that use it",
  middleware: [requireSession] as const,
  request: { params: itemIdParam },
  responses: { 200: json(canonItemViewSchema), ...withForbidden },
});

const unretireRoute = createRoute({
  method: "post",
  path: "/canon/items/{itemId}/unretire",
  tags: ["Canon"],
  summary: "Bring a retired own item back into the canon browser",
  middleware: [requireSession] as const,
  request: { params: itemIdParam },
  responses: { 200: json(canonItemViewSchema), ...withForbidden },
});

const versionSchema = z.object({
  version: z.number().int(),
  questionnaire: z.string(),
  module: z.string(),
  moduleTitle: localized,
  tags: canonTagsSchema,
  help: localized,
  personalDataWarning: z.boolean(),
  origin: z.enum(["canon", "editor", "import"]),
  createdAt: z.string(),
  /** The question as stored (what the form editor edits), without help text or canon identity. */
  element: z.record(z.string(), z.unknown()),
  /** How this version's answer values relate to the previous version's; null for version 1 and unchanged options. */
  optionMapping: optionMappingSchema.nullable(),
});

const versionsRoute = createRoute({
  method: "get",
  path: "/canon/items/{itemId}/versions",
  tags: ["Canon"],
  summary: "Every version of an item, oldest first",
  middleware: [requireSession] as const,
  request: { params: itemIdParam },
  responses: {
    200: json(z.object({ itemId: z.string(), own: z.boolean(), retired: z.boolean(), versions: z.array(versionSchema) }).openapi("CanonItemVersions")),
    ...errorResponses,
  },
});

export const canonRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { own, includeRetired, includeGeneral, ...filter } = c.req.valid("query");
    const rows = await listCatalogue(c.var.services.db, c.var.session.organisationId, {
      ...filter,
      own: own === undefined ? undefined : own === "true",
      includeRetired: includeRetired === "true",
      includeGeneral: includeGeneral !== "false",
    });
    return c.json({ items: rows.map(canonItemView) }, 200);
  })
  .openapi(facetsRoute, async (c) => {
    return c.json(await canonFacets(c.var.services.db, c.var.session.organisationId), 200);
  })
  .openapi(createItemRoute, async (c) => {
    const row = await createOrganisationItem(c.var.services.db, c.var.session, c.req.valid("json"));
    return c.json(canonItemView(row), 201);
  })
  .openapi(reviseItemRoute, async (c) => {
    const row = await reviseOrganisationItem(c.var.services.db, c.var.session, c.req.valid("param").itemId, c.req.valid("json"));
    return c.json(canonItemView(row), 200);
  })
  .openapi(retireRoute, async (c) => {
    const row = await setItemRetired(c.var.services.db, c.var.session.organisationId, c.req.valid("param").itemId, true);
    return c.json(canonItemView(row), 200);
  })
  .openapi(unretireRoute, async (c) => {
    const row = await setItemRetired(c.var.services.db, c.var.session.organisationId, c.req.valid("param").itemId, false);
    return c.json(canonItemView(row), 200);
  })
  .openapi(versionsRoute, async (c) => {
    const { itemId } = c.req.valid("param");
    const rows = await itemVersions(c.var.services.db, c.var.session.organisationId, itemId);
    const latest = rows[rows.length - 1]!;
    return c.json(
      {
        itemId,
        own: latest.organisation_id !== null,
        retired: latest.retired_at !== null,
        versions: rows.map((row) => ({
          version: row.version,
          questionnaire: row.questionnaire,
          module: row.module,
          moduleTitle: row.module_title,
          tags: row.tags,
          help: row.help,
          personalDataWarning: row.personal_data_warning,
          origin: row.origin,
          createdAt: row.created_at.toISOString(),
          element: row.element,
          optionMapping: row.option_mapping,
        })),
      },
      200,
    );
  });
