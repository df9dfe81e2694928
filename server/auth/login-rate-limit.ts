import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hashToken } from "../lib/tokens.ts";

/** Failed logins allowed per e-mail address and per client address within the window. */
export const LOGIN_LIMIT = { perEmail: 10, perClient: 50, windowMinutes: 15 } as const;

/**
 * Failed attempts live in the database (the app is stateless, several processes share the
 * limit); keys are hashed so the table holds no e-mail or IP address.
 */
export async function isLoginBlocked(db: Kysely<Database>, email: string, clientAddress: string): Promise<boolean> {
  const emailKey = hashToken(`email:${email}`);
  const clientKey = hashToken(`client:${clientAddress}`);
  const rows = await db
    .selectFrom("login_attempts")
    .select(["key_hash", sql<number>`count(*)::int`.as("attempts")])
    .where("key_hash", "in", [emailKey, clientKey])
    .where("attempted_at", ">", sql<Date>`now() - make_interval(mins => ${LOGIN_LIMIT.windowMinutes})`)
    .groupBy("key_hash")
    .execute();
  const attempts = (key: string) => rows.find((row) => row.key_hash === key)?.attempts ?? 0;
  return attempts(emailKey) >= LOGIN_LIMIT.perEmail || attempts(clientKey) >= LOGIN_LIMIT.perClient;
}

export async function recordFailedLogin(db: Kysely<Database>, email: string, clientAddress: string): Promise<void> {
  await db
    .insertInto("login_attempts")
    .values([{ key_hash: hashToken(`email:${email}`) }, { key_hash: hashToken(`client:${clientAddress}`) }])
    .execute();
  await db
    .deleteFrom("login_attempts")
    .where("attempted_at", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
}
