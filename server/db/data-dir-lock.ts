import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/**
 * Kanon's own lock on an embedded database's data directory (PGlite keeps none that another
 * process respects: its `postmaster.pid` is written by WebAssembly, names no real process, and is
 * removed by whichever PGlite closes the directory, so a second opener can corrupt a running
 * instance and delete its marker). The lock file names the process that holds the directory; a
 * holder that is alive on this machine is never overridden, by the app or by a tool, `--force`
 * or not. A holder that is gone (killed, crashed) leaves a stale lock that the next opener takes
 * over. The directory is made readable by its owner only (it holds every answer and address).
 */

export const LOCK_FILE = "kanon.lock";

/** Who holds a data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it: "app", "backup", "restore", "migrate". */
  by: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The database in ${dataDir} is in use by Kanon (${holder.by}, process ${holder.pid} on ${holder.host} since ${holder.since}): stop it first. ` +
        `A running instance is never touched, with or without --force.\n` +
        `Die Datenbank in ${dataDir} wird gerade von Kanon benutzt (Prozess ${holder.pid}): Bitte beenden Sie Kanon zuerst.`,
    );
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still this process's own. */
  release(): void;
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string") return null;
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? ""), by: String(parsed.by ?? "app") };
  } catch {
    return null;
  }
}

/**
 * Whether the holder may still run: a process on this machine that exists (signal 0 reaches it,
 * or it belongs to another user), or one on another machine (a shared disk: it cannot be checked,
 * so it counts as running).
 */
export function isHolderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of a data directory, or null when it is free (no lock, or a stale one). */
export function liveHolderOf(dataDir: string): LockHolder | null {
  const holder = readHolder(path.join(dataDir, LOCK_FILE));
  return holder && isHolderAlive(holder) ? holder : null;
}

/** Throws DataDirInUseError when a live process holds the data directory. */
export function assertDataDirFree(dataDir: string): void {
  const holder = liveHolderOf(dataDir);
  if (holder) throw new DataDirInUseError(dataDir, holder);
}

/**
 * Takes the data directory for this process (creating it, readable by the owner only), or throws
 * DataDirInUseError when a live process holds it. A stale lock (its process is gone) is taken over.
 *
 * @example
 * const lock = lockDataDir("./data", "app");
 * try { … } finally { lock.release(); }
 */
export function lockDataDir(dataDir: string, by: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, LOCK_FILE);
  const own: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), by };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(own), { flag: "wx", mode: 0o600 });
      return {
        release() {
          const holder = readHolder(file);
          if (holder && holder.pid === own.pid && holder.host === own.host && holder.since === own.since) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(file);
      if (holder && isHolderAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      // Stale (its process is gone) or unreadable: take it over.
      rmSync(file, { force: true });
    }
  }
  const holder = readHolder(file);
  throw new DataDirInUseError(dataDir, holder ?? { pid: 0, host: "?", since: "", by: "?" });
}
