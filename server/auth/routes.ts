import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sql } from "kysely";
import { ApiError } from "../lib/api-error.ts";
import { clientAddress } from "../lib/client-address.ts";
import type { AppEnv } from "../lib/context.ts";
import { enqueueMails, escapeHtml } from "../lib/mail-outbox.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";
import { countLoginAttempt, LOGIN_LIMIT, loginSucceeded } from "./login-rate-limit.ts";
import { requireAdmin, requireSession } from "./middleware.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords.ts";
import { endSession, readSession, sessionCookie, startSession } from "./sessions.ts";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Not a valid e-mail address" }))
  .openapi({ example: "planung@wuppertal.de" });
const password = z.string().min(10, { message: "At least 10 characters" }).max(200);
const personName = z.string().trim().min(1).max(200);

export const meSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(["admin", "planner"]) }),
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      /** The invented example municipality (Musterstadt): the UI marks it and offers to delete it. */
      isExample: z.boolean(),
    }),
    csrfToken: z.string(),
    devMailbox: z.boolean(),
  })
  .openapi("Me");

const okSchema = z.object({ ok: z.literal(true) });

/** The signed-in planner as /api/auth/me shows them (by the cookie, or by a session just started). */
export async function describeSession(c: Context<AppEnv>, sessionValue?: string) {
  const session = await readSession(c.var.services.db, sessionValue ?? sessionCookie(c));
  if (!session) return null;
  const organisation = await c.var.services.db
    .selectFrom("organisations")
    .select(["id", "name", "is_example"])
    .where("id", "=", session.organisationId)
    .executeTakeFirstOrThrow();
  return {
    user: { id: session.userId, email: session.email, name: session.name, role: session.role },
    organisation: { id: organisation.id, name: organisation.name, isExample: organisation.is_example },
    csrfToken: session.csrfToken,
    devMailbox: c.var.services.devMailbox,
  };
}

const setupStatusRoute = createRoute({
  method: "get",
  path: "/setup",
  tags: ["Accounts"],
  summary: "Whether the first-run setup is still needed",
  responses: { 200: json(z.object({ needed: z.boolean() })) },
});

const setupRoute = createRoute({
  method: "post",
  path: "/setup",
  tags: ["Accounts"],
  summary: "First run: create the organisation and its first admin (only on an empty database)",
  request: jsonBody(
    z.object({ organisationName: z.string().trim().min(2).max(200), name: personName, email, password }),
  ),
  responses: { 200: json(meSchema), ...errorResponses },
});

/** 409 for a first-run setup on a database that already has an organisation. */
export const setupDone = () =>
  new ApiError(409, "setup_done", {
    de: "Kanon ist bereits eingerichtet. Bitte melden Sie sich an.",
    en: "Kanon is already set up. Please sign in.",
  });

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Accounts"],
  summary: "Sign in with e-mail and password",
  request: jsonBody(z.object({ email, password: z.string().min(1).max(200) })),
  responses: { 200: json(meSchema), ...errorResponses, 429: json(z.unknown(), "Too many attempts") },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Accounts"],
  middleware: [requireSession] as const,
  responses: { 200: json(okSchema) },
});

const meRoute = createRoute({
  method: "get",
  path: "/auth/me",
  tags: ["Accounts"],
  summary: "The signed-in planner, or 401",
  responses: { 200: json(meSchema), ...errorResponses },
});

const teamRoute = createRoute({
  method: "get",
  path: "/team",
  tags: ["Accounts"],
  summary: "Planners of the organisation and open invitations",
  middleware: [requireSession] as const,
  responses: {
    200: json(
      z.object({
        members: z.array(z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() })),
        invitations: z.array(
          z.object({ id: z.string(), email: z.string(), role: z.string(), expiresAt: z.string() }),
        ),
      }),
    ),
  },
});

const invitePlannerRoute = createRoute({
  method: "post",
  path: "/team/invitations",
  tags: ["Accounts"],
  summary: "Invite a further planner by e-mail link (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(z.object({ email, role: z.enum(["admin", "planner"]).default("planner") })),
  responses: { 200: json(okSchema), ...errorResponses },
});

