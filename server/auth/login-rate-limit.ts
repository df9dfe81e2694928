import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { countEventWithinLimits, forgetEvents } from "../lib/rate-limit.ts";

/** Failed logins allowed per e-mail address and per client address within the window. */
export const LOGIN_LIMIT = { perEmail: 10, perClient: 50, windowMinutes: 15 } as const;

const keysOf = (email: string, clientAddress: string) => [
  { key: `login-email:${email}`, limit: LOGIN_LIMIT.perEmail },
  { key: `login-client:${clientAddress}`, limit: LOGIN_LIMIT.perClient },
];

/**
 * Counts a login attempt before its password is checked, atomically (lib/rate-limit.ts), so
 * parallel guesses cannot all pass a check made before any was counted. Null when the e-mail
 * address or the client reached its limit (429); otherwise the counted events, to take back with
 * `loginSucceeded` (only failed logins count).
 */
export function countLoginAttempt(db: Kysely<Database>, email: string, clientAddress: string): Promise<string[] | null> {
  return countEventWithinLimits(db, keysOf(email, clientAddress), LOGIN_LIMIT.windowMinutes);
}

export function loginSucceeded(db: Kysely<Database>, counted: string[]): Promise<void> {
  return forgetEvents(db, counted);
}
