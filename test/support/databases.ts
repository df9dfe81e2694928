import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { pageinspect } from "@electric-sql/pglite/contrib/pageinspect";
import { Kysely, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { describe } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../server/db/connection.ts";
import type { Database } from "../../server/db/schema.ts";

/** PostgreSQL for the tests when TEST_DATABASE_URL is set (CI sets it); PGlite always. */
export const postgresUrl = process.env.TEST_DATABASE_URL;

export type TestDatabaseKind = "pglite" | "postgres";

export const databaseKinds: TestDatabaseKind[] = postgresUrl ? ["pglite", "postgres"] : ["pglite"];

if (!postgresUrl && process.env.KANON_REQUIRE_ALL_SUITES) {
  throw new Error("KANON_REQUIRE_ALL_SUITES is set (CI) but TEST_DATABASE_URL is not: the PostgreSQL runs must not be skipped.");
}

let warned = false;

/**
 * Runs a suite once per available database. Without TEST_DATABASE_URL the PostgreSQL run is
 * skipped and says so, so a green run without it is never mistaken for full coverage.
 */
export function describeEachDatabase(name: string, suite: (kind: TestDatabaseKind) => void): void {
  if (!postgresUrl && !warned) {
    warned = true;
    console.warn("[kanon] TEST_DATABASE_URL is not set: the PostgreSQL runs of the API tests are skipped (PGlite runs).");
  }
  for (const kind of ["pglite", "postgres"] as const) {
    describe.skipIf(kind === "postgres" && !postgresUrl)(`${name} [${kind}]`, () => suite(kind));
  }
}

/**
 * A fresh, empty database: an in-memory PGlite, or a new PostgreSQL database created for this
 * test file and dropped afterwards, so files can run in parallel without seeing each other.
 */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle> {
  if (kind === "pglite") return openDatabase({ dataDir: "memory://" });
  const name = `kanon_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A test database that can be closed and opened again, like a server restart does. */
export interface ReopenableTestDatabase {
  open(): Promise<DatabaseHandle>;
  /** Removes the database (after its last handle was closed). */
  dispose(): Promise<void>;
}

/**
 * A fresh database that outlives its handles: PGlite in a temporary directory, or a new
 * PostgreSQL database, dropped by `dispose`.
 */
export async function reopenableTestDatabase(kind: TestDatabaseKind): Promise<ReopenableTestDatabase> {
  if (kind === "pglite") {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dataDir = await mkdtemp(join(tmpdir(), "kanon-reopen-"));
    return { open: () => openDatabase({ dataDir }), dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `kanon_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return {
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 5 }),
    async dispose() {
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A fresh database with `pageinspect`, to read what the table files hold, dead row versions
 * included: PGlite with the extension loaded, or a PostgreSQL test database with it installed.
 */
export async function openInspectableTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle> {
  if (kind === "postgres") {
    const handle = await openTestDatabase(kind);
    await sql`create extension if not exists pageinspect`.execute(handle.db);
    return handle;
  }
  const pglite = new PGlite({ extensions: { pageinspect }, parsers: { 1082: (value: string) => value } });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  await sql`create extension if not exists pageinspect`.execute(db);
  return { db, kind: "pglite", close: () => db.destroy() };
}

/** Every row version stored in a table's pages (live or not yet vacuumed), as pageinspect reads them. */
export async function storedTuples(db: Kysely<Database>, table: string): Promise<{ t_xmin: string; data: string }[]> {
  const blocks = await sql<{ n: number }>`select (pg_relation_size(${table}::regclass) / current_setting('block_size')::int)::int as n`.execute(db);
  const tuples: { t_xmin: string; data: string }[] = [];
  for (let block = 0; block < blocks.rows[0]!.n; block++) {
    const items = await sql<{ t_xmin: string; t_data: Uint8Array }>`
      select t_xmin::text as t_xmin, t_data from heap_page_items(get_raw_page(${table}, ${block})) where t_data is not null`.execute(db);
    tuples.push(...items.rows.map((row) => ({ t_xmin: row.t_xmin, data: Buffer.from(row.t_data).toString("hex") })));
  }
  return tuples;
}
