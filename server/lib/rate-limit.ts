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

/** A limit on one key: at most `limit` events within the window. */
export interface CountedKey {
  key: string;
  limit: number;
}

/**
 * Counts an event on every key, unless one of them already reached its limit: atomically, so 64
 * parallel requests cannot all pass a check made before any of them was counted. Each key is
 * locked for the transaction (an advisory lock on its hash, taken in a fixed order), then counted
 * and, when all are under their limits, the events are recorded. Returns the ids of the recorded
 * events (to take back with `forgetEvents`, e.g. after a login that succeeded), or null when a
 * limit was reached (nothing recorded).
 *
 * @example
 * const taken = await countEventWithinLimits(db, [{ key: "login-email:a@b.de", limit: 10 }], 15);
 * if (!taken) throw tooManyAttempts();
 */
export async function countEventWithinLimits(db: Kysely<Database>, keys: CountedKey[], windowMinutes: number): Promise<string[] | null> {
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction().execute(async (trx) => {
    for (const { key } of sorted) await sql`select pg_advisory_xact_lock(hashtextextended(${hashToken(key)}, 0))`.execute(trx);
    const counts = await recentEventCounts(trx, sorted.map(({ key }) => key), windowMinutes);
    if (sorted.some(({ key, limit }) => counts.get(key)! >= limit)) return null;
    const rows = await trx
      .insertInto("rate_limit_events")
      .values(sorted.map(({ key }) => ({ key_hash: hashToken(key) })))
      .returning(sql<string>`id::text`.as("id"))
      .execute();
    await trx.deleteFrom("rate_limit_events").where("attempted_at", "<", sql<Date>`now() - interval '1 day'`).execute();
    return rows.map((row) => row.id);
  });
}

/** Takes back events counted by countEventWithinLimits (the attempt did not fail after all). */
export async function forgetEvents(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom("rate_limit_events").where(sql<boolean>`id::text in (${sql.join(ids)})`).execute();
}
