import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { AppEnv, SessionInfo } from "../lib/context.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";

export const SESSION_COOKIE = "kanon_session";

/** Creates a server-side session row and sets the httpOnly cookie that names it. */
export async function startSession(c: Context<AppEnv>, userId: string, organisationId: string): Promise<string> {
  const { db, config } = c.var.services;
  const sessionId = newSecretToken();
  const expiresAt = new Date(Date.now() + config.sessionDays * 86_400_000);
  await db
    .insertInto("sessions")
    .values({
      id_hash: hashToken(sessionId),
      user_id: userId,
      organisation_id: organisationId,
      csrf_token: newSecretToken(),
      expires_at: expiresAt,
    })
    .execute();
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: "Lax",
    secure: useSecureCookies(c),
    path: "/",
    expires: expiresAt,
  });
  return sessionId;
}

export async function endSession(c: Context<AppEnv>, session: SessionInfo): Promise<void> {
  await c.var.services.db.deleteFrom("sessions").where("id_hash", "=", session.sessionIdHash).execute();
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: useSecureCookies(c) });
}

/**
 * Ends every session of a user at once (removed from the team, password changed or reset),
 * except the one named by `keep` (the session hash of the request that changed the password).
 * Sessions are rows, so the next request of an ended session answers 401.
 */
export async function endSessionsOfUser(db: Kysely<Database>, userId: string, keep?: string): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep) query = query.where("id_hash", "!=", keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Looks up the session named by the cookie; null when absent, unknown or expired. */
export async function readSession(db: Kysely<Database>, cookieValue: string | undefined): Promise<SessionInfo | null> {
  if (!cookieValue) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id_hash",
      "sessions.user_id",
      "sessions.organisation_id",
      "sessions.csrf_token",
      "sessions.expires_at",
      "users.role",
      "users.email",
      "users.name",
    ])
    .where("sessions.id_hash", "=", hashToken(cookieValue))
    // Removing a planner deletes their sessions; this keeps a session started in the same instant out too.
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() < Date.now()) return null;
  return {
    sessionIdHash: row.id_hash,
    userId: row.user_id,
    organisationId: row.organisation_id,
    csrfToken: row.csrf_token,
    role: row.role,
    email: row.email,
    name: row.name,
  };
}

export function sessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

function useSecureCookies(c: Context<AppEnv>): boolean {
  const setting = c.var.services.config.secureCookies;
  if (setting !== "auto") return setting === "true";
  const forwarded = c.req.header("x-forwarded-proto");
  return (forwarded ?? new URL(c.req.url).protocol.replace(":", "")) === "https";
}
