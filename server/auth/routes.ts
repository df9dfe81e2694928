import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { ApiError } from "../lib/api-error.ts";
import { clientAddress } from "../lib/client-address.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { emailField, newPasswordField, okSchema, personNameField } from "./account-schemas.ts";
import { describeSession, meSchema } from "./describe-session.ts";
import { countLoginAttempt, LOGIN_LIMIT, loginSucceeded } from "./login-rate-limit.ts";
import { requireSession } from "./middleware.ts";
import { passwordRoutes } from "./password-routes.ts";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords.ts";
import { endSession, startSession } from "./sessions.ts";
import { requireStrongPassword } from "./strong-password.ts";
import { teamRoutes } from "./team-routes.ts";

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
  description: "400 `weak_password` with the reason at `password` (too short, easy to guess, or containing the name, address or organisation).",
  request: jsonBody(
    z.object({ organisationName: z.string().trim().min(2).max(200), name: personNameField, email: emailField, password: newPasswordField }),
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
  request: jsonBody(z.object({ email: emailField, password: z.string().min(1).max(200) })),
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

/**
 * Accounts: first-run setup, sign-in and -out, the session's planner; with the team
 * (team-routes.ts) and passwords (password-routes.ts). Mounted under /api.
 */
export const authRoutes = createRouter()
  .openapi(setupStatusRoute, async (c) => {
    const row = await c.var.services.db.selectFrom("organisations").select("id").where("erasure_requested_at", "is", null).limit(1).executeTakeFirst();
    return c.json({ needed: !row }, 200);
  })
  .openapi(setupRoute, async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    // Judged only while setup is possible: the check is work nobody should make a set-up server do.
    if (await db.selectFrom("organisations").select("id").where("erasure_requested_at", "is", null).limit(1).executeTakeFirst()) throw setupDone();
    await requireStrongPassword(body.password, { name: body.name, email: body.email, organisationName: body.organisationName });
    const passwordHash = await hashPassword(body.password);
    const created = await db.transaction().execute(async (trx) => {
      // Serialises concurrent first-run requests: only the first one finds the table empty.
      await sql`lock table organisations in exclusive mode`.execute(trx);
      const existing = await trx.selectFrom("organisations").select("id").where("erasure_requested_at", "is", null).limit(1).executeTakeFirst();
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
    // A removed planner's account is not found: it answers like an unknown address.
    const user = await db
      .selectFrom("users")
      .select(["id", "organisation_id", "password_hash"])
      .where("email", "=", body.email)
      .where("deactivated_at", "is", null)
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
  .route("/", teamRoutes)
  .route("/", passwordRoutes);
