import { existsSync, openAsBlob, readdirSync } from "node:fs";
import { chmod, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrateToLatest, openDatabase } from "../db/connection.ts";
import { assertDataDirFree, DataDirInUseError, LOCK_FILE, lockDataDir } from "../db/data-dir-lock.ts";

/**
 * Backup and restore of the embedded database (PGlite) as one .tar.gz file, for
 * `npm run backup` and `npm run restore` (scripts/). A data directory held by a running Kanon
 * (its lock names a live process, db/data-dir-lock.ts) is never touched, `--force` or not, and
 * its lock is never removed: stop Kanon first. `--force` only overrides what a crash leaves
 * behind (PGlite's `postmaster.pid` without a live holder). The backup holds the directory's lock
 * while it reads, so Kanon cannot start on it meanwhile. Backups, like the directory, are
 * readable by their owner only. PostgreSQL installations use pg_dump / pg_restore instead
 * (docs/data-protection.md).
 */

/** A problem the scripts report as a plain message (no stack trace). */
export class BackupError extends Error {}

const PID_FILE = "postmaster.pid";

/** Whether a PGlite (the running app, or one that crashed) holds the data directory. */
export function isDataDirInUse(dataDir: string): boolean {
  return existsSync(path.join(dataDir, PID_FILE));
}

function isDatabaseDir(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "PG_VERSION"));
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

const inUse = (dataDir: string, force: string) =>
  new BackupError(
    `The database in ${dataDir} is in use (${PID_FILE} is present): stop Kanon first, then run this again.\n` +
      `If Kanon is surely not running (it was killed or crashed), run again with ${force}.\n` +
      `Die Datenbank in ${dataDir} ist in Benutzung: Bitte beenden Sie Kanon zuerst. Läuft Kanon sicher nicht mehr (abgestürzt), wiederholen Sie den Aufruf mit ${force}.`,
  );

/** The data directory's lock for a tool, or a BackupError naming the running Kanon that holds it. */
function lockOrExplain(dataDir: string, by: string) {
  try {
    return lockDataDir(dataDir, by);
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new BackupError(error.message);
    throw error;
  }
}

/** A BackupError when a running Kanon holds the directory. */
function freeOrExplain(dataDir: string): void {
  try {
    assertDataDirFree(dataDir);
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new BackupError(error.message);
    throw error;
  }
}

/** "2026-03-01T09-30-00": file-name-safe local time stamp. */
export function timeStamp(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
}

export interface BackupOptions {
  /** Back up although postmaster.pid is present (the app crashed and is surely not running). */
  force?: boolean;
}

/**
 * Writes the whole PGlite data directory as one gzip-compressed tar file (PGlite's
 * `dumpDataDir`), readable only by the owner (it holds every answer and address). The file
 * appears only when complete. The app must be stopped: the script opens the database itself.
 *
 * @example
 * await backupDataDir("./data", "kanon-backup-2026-03-01.tar.gz");
 */
export async function backupDataDir(dataDir: string, file: string, options: BackupOptions = {}): Promise<{ file: string; bytes: number }> {
  if (dataDir === "memory://") throw new BackupError("DATA_DIR is memory://: an in-memory database cannot be backed up.");
  if (!isDatabaseDir(dataDir)) throw new BackupError(`No Kanon database in ${path.resolve(dataDir)} (set DATA_DIR to the app's data directory).`);
  const target = path.resolve(file);
  if (existsSync(target)) throw new BackupError(`${target} exists already; choose another file name.`);
  const lock = lockOrExplain(dataDir, "backup");
  let archive: Blob;
  try {
    if (isDataDirInUse(dataDir) && !options.force) throw inUse(dataDir, "--force");
    const pglite = new PGlite(dataDir);
    try {
      await pglite.waitReady;
      archive = await pglite.dumpDataDir("gzip");
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
  const partial = `${target}.partial`;
  await writeFile(partial, Buffer.from(await archive.arrayBuffer()), { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, target);
  return { file: target, bytes: (await stat(target)).size };
}

export interface RestoreOptions {
  /** Replace a non-empty data directory (its contents are kept beside it as `<dir>.replaced-<time>`). */
  force?: boolean;
}

export interface RestoreResult {
  dataDir: string;
  /** Where the data directory's previous contents were moved (with force), if there were any. */
  replaced: string | null;
  /** Migrations applied after loading (the backup came from an older Kanon). */
  migrations: string[];
}

/**
 * Restores a backup made by backupDataDir into a data directory: loads it into a fresh directory
 * beside the target (PGlite's `loadDataDir`), checks it is a Kanon database, swaps it in, then
 * applies pending migrations. Refuses a non-empty target unless `force` (the old contents are
 * moved aside, never deleted), and a target in use in any case unless `force`.
 *
 * @example
 * await restoreDataDir("kanon-backup-2026-03-01.tar.gz", "./data");
 */
export async function restoreDataDir(file: string, dataDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  if (dataDir === "memory://") throw new BackupError("DATA_DIR is memory://: there is no directory to restore into.");
  const source = path.resolve(file);
  if (!existsSync(source)) throw new BackupError(`No such backup file: ${source}`);
  const target = path.resolve(dataDir);
  freeOrExplain(target);
  const occupied = !isEmptyDir(target);
  if (occupied && isDataDirInUse(target) && !options.force) throw inUse(target, "--force");
  if (occupied && !options.force) {
    throw new BackupError(
      `${target} is not empty. Restoring replaces the database there: run again with --force to do that ` +
        `(the current contents are kept as ${path.basename(target)}.replaced-<time>).\n` +
        `${target} ist nicht leer. Mit --force wird die Datenbank dort ersetzt (der bisherige Inhalt bleibt daneben erhalten).`,
    );
  }

  const archive = await openAsBlob(source);
  if (archive.size === 0) throw new BackupError(`${source} is empty.`);
  const stamp = timeStamp();
  const staging = `${target}.restoring-${stamp}`;
  await rm(staging, { recursive: true, force: true });
  try {
    const pglite = new PGlite(staging, { loadDataDir: archive });
    try {
      await pglite.waitReady;
      const check = await pglite.query<{ kanon: string | null }>("select to_regclass('public.kysely_migration')::text as kanon");
      if (!check.rows[0]?.kanon) throw new BackupError(`${source} holds a database, but not a Kanon database (no migration table).`);
    } finally {
      await pglite.close();
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${source} could not be loaded as a PGlite backup: ${error instanceof Error ? error.message : String(error)}`);
  }

  // The backup holds the lock of the process that wrote it, which says nothing about this directory.
  await rm(path.join(staging, LOCK_FILE), { force: true });
  // Kanon may have been started on the target while the backup was loaded: never swap under it.
  try {
    freeOrExplain(target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  let replaced: string | null = null;
  if (occupied) {
    replaced = `${target}.replaced-${stamp}`;
    await rename(target, replaced);
  } else if (existsSync(target)) {
    await rm(target, { recursive: true, force: true });
  }
  await rename(staging, target);

  const database = await openDatabase({ dataDir: target, lockedBy: "restore" });
  try {
    const migrations = await migrateToLatest(database.db);
    return { dataDir: target, replaced, migrations };
  } finally {
    await database.close();
  }
}
