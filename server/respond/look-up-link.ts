import type { Context } from "hono";
import { ApiError } from "../lib/api-error.ts";
import { clientAddress } from "../lib/client-address.ts";
import type { AppEnv } from "../lib/context.ts";
import { countEventWithinLimits } from "../lib/rate-limit.ts";
import { findByToken, type LinkRow } from "./respondent-link.ts";

/** Unknown links one client may try within the window before it is told to wait. */
export const LINK_LOOKUP_LIMIT = { failures: 30, windowMinutes: 15 } as const;

/**
 * Finds the link, counting unknown ones per client: a client that keeps trying unknown links
 * is told to wait (429), so links cannot be probed at speed.
 */
export async function lookUp(c: Context<AppEnv>, token: string): Promise<LinkRow> {
  const { db } = c.var.services;
  try {
    return await findByToken(db, token);
  } catch (error) {
    if (error instanceof ApiError && error.code === "link_unknown") {
      const key = `link-client:${clientAddress(c)}`;
      // Counted atomically: parallel probes cannot all pass a check made before any was counted.
      const counted = await countEventWithinLimits(db, [{ key, limit: LINK_LOOKUP_LIMIT.failures }], LINK_LOOKUP_LIMIT.windowMinutes);
      if (!counted) {
        c.header("Retry-After", String(LINK_LOOKUP_LIMIT.windowMinutes * 60));
        throw new ApiError(429, "too_many_unknown_links", {
          de: "Zu viele unbekannte Links von diesem Gerät. Bitte warten Sie eine Viertelstunde.",
          en: "Too many unknown links from this device. Please wait a quarter of an hour.",
        });
      }
    }
    throw error;
  }
}
