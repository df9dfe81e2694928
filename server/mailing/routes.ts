import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";

const mailboxRoute = createRoute({
  method: "get",
  path: "/dev/mailbox",
  tags: ["Mail"],
  summary: "Mails the dev mailbox received (only without SMTP_URL; only the own organisation's mails; administrators only)",
  description:
    "The mails hold personal survey links and team invitations: whoever reads them could answer as a respondent (and see a pseudonymous respondent's answers) or join the team as someone else. So only administrators read them (403 `admin_only` for planners); in production, mail goes out via SMTP and this mailbox is off.",
  middleware: [requireSession, requireAdmin] as const,
  responses: {
    200: json(
      z.object({
        mails: z.array(
          z.object({ id: z.number(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), createdAt: z.string() }),
        ),
      }),
    ),
    ...errorResponses,
  },
});

export const mailingRoutes = createRouter().openapi(mailboxRoute, async (c) => {
  if (!c.var.services.devMailbox) {
    throw new ApiError(404, "dev_mailbox_off", {
      de: "Das Test-Postfach ist aus, weil Mails per SMTP versendet werden.",
      en: "The dev mailbox is off because mail goes out via SMTP.",
    });
  }
  const rows = await c.var.services.db
    .selectFrom("dev_mailbox")
    .selectAll()
    .where("organisation_id", "=", c.var.session.organisationId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  return c.json(
    {
      mails: rows.map((row) => ({
        id: Number(row.id),
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        createdAt: row.created_at.toISOString(),
      })),
    },
    200,
  );
});
