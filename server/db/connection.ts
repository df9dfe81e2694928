import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import { afterMigrations, migrations } from "../../migrations/index.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import type { Database } from "./schema.ts";

/** PostgreSQL's `date` type: kept as the ISO string ("2026-12-31"), never shifted by time zones. */
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export type DatabaseKind = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps everything in memory. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * PostgreSQL: how long a request waits for a connection (a new one, or a free one from a busy
   * pool) before it fails as "database unavailable" (503), instead of hanging while the server is
   * down or unreachable. Default 5 s.
   */
  connectTimeoutMs?: number;
  /** PostgreSQL: statements running longer are cancelled by the server. Default 60 s. */
  statementTimeoutMs?: number;
  /** PGlite in a directory: who holds its lock while open ("app", "restore", …; data-dir-lock.ts). */
  lockedBy?: string;
}

/**
 * Opens the database chosen by configuration: PostgreSQL when a URL is given, otherwise the
 * embedded PGlite. Both speak the same SQL, so the rest of the code never asks which it is,
 * except /api/health, which reports it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A dead server on a half-open TCP connection is noticed by keep-alive, not by waiting forever.
      keepAlive: true,
      statement_timeout: statementTimeoutMs,
      // Client-side guard for a server that stopped answering without closing the socket.
      query_timeout: statementTimeoutMs + 5_000,
      idle_in_transaction_session_timeout: statementTimeoutMs,
    });
    // An idle client that loses its server (restart) must not crash the process: the pool drops
    // it, and the next request opens a fresh connection once the server is back.
    pool.on("error", () => {});
    // The same for a client that is checked out between two statements (say, inside a transaction):
    // without a listener its 'error' event would be an uncaught exception. Its next query fails
    // instead, and the pool discards it on release.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? "./data";
  const parsers = { [DATE_OID]: (value: string) => value };
  if (dataDir === "memory://") {
    const pglite = new PGlite({ parsers });
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return { db, kind: "pglite", close: () => db.destroy() };
  }
  // One process per data directory: a second PGlite on it would corrupt it (data-dir-lock.ts).
  const lock = lockDataDir(dataDir, options.lockedBy ?? "app");
  try {
    const pglite = new PGlite(dataDir, { parsers });
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: "pglite",
      close: async () => {
        try {
          await db.destroy();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** SQLSTATE classes and codes that mean "the server cannot serve us right now", not "this request is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: terminating connection due to administrator command
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the database system is starting up / shutting down
  "57014", // query_canceled: statement_timeout
  "53300", // too_many_connections
  "53400", // configuration_limit_exceeded
  "25P03", // idle_in_transaction_session_timeout
]);
const UNAVAILABLE_NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout|connection is closed|Cannot use a pool after calling end/i;

/**
 * Whether an error means the database could not be reached or went away (server stopped or
 * restarting, network gone, connection or statement timeout), as opposed to a fault in the
 * request. The HTTP layer answers these with 503 and a Retry-After header.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
    // Node reports a refused dual-stack connect as an AggregateError of the attempts.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether the database refused a value as data (SQLSTATE class 22, "data exception": a number
 * out of range for its column, a malformed date, text it cannot store). Such a value came from
 * a request that validation let through; the HTTP layer answers 400 instead of 500.
 */
export function isDataException(error: unknown): error is { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Whether a statement broke a unique constraint or index (SQLSTATE 23505), e.g. two accounts
 * made at once for one address: the loser of such a race gets a clear 409 instead of a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}

/**
 * Applies every pending migration, then the data work migrations leave for after the migrator
 * (in batches of their own transactions, migrations/index.ts); throws with the failing
 * migration's name.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const name = failed?.migrationName ?? "unknown";
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const work of afterMigrations) await work(db);
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}
