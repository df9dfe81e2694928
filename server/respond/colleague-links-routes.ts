import { createRoute, z } from "@hono/zod-openapi";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";
import { lookUp } from "./look-up-link.ts";
import { isSurveyClosed, respondentAddressOf, surveyClosedError } from "./respondent-link.ts";
import { respondentError, respondentMessages } from "./respondent-messages.ts";

/** More colleague links than this per response would be a leak, not teamwork. */
export const MAX_COLLEAGUE_LINKS = 10;

const tokenParam = z.object({
  token: z.string().min(1).max(200).openapi({ param: { name: "token", in: "path" } }),
});

const linkSchema = z
  .object({ id: z.string(), label: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi("ColleagueLink");

const listRoute = createRoute({
  method: "get",
  path: "/r/{token}/colleague-links",
  tags: ["Respond"],
  summary: "The extra links to this response that respondents made for colleagues",
  request: { params: tokenParam },
  responses: { 200: json(z.object({ links: z.array(linkSchema), currentLinkId: z.string() })), ...errorResponses },
});

const createLinkRoute = createRoute({
  method: "post",
  path: "/r/{token}/colleague-links",
  tags: ["Respond"],
  summary: "Make a second link to the same response for a colleague (shown once; only its hash is stored)",
  request: { params: tokenParam, ...jsonBody(z.object({ label: z.string().trim().max(100).default("") })) },
  responses: { 201: json(linkSchema.extend({ url: z.string() })), ...errorResponses, 410: json(z.unknown(), "Closed") },
});

const revokeLinkRoute = createRoute({
  method: "delete",
  path: "/r/{token}/colleague-links/{linkId}",
  tags: ["Respond"],
  summary: "Revoke a colleague link; the answers stay",
  request: {
    params: tokenParam.extend({ linkId: z.uuid().openapi({ param: { name: "linkId", in: "path" } }) }),
  },
  responses: { 200: json(z.object({ links: z.array(linkSchema), currentLinkId: z.string() })), ...errorResponses },
});

async function colleagueLinks(db: Kysely<Database>, invitationId: string) {
  const rows = await db
    .selectFrom("invitation_links")
    .select(["id", "label", "created_at", "revoked_at"])
    .where("invitation_id", "=", invitationId)
    .where("purpose", "=", "colleague")
    .orderBy("created_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

/**
 * Several contributors: whoever holds a link can make a second one for a colleague (the Kita head
 * for the colleague who knows the offers) and revoke it again. Every link reaches the same
 * response, so merging and conflict choice work across them as across devices.
 */
export const colleagueLinkRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.services;
    const link = await lookUp(c, c.req.valid("param").token);
    c.header("Cache-Control", "no-store");
    return c.json({ links: await colleagueLinks(db, link.invitation_id), currentLinkId: link.link_id }, 200);
  })
  .openapi(createLinkRoute, async (c) => {
    const { db } = c.var.services;
    const link = await lookUp(c, c.req.valid("param").token);
    if (isSurveyClosed(link)) throw await surveyClosedError(db, link);
    const { label } = c.req.valid("json");
    const token = newSecretToken();
    // Counted and made under a lock on the invitation: parallel requests cannot all pass the count.
    const row = await db.transaction().execute(async (trx) => {
      await trx.selectFrom("invitations").select("id").where("id", "=", link.invitation_id).forUpdate().executeTakeFirst();
      const active = await trx
        .selectFrom("invitation_links")
        .select(sql<number>`count(*)::int`.as("count"))
        .where("invitation_id", "=", link.invitation_id)
        .where("purpose", "=", "colleague")
        .where("revoked_at", "is", null)
        .executeTakeFirstOrThrow();
      if (active.count >= MAX_COLLEAGUE_LINKS) {
        const text = respondentMessages.tooManyColleagueLinks(MAX_COLLEAGUE_LINKS);
        throw respondentError(409, "too_many_colleague_links", text, respondentAddressOf(link).formOfAddress);
      }
      return trx
        .insertInto("invitation_links")
        .values({
          token_hash: hashToken(token),
          invitation_id: link.invitation_id,
          organisation_id: link.organisation_id,
          purpose: "colleague",
          label,
        })
        .returning(["id", "label", "created_at"])
        .executeTakeFirstOrThrow();
    });
    c.header("Cache-Control", "no-store");
    return c.json(
      { id: row.id, label: row.label, createdAt: row.created_at.toISOString(), revokedAt: null, url: `${publicBaseUrl(c)}/r/${token}` },
      201,
    );
  })
  .openapi(revokeLinkRoute, async (c) => {
    const { db } = c.var.services;
    const { token, linkId } = c.req.valid("param");
    const link = await lookUp(c, token);
    const revoked = await db
      .updateTable("invitation_links")
      .set({ revoked_at: new Date() })
      .where("id", "=", linkId)
      .where("invitation_id", "=", link.invitation_id)
      .where("purpose", "=", "colleague")
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (revoked.numUpdatedRows === 0n) {
      const text = respondentMessages.colleagueLinkUnknown();
      throw respondentError(404, "colleague_link_not_found", text, respondentAddressOf(link).formOfAddress);
    }
    return c.json({ links: await colleagueLinks(db, link.invitation_id), currentLinkId: link.link_id }, 200);
  });
