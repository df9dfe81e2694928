import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { describeSession, meSchema } from "../auth/describe-session.ts";
import { requireAdmin, requireSession } from "../auth/middleware.ts";
import { hashPassword } from "../auth/passwords.ts";
import { setupDone } from "../auth/routes.ts";
import { endSession, startSession } from "../auth/sessions.ts";
import { deleteOrganisation } from "../data-protection/delete-organisation.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { examplePassword, insertExampleOrganisation, populateExample, removeExample, EXAMPLE_ACCOUNT } from "./create-example.ts";

const exampleSetupSchema = meSchema
  .extend({
    example: z.object({
      /** The planner account of the example; the password is shown this once (only its hash is stored). */
      account: z.object({ email: z.string(), name: z.string(), password: z.string() }),
      /** Share links of networks to their results (each shown this once). */
      networkViews: z.array(z.object({ surveyId: z.string(), surveyTitle: z.string(), networkName: z.string(), mode: z.enum(["members", "own"]), url: z.string() })),
      counts: z.object({
        districts: z.number().int(),
        institutions: z.number().int(),
        networks: z.number().int(),
        invitations: z.number().int(),
        responses: z.number().int(),
        submitted: z.number().int(),
      }),
    }),
  })
  .openapi("ExampleSetup");

const exampleSetupRoute = createRoute({
  method: "post",
  path: "/setup/example",
  tags: ["Accounts"],
  summary: "First run: explore an example municipality (Musterstadt, invented data) instead of creating an organisation",
  description:
    "Only on an empty database, like /setup (409 `setup_done` otherwise). Creates the example organisation with its directory, surveys in two waves, answers and network share links, " +
    "and a planner account (an admin of the example) whose generated password is in this answer once; signs that account in. Takes a few seconds.",
  responses: { 200: json(exampleSetupSchema), ...errorResponses },
});

const deleteExampleRoute = createRoute({
  method: "delete",
  path: "/example",
  tags: ["Data protection"],
  summary: "Delete the example organisation in one step (admins of the example only)",
  description:
    "Deletes the signed-in planner's organisation with everything in it, like DELETE /organisation, without typing its name, but only when it is the example (409 `not_example` otherwise). " +
    "The session ends. `setupNeeded`: no organisation is left, so the first-run setup is offered again.",
  middleware: [requireSession, requireAdmin] as const,
  responses: {
    200: json(
      z.object({
        deleted: z.object({ users: z.number().int(), surveys: z.number().int(), responses: z.number().int(), directoryEntries: z.number().int() }),
        setupNeeded: z.boolean(),
      }),
    ),
    ...errorResponses,
  },
});

/** The example municipality: explore it at first run, delete it in one step. Mounted under /api. */
export const exampleRoutes = createRouter()
  .openapi(exampleSetupRoute, async (c) => {
    const { db } = c.var.services;
    // Answered before any hashing: once set up, this route costs nothing (it is not signed in).
    if (await db.selectFrom("organisations").select("id").limit(1).executeTakeFirst()) throw setupDone();
    const password = examplePassword();
    const passwordHash = await hashPassword(password);
    const ids = await db.transaction().execute(async (trx) => {
      // Like the first-run setup: only the first of concurrent requests finds the table empty.
      await sql`lock table organisations in exclusive mode`.execute(trx);
      const existing = await trx.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
      if (existing) return null;
      return insertExampleOrganisation(trx, passwordHash);
    });
    if (!ids) throw setupDone();
    const baseUrl = publicBaseUrl(c);
    let content;
    try {
      content = await populateExample(db, ids, { baseUrl });
    } catch (error) {
      await removeExample(db, ids.organisationId, ids.userId);
      throw error;
    }
    const sessionId = await startSession(c, ids.userId, ids.organisationId);
    const me = (await describeSession(c, sessionId))!;
    return c.json(
      {
        ...me,
        example: {
          account: { ...EXAMPLE_ACCOUNT, password },
          networkViews: content.networkViews.map(({ token, ...view }) => ({ ...view, url: `${baseUrl}/n/${token}` })),
          counts: content.counts,
        },
      },
      200,
    );
  })
  .openapi(deleteExampleRoute, async (c) => {
    const { db } = c.var.services;
    const session = c.var.session;
    const organisation = await db.selectFrom("organisations").select(["name", "is_example"]).where("id", "=", session.organisationId).executeTakeFirstOrThrow();
    if (!organisation.is_example) {
      throw new ApiError(409, "not_example", {
        de: "Diese Organisation ist keine Beispielkommune. Eine echte Organisation löschen Sie unter Einstellungen (mit Bestätigung ihres Namens).",
        en: "This organisation is not the example municipality. A real organisation is deleted under Settings (confirming its name).",
      });
    }
    const deleted = await deleteOrganisation(db, session, organisation.name);
    // The session row went with the organisation; this clears the cookie.
    await endSession(c, session);
    const left = await db.selectFrom("organisations").select("id").where("erasure_requested_at", "is", null).limit(1).executeTakeFirst();
    return c.json({ deleted, setupNeeded: !left }, 200);
  });
