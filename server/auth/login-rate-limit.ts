import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { recentEventCounts, recordEvents } from "../lib/rate-limit.ts";

/** Failed logins allowed per e-mail address and per client address within the window. */
export const LOGIN_LIMIT = { perEmail: 10, perClient: 50, windowMinutes: 15 } as const;

const keysOf = (email: string, clientAddress: string) => [`login-email:${email}`, `login-client:${clientAddress}`] as const;

export async function isLoginBlocked(db: Kysely<Database>, email: string, clientAddress: string): Promise<boolean> {
  const [emailKey, clientKey] = keysOf(email, clientAddress);
  const counts = await recentEventCounts(db, [emailKey, clientKey], LOGIN_LIMIT.windowMinutes);
  return counts.get(emailKey)! >= LOGIN_LIMIT.perEmail || counts.get(clientKey)! >= LOGIN_LIMIT.perClient;
}

export async function recordFailedLogin(db: Kysely<Database>, email: string, clientAddress: string): Promise<void> {
  await recordEvents(db, [...keysOf(email, clientAddress)]);
}
