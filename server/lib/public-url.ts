import type { AppEnv } from "./context.ts";

/**
 * The base for links in mails: PUBLIC_URL when configured, else the origin the planner used.
 * Takes any route's context (whatever its middleware added to the variables).
 */
export function publicBaseUrl(c: { req: { url: string }; var: Pick<AppEnv["Variables"], "services"> }): string {
  return c.var.services.config.publicUrl ?? new URL(c.req.url).origin;
}
