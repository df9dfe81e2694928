import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../lib/context.ts";
import { readSession, sessionCookie } from "./sessions.ts";

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
