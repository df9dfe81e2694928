import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/** The base for links in mails: PUBLIC_URL when configured, else the origin the planner used. */
export function publicBaseUrl(c: Context<AppEnv>): string {
  return c.var.services.config.publicUrl ?? new URL(c.req.url).origin;
}
