import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/api-error.ts";
import type { AppEnv } from "../lib/context.ts";
import { readSession, sessionCookie } from "./sessions.ts";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Requires a signed-in planner. State-changing requests must also carry the session's CSRF
 * token in `X-CSRF-Token` (synchronizer token): a cross-site page can send the cookie but
 * cannot read the token.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const session = await readSession(c.var.services.db, sessionCookie(c));
  if (!session) {
    throw new ApiError(401, "not_signed_in", {
      de: "Bitte melden Sie sich an.",
      en: "Please sign in.",
    });
  }
  if (unsafeMethods.has(c.req.method) && c.req.header("x-csrf-token") !== session.csrfToken) {
    throw new ApiError(403, "csrf_token_invalid", {
      de: "Die Sitzung ist abgelaufen oder die Anfrage kam nicht aus Kanon. Bitte laden Sie die Seite neu.",
      en: "The session expired or the request did not come from Kanon. Please reload the page.",
    });
  }
  c.set("session", session);
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.session.role !== "admin") {
    throw new ApiError(403, "admin_only", {
      de: "Nur Administrator:innen dürfen das.",
      en: "Only administrators may do this.",
    });
  }
  await next();
});
