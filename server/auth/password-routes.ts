import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../lib/api-error.ts";
import { clientAddress } from "../lib/client-address.ts";
import type { AppEnv } from "../lib/context.ts";
import { log } from "../lib/logger.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { emailField, newPasswordField, okSchema, tokenParam } from "./account-schemas.ts";
import { PASSWORD_RESET_MINUTES } from "./account-mails.ts";
import { requireSession } from "./middleware.ts";
import { changePassword } from "./password-change.ts";
import { completePasswordReset, findPasswordReset, requestPasswordReset } from "./password-reset.ts";
import { countPasswordResetRequest, PASSWORD_RESET_LIMIT } from "./password-reset-rate-limit.ts";
import { hashPassword } from "./passwords.ts";
import { requireStrongPassword } from "./strong-password.ts";

/**
 * Passwords: a signed-in planner changes theirs; anyone asks for a reset link by mail and sets a
 * new password with it. Mounted under /api.
 */

const changeRoute = createRoute({
  method: "post",
  path: "/auth/password",
  tags: ["Accounts"],
  summary: "Change one's own password: the current one is required; every other session of the account ends",
  description:
    "400 `current_password_wrong` at `currentPassword`; 400 `weak_password` or `same_password` at `newPassword`; 429 after 10 wrong current passwords within 15 minutes. Recorded in the audit log.",
  middleware: [requireSession] as const,
  request: jsonBody(z.object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordField })),
  responses: {
    200: json(z.object({ ok: z.literal(true), endedSessions: z.number().int() })),
    ...errorResponses,
    429: json(z.unknown(), "Too many attempts"),
  },
});

const resetAnswerSchema = z.object({ ok: z.literal(true), validMinutes: z.number().int() }).openapi("PasswordResetRequested");

const requestResetRoute = createRoute({
  method: "post",
  path: "/auth/password-reset",
  tags: ["Accounts"],
  summary: "Ask for a password reset link by mail: the same answer whether or not the address has an account",
  description: `Counted per address (${PASSWORD_RESET_LIMIT.perEmail}) and per client (${PASSWORD_RESET_LIMIT.perClient}) within ${PASSWORD_RESET_LIMIT.windowMinutes} minutes, before the address is looked up; 429 beyond.`,
  request: jsonBody(z.object({ email: emailField })),
  responses: {
    200: json(resetAnswerSchema),
    ...errorResponses,
    429: json(z.unknown(), "Too many requests"),
    503: json(z.unknown(), "Reset by mail is not set up (PUBLIC_URL missing while mail goes out over SMTP)"),
  },
});

const lookUpResetRoute = createRoute({
  method: "get",
  path: "/auth/password-reset/{token}",
  tags: ["Accounts"],
  summary: "Look up a password reset link (whose account, for the strength check of the new password)",
  request: { params: tokenParam },
  responses: {
    200: json(z.object({ email: z.string(), name: z.string(), organisationName: z.string() })),
    ...errorResponses,
  },
});

const completeResetRoute = createRoute({
  method: "post",
  path: "/auth/password-reset/{token}",
  tags: ["Accounts"],
  summary: "Set a new password with a reset link: the link is used up and every session of the account ends",
  description: "400 `weak_password` with the reason at `password`; 404 `reset_link_unknown` for a used, expired or unknown link.",
  request: { params: tokenParam, ...jsonBody(z.object({ password: newPasswordField })) },
  responses: { 200: json(okSchema), ...errorResponses },
});

let warnedAboutPublicUrl = false;

/**
 * Where reset links point. Anyone may ask for one, so the link must not be built from the
 * request's Host header (a forged one would mail the victim a link to the attacker's site):
 * PUBLIC_URL, or the request's origin only while mails stay in the dev mailbox.
 */
function resetLinkBase(c: Context<AppEnv>): string {
  const { config, devMailbox } = c.var.services;
  if (config.publicUrl) return config.publicUrl;
  if (devMailbox) return new URL(c.req.url).origin;
  if (!warnedAboutPublicUrl) {
    warnedAboutPublicUrl = true;
    log("warn", "password reset by mail needs PUBLIC_URL when mail goes out over SMTP");
  }
  throw new ApiError(503, "password_reset_unavailable", {
    de: "Das Zurücksetzen per Mail ist auf diesem Server nicht eingerichtet (PUBLIC_URL fehlt). Bitte wenden Sie sich an Ihre Administration.",
    en: "Resetting by mail is not set up on this server (PUBLIC_URL is missing). Please contact your administrators.",
  });
}

export const passwordRoutes = createRouter()
  .openapi(changeRoute, async (c) => {
    const { endedSessions } = await changePassword(c.var.services.db, c.var.session, c.req.valid("json"));
    return c.json({ ok: true as const, endedSessions }, 200);
  })
  .openapi(requestResetRoute, async (c) => {
    const { email } = c.req.valid("json");
    const { db } = c.var.services;
    const base = resetLinkBase(c);
    if (!(await countPasswordResetRequest(db, email, clientAddress(c)))) {
      c.header("Retry-After", String(PASSWORD_RESET_LIMIT.windowMinutes * 60));
      throw new ApiError(429, "too_many_requests", {
        de: "Zu viele Anfragen. Bitte warten Sie eine Stunde, bevor Sie erneut einen Link anfordern.",
        en: "Too many requests. Please wait an hour before asking for another link.",
      });
    }
    await requestPasswordReset(db, email, base);
    c.var.services.wakeMailWorker();
    return c.json({ ok: true as const, validMinutes: PASSWORD_RESET_MINUTES }, 200);
  })
  .openapi(lookUpResetRoute, async (c) => {
    const reset = await findPasswordReset(c.var.services.db, c.req.valid("param").token);
    return c.json({ email: reset.email, name: reset.name, organisationName: reset.organisationName }, 200);
  })
  .openapi(completeResetRoute, async (c) => {
    const { token } = c.req.valid("param");
    const { password } = c.req.valid("json");
    const { db } = c.var.services;
    const reset = await findPasswordReset(db, token);
    await requireStrongPassword(password, { name: reset.name, email: reset.email, organisationName: reset.organisationName });
    await completePasswordReset(db, token, await hashPassword(password));
    return c.json({ ok: true as const }, 200);
  });
