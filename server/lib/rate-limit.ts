import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { hashToken } from "./tokens.ts";

/**
 * Counted events (failed logins, failed link lookups) live in the database, so several app
 * processes share the limits. Keys are hashed: the table holds no e-mail or IP address.
 */
export async function recentEventCounts(db: Kysely<Database>, keys: string[], windowMinutes: number): Promise<Map<string, number>> {
  const hashed = keys.map((key) => hashToken(key));
  const rows = await db
    .selectFrom("rate_limit_events")
    .select(["key_hash", sql<number>`count(*)::int`.as("events")])
    .where("key_hash", "in", hashed)
    .where("attempted_at", ">", sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
    .groupBy("key_hash")
    .execute();
  const byHash = new Map(rows.map((row) => [row.key_hash, row.events]));
  return new Map(keys.map((key, index) => [key, byHash.get(hashed[index]!) ?? 0]));
}

export async function recordEvents(db: Kysely<Database>, keys: string[]): Promise<void> {
  await db
    .insertInto("rate_limit_events")
    .values(keys.map((key) => ({ key_hash: hashToken(key) })))
    .execute();
  await db.deleteFrom("rate_limit_events").where("attempted_at", "<", sql<Date>`now() - interval '1 day'`).execute();
}
