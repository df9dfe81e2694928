import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { auditActor, recordAudit } from "../audit/audit-log.ts";
import { requireSession } from "../auth/middleware.ts";
import { ApiError } from "../lib/api-error.ts";
import { clientAddress } from "../lib/client-address.ts";
import type { AppEnv } from "../lib/context.ts";
import { createRouter, errorResponses, errorSchema, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { countEventWithinLimits } from "../lib/rate-limit.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import {
  createNetworkView,
  findNetworkViewByToken,
  listNetworkViews,
  networkViewContent,
  revokeNetworkView,
  type SharedViewRow,
} from "./network-view-service.ts";
import { sharedResultsSchema } from "./shared-results-schema.ts";

/** Unknown share links one client may try within the window before it is told to wait. */
export const SHARE_LOOKUP_LIMIT = { failures: 30, windowMinutes: 15 } as const;

const modeSchema = z.enum(["members", "own"]).openapi({
  description: "members: the aggregated answers of the network's members; own: the network's own answers beside the overall distribution.",
});

const networkViewSchema = z
  .object({
    id: z.string(),
    networkId: z.string(),
    networkName: z.string(),
    mode: modeSchema,
    createdAt: z.string(),
    createdByName: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("NetworkViewLink");

const listRoute = createRoute({
  method: "get",
  path: "/surveys/{id}/network-views",
  tags: ["Sharing"],
  summary: "The survey's share links for networks (never the links themselves: only their hashes are stored)",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam },
  responses: {
    200: json(
      z.object({
        views: z.array(networkViewSchema),
        privacyMode: z.enum(["identified", "pseudonymous", "anonymous"]),
        /** The organisation's smallest shown group. */
        minCellSize: z.number().int(),
      }),
    ),
    ...errorResponses,
  },
});

const createViewRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/network-views",
  tags: ["Sharing"],
  summary: "Make a share link for a network of the directory; the link is in the answer once and never again",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ networkId: z.uuid(), mode: modeSchema.default("members") })) },
  responses: {
    201: json(z.object({ id: z.string(), url: z.string() }), "Created"),
    ...errorResponses,
  },
});

const revokeRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/network-views/{viewId}/revoke",
  tags: ["Sharing"],
  summary: "Withdraw a share link: it answers 410 from now on",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
      viewId: z.uuid().openapi({ param: { name: "viewId", in: "path" } }),
    }),
  },
  responses: { 200: json(networkViewSchema), ...errorResponses },
});

export const networkViewContentSchema = z
  .object({
    organisationName: z.string(),
    surveyTitle: z.object({ de: z.string(), en: z.string() }),
    surveyStatus: z.enum(["draft", "open", "closed"]),
    networkName: z.string(),
    mode: modeSchema,
    minCellSize: z.number().int(),
    respondents: z.number().int().nullable().openapi({
      description: "members: the members' submitted responses (null when fewer than minCellSize); own: the network's own submitted responses.",
    }),
    results: sharedResultsSchema.openapi({ description: "members: suppressed; own: the network's own answers (not suppressed, no free texts)." }),
    overall: sharedResultsSchema.optional().openapi({ description: "own: every submitted response of the survey, suppressed." }),
  })
  .openapi("NetworkView");

/** The public answer is for its holder only: not cached, not passed on as a referrer, not indexed. */
const privateAnswer = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("Referrer-Policy", "no-referrer");
  c.res.headers.set("X-Robots-Tag", "noindex, nofollow");
});

const publicRoute = createRoute({
  method: "get",
  path: "/n/{token}",
  tags: ["Sharing"],
  summary: "A network's results behind its share link (no sign-in): small cells suppressed, no free texts",
  middleware: [privateAnswer] as const,
  request: {
    params: z.object({ token: z.string().min(1).max(200).openapi({ param: { name: "token", in: "path" } }) }),
  },
  responses: {
    200: json(networkViewContentSchema),
    400: json(errorSchema, "Invalid request"),
    404: json(errorSchema, "Unknown link"),
    410: json(errorSchema, "Withdrawn link, or the survey no longer allows it"),
    429: json(errorSchema, "Too many unknown links from this client"),
  },
});

/**
 * Finds the link, counting unknown ones per client: a client that keeps trying unknown links is
 * told to wait (429), so share links cannot be probed at speed.
 */
async function lookUpShareLink(c: Context<AppEnv>, token: string): Promise<SharedViewRow> {
  const { db } = c.var.services;
  try {
    return await findNetworkViewByToken(db, token);
  } catch (error) {
    if (error instanceof ApiError && error.code === "share_link_unknown") {
      const key = `share-link-client:${clientAddress(c)}`;
      // Counted atomically: parallel probes cannot all pass a check made before any was counted.
      const counted = await countEventWithinLimits(db, [{ key, limit: SHARE_LOOKUP_LIMIT.failures }], SHARE_LOOKUP_LIMIT.windowMinutes);
      if (!counted) {
        c.header("Retry-After", String(SHARE_LOOKUP_LIMIT.windowMinutes * 60));
        throw new ApiError(429, "too_many_unknown_links", {
          de: "Zu viele unbekannte Links von diesem Gerät. Bitte warten Sie eine Viertelstunde.",
          en: "Too many unknown links from this device. Please wait a quarter of an hour.",
        });
      }
    }
    throw error;
  }
}

export const networkViewRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const organisation = await db.selectFrom("organisations").select("min_cell_size").where("id", "=", organisationId).executeTakeFirstOrThrow();
    return c.json(
      {
        views: await listNetworkViews(db, organisationId, c.var.survey.id),
        privacyMode: c.var.survey.privacy_mode,
        minCellSize: organisation.min_cell_size,
      },
      200,
    );
  })
  .openapi(createViewRoute, async (c) => {
    const { networkId, mode } = c.req.valid("json");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    // The link and its audit entry exist together or not at all.
    const created = await db.transaction().execute(async (trx) => {
      const view = await createNetworkView(trx, { organisationId: session.organisationId, survey, networkId, mode, createdBy: session.userId });
      await recordAudit(trx, {
        ...auditActor(session),
        action: "network_view.created",
        targetType: "network_view",
        targetId: view.id,
        targetLabel: `${survey.title} – ${view.networkName}`,
        details: { surveyId: survey.id, networkId, mode },
      });
      return view;
    });
    return c.json({ id: created.id, url: `${publicBaseUrl(c)}/n/${created.token}` }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    const { viewId } = c.req.valid("param");
    const { db } = c.var.services;
    const session = c.var.session;
    const survey = c.var.survey;
    const view = await db.transaction().execute(async (trx) => {
      const revoked = await revokeNetworkView(trx, session.organisationId, survey.id, viewId);
      if (revoked.changed) {
        await recordAudit(trx, {
          ...auditActor(session),
          action: "network_view.revoked",
          targetType: "network_view",
          targetId: revoked.view.id,
          targetLabel: `${survey.title} – ${revoked.view.networkName}`,
          details: { surveyId: survey.id, networkId: revoked.view.networkId, mode: revoked.view.mode },
        });
      }
      return revoked.view;
    });
    return c.json(view, 200);
  })
  .openapi(publicRoute, async (c) => {
    const { token } = c.req.valid("param");
    const view = await lookUpShareLink(c, token);
    return c.json(await networkViewContent(c.var.services.db, view), 200);
  });
