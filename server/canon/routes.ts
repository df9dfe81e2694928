import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { requireSession } from "../auth/middleware.ts";
import { createRouter, json } from "../lib/openapi.ts";
import { searchTermsOf } from "../lib/search-text.ts";
import { renderCanonElement } from "../lib/survey-definition.ts";

const localized = z.object({ de: z.string(), en: z.string() });

const canonItemSchema = z
  .object({
    itemId: z.string(),
    version: z.number().int(),
    questionnaire: z.string(),
    module: z.string(),
    moduleTitle: localized,
    tags: z.object({ lifePhases: z.array(z.string()), fieldsOfAction: z.array(z.string()), topics: z.array(z.string()) }),
    type: z.string(),
    title: localized,
    /** The SurveyJS question exactly as a respondent will get it. */
    element: z.record(z.string(), z.unknown()),
  })
  .openapi("CanonItem");

const listRoute = createRoute({
  method: "get",
  path: "/canon/items",
  tags: ["Canon"],
  summary: "Latest version of every canon item, filtered and searched (German-aware)",
  middleware: [requireSession] as const,
  request: {
    query: z.object({
      q: z.string().max(200).optional(),
      questionnaire: z.string().max(50).optional(),
      module: z.string().max(100).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(canonItemSchema) })) },
});

export const canonRoutes = createRouter().openapi(listRoute, async (c) => {
  const { q, questionnaire, module } = c.req.valid("query");
  const organisationId = c.var.session.organisationId;
  let query = c.var.services.db
    .selectFrom("canon_items as item")
    .selectAll()
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("canon_items as newer")
            .select(sql`1`.as("one"))
            .whereRef("newer.item_id", "=", "item.item_id")
            .whereRef("newer.version", ">", "item.version"),
        ),
      ),
    );
  if (questionnaire) query = query.where("questionnaire", "=", questionnaire);
  if (module) query = query.where("module", "=", module);
  for (const term of searchTermsOf(q ?? "")) {
    query = query.where("search_text", "like", `%${term.replace(/[%_\\]/g, "\\$&")}%`);
  }
  const rows = await query.orderBy("questionnaire").orderBy("position").orderBy("item_id").execute();
  return c.json(
    {
      items: rows.map((row) => {
        const title = row.element.title as { de: string; en: string } | undefined;
        return {
          itemId: row.item_id,
          version: row.version,
          questionnaire: row.questionnaire,
          module: row.module,
          moduleTitle: row.module_title,
          tags: row.tags,
          type: String(row.element.type ?? "text"),
          title: title ?? { de: row.item_id, en: row.item_id },
          element: renderCanonElement(row),
        };
      }),
    },
    200,
  );
});
