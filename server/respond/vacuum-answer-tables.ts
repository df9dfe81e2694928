import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

interface VacuumRuns {
  running: Promise<void> | null;
  queued: Promise<void> | null;
}

const runs = new WeakMap<Kysely<Database>, VacuumRuns>();

/**
 * VACUUM of `responses` and `pending_anonymous_answers` (and their TOAST tables and indexes)
 * after anonymous answers were released: the deleted pending rows (whose transaction id is that
 * of their invitation's update) and the deleted drafts (which carried the invitation) are dead
 * tuples until vacuumed, readable to anyone with the data files. VACUUM removes them from the
 * heap and, with INDEX_CLEANUP ON, their index entries too. It does not zero the freed bytes of a
 * page, nor touch WAL already written, replicas or backups (docs/data-protection.md).
 *
 * VACUUM cannot run in a transaction; it runs on its own (PGlite: between queries, PostgreSQL:
 * on a pooled connection). One at a time per database: a call while one runs waits for the next
 * run, which it shares with every call made meanwhile (the running one may have started before
 * the caller's release committed). On PostgreSQL the app's role must own the tables (it does
 * when it ran the migrations); otherwise PostgreSQL skips them with a warning.
 */
export function vacuumAnswerTables(db: Kysely<Database>): Promise<void> {
  let state = runs.get(db);
  if (!state) runs.set(db, (state = { running: null, queued: null }));
  const current = state;
  if (!current.running) {
    current.running = sql`vacuum (index_cleanup on) responses, pending_anonymous_answers`
      .execute(db)
      .then(() => undefined)
      .finally(() => {
        current.running = null;
      });
    return current.running;
  }
  current.queued ??= current.running
    .catch(() => undefined)
    .then(() => {
      current.queued = null;
      return vacuumAnswerTables(db);
    });
  return current.queued;
}

/**
 * The VACUUM at start: the answer tables and the invitations, whose old row versions may still
 * hold what an upgrade or an unclean stop left (before migration 0016: exact submission times).
 */
export async function vacuumAtStart(db: Kysely<Database>): Promise<void> {
  await sql`vacuum (index_cleanup on) invitations, responses, pending_anonymous_answers`.execute(db);
}

/**
 * The answer tables this database role may not VACUUM (PostgreSQL skips them with only a
 * warning): it owns neither them nor the database and is no superuser. Checked at start, so an
 * operator learns of it from the log.
 */
export async function answerTablesNotVacuumable(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ relname: string }>`
    select c.relname from pg_class c
    where c.oid in ('invitations'::regclass, 'responses'::regclass, 'pending_anonymous_answers'::regclass)
      and not pg_has_role(current_user, c.relowner, 'MEMBER')
      and not pg_has_role(current_user, (select datdba from pg_database where datname = current_database()), 'MEMBER')
      and not coalesce((select rolsuper from pg_roles where rolname = current_user), false)
    order by c.relname`.execute(db);
  return result.rows.map((row) => row.relname);
}