const tokenParam = z.object({ token: z.string().min(20).max(100).openapi({ param: { name: "token", in: "path" } }) });

const plannerInvitationRoute = createRoute({
  method: "get",
  path: "/team/invitations/{token}",
  tags: ["Accounts"],
  summary: "Look up a planner invitation link",
  request: { params: tokenParam },
  responses: { 200: json(z.object({ email: z.string(), organisationName: z.string() })), ...errorResponses },
});

const acceptInvitationRoute = createRoute({
  method: "post",
  path: "/team/invitations/{token}/accept",
  tags: ["Accounts"],
  summary: "Accept a planner invitation: set name and password, get signed in",
  request: { params: tokenParam, ...jsonBody(z.object({ name: personName, password })) },
  responses: { 200: json(meSchema), ...errorResponses },
});

const invitationGone = () =>
  new ApiError(404, "invitation_unknown", {
    de: "Diese Einladung ist unbekannt, abgelaufen oder wurde schon verwendet.",
    en: "This invitation is unknown, expired or already used.",
  });

async function findOpenPlannerInvitation(c: Context<AppEnv>, token: string) {
  const invitation = await c.var.services.db
    .selectFrom("planner_invitations")
    .innerJoin("organisations", "organisations.id", "planner_invitations.organisation_id")
    .select([
      "planner_invitations.id",
      "planner_invitations.email",
      "planner_invitations.role",
      "planner_invitations.organisation_id",
      "organisations.name as organisation_name",
    ])
    .where("token_hash", "=", hashToken(token))
    .where("accepted_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
  if (!invitation) throw invitationGone();
  return invitation;
}

export const authRoutes = createRouter()
  .openapi(setupStatusRoute, async (c) => {
    const row = await c.var.services.db.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
    return c.json({ needed: !row }, 200);
  })
  .openapi(setupRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const passwordHash = await hashPassword(body.password);
    const created = await db.transaction().execute(async (trx) => {
      // Serialises concurrent first-run requests: only the first one finds the table empty.
      await sql`lock table organisations in exclusive mode`.execute(trx);
      const existing = await trx.selectFrom("organisations").select("id").limit(1).executeTakeFirst();
      if (existing) return null;
      const organisation = await trx
        .insertInto("organisations")
        .values({ name: body.organisationName })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto("users")
        .values({
          organisation_id: organisation.id,
          email: body.email,
          name: body.name,
          password_hash: passwordHash,
          role: "admin",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { organisationId: organisation.id, userId: user.id };
    });
    if (!created) throw setupDone();
    const sessionId = await startSession(c, created.userId, created.organisationId);
    return c.json((await describeSession(c, sessionId))!, 200);
  })
  .openapi(loginRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const client = clientAddress(c);
    const counted = await countLoginAttempt(db, body.email, client);
    if (!counted) {
      c.header("Retry-After", String(LOGIN_LIMIT.windowMinutes * 60));
      throw new ApiError(429, "too_many_attempts", {
        de: `Zu viele Anmeldeversuche. Bitte warten Sie ${LOGIN_LIMIT.windowMinutes} Minuten.`,
        en: `Too many sign-in attempts. Please wait ${LOGIN_LIMIT.windowMinutes} minutes.`,
      });
    }
    const user = await db
      .selectFrom("users")
      .select(["id", "organisation_id", "password_hash"])
      .where("email", "=", body.email)
      .executeTakeFirst();
    const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash), body.password);
    if (!user || !valid) {
      throw new ApiError(401, "login_failed", {
        de: "E-Mail-Adresse oder Passwort stimmt nicht.",
        en: "E-mail address or password is wrong.",
      });
    }
    await loginSucceeded(db, counted);
    const sessionId = await startSession(c, user.id, user.organisation_id);
    return c.json((await describeSession(c, sessionId))!, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await endSession(c, c.var.session);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(meRoute, async (c) => {
    const me = await describeSession(c);
    if (!me) {
      throw new ApiError(401, "not_signed_in", { de: "Bitte melden Sie sich an.", en: "Please sign in." });
    }
    return c.json(me, 200);
  })
  .openapi(teamRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const members = await db
      .selectFrom("users")
      .select(["id", "email", "name", "role"])
      .where("organisation_id", "=", organisationId)
      .orderBy("created_at")
      .execute();
    const invitations = await db
      .selectFrom("planner_invitations")
      .select(["id", "email", "role", "expires_at"])
      .where("organisation_id", "=", organisationId)
      .where("accepted_at", "is", null)
      .where("expires_at", ">", new Date())
      .orderBy("created_at")
      .execute();
    return c.json(
      {
        members,
        invitations: invitations.map((row) => ({
          id: row.id,
          email: row.email,
          role: row.role,
          expiresAt: row.expires_at.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(invitePlannerRoute, async (c) => {
    const body = c.req.valid("json");
    const session = c.var.session;
    const { db } = c.var.services;
    const existing = await db.selectFrom("users").select("id").where("email", "=", body.email).executeTakeFirst();
    if (existing) {
      throw new ApiError(409, "user_exists", {
        de: "Für diese E-Mail-Adresse gibt es schon ein Konto.",
        en: "An account with this e-mail address already exists.",
      });
    }
    const token = newSecretToken();
    const organisation = await db
      .selectFrom("organisations")
      .select("name")
      .where("id", "=", session.organisationId)
      .executeTakeFirstOrThrow();
    const link = `${publicBaseUrl(c)}/invite/${token}`;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("planner_invitations")
        .values({
          organisation_id: session.organisationId,
          email: body.email,
          role: body.role,
          token_hash: hashToken(token),
          invited_by: session.userId,
          expires_at: new Date(Date.now() + 7 * 86_400_000),
        })
        .execute();
      await enqueueMails(trx, [
        {
          organisationId: session.organisationId,
          to: body.email,
          subject: `Einladung zu Kanon – ${organisation.name}`,
          text:
            `Guten Tag,\n\n${session.name} lädt Sie ein, in Kanon für ${organisation.name} mitzuarbeiten.\n` +
            `Bitte legen Sie hier Ihr Passwort fest (7 Tage gültig):\n${link}\n\n` +
            `---\n${session.name} invites you to work in Kanon for ${organisation.name}.\n` +
            `Set your password here (valid for 7 days):\n${link}\n`,
          html:
            `<p>Guten Tag,</p><p>${escapeHtml(session.name)} lädt Sie ein, in Kanon für ${escapeHtml(organisation.name)} mitzuarbeiten.</p>` +
            `<p><a href="${link}">Passwort festlegen</a> (7 Tage gültig)</p><hr>` +
            `<p lang="en">${escapeHtml(session.name)} invites you to work in Kanon for ${escapeHtml(organisation.name)}. <a href="${link}">Set your password</a> (valid for 7 days).</p>`,
        },
      ]);
    });
    c.var.services.wakeMailWorker();
    return c.json({ ok: true as const }, 200);
  })
  .openapi(plannerInvitationRoute, async (c) => {
    const invitation = await findOpenPlannerInvitation(c, c.req.valid("param").token);
    return c.json({ email: invitation.email, organisationName: invitation.organisation_name }, 200);
  })
  .openapi(acceptInvitationRoute, async (c) => {
    const { token } = c.req.valid("param");
    const body = c.req.valid("json");
    const invitation = await findOpenPlannerInvitation(c, token);
    const passwordHash = await hashPassword(body.password);
    const user = await c.var.services.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable("planner_invitations")
        .set({ accepted_at: new Date() })
        .where("id", "=", invitation.id)
        .where("accepted_at", "is", null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw invitationGone();
      const taken = await trx.selectFrom("users").select("id").where("email", "=", invitation.email).executeTakeFirst();
      if (taken) throw invitationGone();
      return trx
        .insertInto("users")
        .values({
          organisation_id: invitation.organisation_id,
          email: invitation.email,
          name: body.name,
          password_hash: passwordHash,
          role: invitation.role,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    });
    const sessionId = await startSession(c, user.id, invitation.organisation_id);
    return c.json((await describeSession(c, sessionId))!, 200);
  });
