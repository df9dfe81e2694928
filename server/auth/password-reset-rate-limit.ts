import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { countEventWithinLimits } from "../lib/rate-limit.ts";

/**
 * Reset requests allowed per e-mail address and per client within the window. Every request
 * counts, whether the address has an account or not (counted before it is looked up), so the
 * limit tells nothing either; the per-address limit keeps a mailbox from being flooded.
 */
export const PASSWORD_RESET_LIMIT = { perEmail: 3, perClient: 30, windowMinutes: 60 } as const;

/**
 * Counts a reset request, atomically (lib/rate-limit.ts): false when the address or the client
 * reached its limit (429), so 64 parallel requests for one address queue exactly three mails.
 */
export async function countPasswordResetRequest(db: Kysely<Database>, email: string, clientAddress: string): Promise<boolean> {
  const counted = await countEventWithinLimits(
    db,
    [
      { key: `password-reset-email:${email}`, limit: PASSWORD_RESET_LIMIT.perEmail },
      { key: `password-reset-client:${clientAddress}`, limit: PASSWORD_RESET_LIMIT.perClient },
    ],
    PASSWORD_RESET_LIMIT.windowMinutes,
  );
  return counted !== null;
}
