import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDataDir, restoreDataDir } from "../../server/data-protection/pglite-backup.ts";
import { migrateToLatest, openDatabase } from "../../server/db/connection.ts";
import { DataDirInUseError, LOCK_FILE } from "../../server/db/data-dir-lock.ts";
import { HttpPlanner, root, startAppProcess, type AppProcess } from "./fault-support.ts";

/**
 * Tools never destroy data: with Kanon running on its embedded database in another process,
 * `npm run backup` and `npm run restore` (with or without --force) and a second app refuse the
 * data directory, leave the running instance's lock and PGlite's marker in place, and the
 * instance keeps answering and writing. Once it stopped, its lock is gone and the tools work; a
 * lock left by a killed process is taken over. The data directory and backups are readable by
 * their owner only.
 */
describe("the embedded database's data directory while Kanon runs", () => {
  let directory: string;
  let dataDir: string;
  let app: AppProcess;
  let planner: HttpPlanner;
  let otherBackup: string;

  /** Runs an npm script of the project (`backup`, `restore`) as an administrator would, with DATA_DIR. */
  function runTool(script: "backup" | "restore", args: string[]) {
    const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 120_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), "kanon-lock-test-"));
    dataDir = path.join(directory, "data");
    // A backup of another database, to try restoring over the running one.
    const other = path.join(directory, "other");
    const database = await openDatabase({ dataDir: other });
    await migrateToLatest(database.db);
    await database.close();
    otherBackup = (await backupDataDir(other, path.join(directory, "other.tar.gz"))).file;

    app = await startAppProcess({ DATA_DIR: dataDir });
    planner = await HttpPlanner.setUp(app.url);
  }, 180_000);

  afterAll(async () => {
    await app?.stop("SIGKILL");
    rmSync(directory, { recursive: true, force: true });
  });

  it(
    "refuses backup, restore and a second app on it, --force or not, and the running instance keeps working",
    async () => {
      const lock = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8"));
      expect(lock).toMatchObject({ pid: app.pid, by: "app" });
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);

      for (const args of [["busy.tar.gz"], ["busy-forced.tar.gz", "--force"]]) {
        const backup = runTool("backup", [path.join(directory, args[0]!), ...args.slice(1)]);
        expect(backup.status, backup.output).toBe(1);
        expect(backup.output).toContain(`in use by Kanon (app, process ${app.pid}`);
        expect(existsSync(path.join(directory, args[0]!))).toBe(false);
      }
      for (const args of [[otherBackup], [otherBackup, "--force"]]) {
        const restore = runTool("restore", args);
        expect(restore.status, restore.output).toBe(1);
        expect(restore.output).toContain("never touched, with or without --force");
      }
      await expect(backupDataDir(dataDir, path.join(directory, "direct.tar.gz"), { force: true })).rejects.toBeInstanceOf(BackupError);
      await expect(restoreDataDir(otherBackup, dataDir, { force: true })).rejects.toThrow(/in use by Kanon/);
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);

      // The running instance's marks are where they were, and it answers and writes.
      expect(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8"))).toEqual(lock);
      expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      const surveyId = await planner.openSurvey("Nach den Versuchen");
      expect((await planner.json<{ title: string }>("GET", `/surveys/${surveyId}`)).title).toBe("Nach den Versuchen");
    },
    300_000,
  );

  it(
    "frees the directory when Kanon stops: the backup holds every survey, owner-readable",
    async () => {
      expect(await app.stop("SIGTERM")).toBe(0);
      expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
      const backup = runTool("backup", [path.join(directory, "after.tar.gz")]);
      expect(backup.status, backup.output).toBe(0);
      expect(statSync(path.join(directory, "after.tar.gz")).mode & 0o777).toBe(0o600);

      const restored = path.join(directory, "restored");
      await restoreDataDir(path.join(directory, "after.tar.gz"), restored);
      expect(statSync(restored).mode & 0o777).toBe(0o700);
      expect(existsSync(path.join(restored, LOCK_FILE))).toBe(false);
      const database = await openDatabase({ dataDir: restored });
      try {
        const titles = await database.db.selectFrom("surveys").select("title").execute();
        expect(titles.map((row) => row.title)).toContain("Nach den Versuchen");
      } finally {
        await database.close();
      }
    },
    300_000,
  );

  it("takes over the lock a killed process left behind", async () => {
    // A process that ran and is gone: its pid names no one now.
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: gone.pid, host: (await import("node:os")).hostname(), since: "2026-01-01T00:00:00.000Z", by: "app" }));
    const database = await openDatabase({ dataDir });
    try {
      expect(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    } finally {
      await database.close();
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
