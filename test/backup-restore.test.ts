import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDataDir, isDataDirInUse, restoreDataDir } from "../server/data-protection/pglite-backup.ts";
import { migrateToLatest, openDatabase } from "../server/db/connection.ts";

/** Rows of the tables the test fills, in a stable order, for comparing two databases. */
async function snapshot(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    const organisations = await database.db.selectFrom("organisations").select(["id", "name", "retention_months"]).orderBy("id").execute();
    const surveys = await database.db.selectFrom("surveys").select(["id", "title", "status", "structure"]).orderBy("id").execute();
    const entries = await database.db.selectFrom("directory_entries").select(["id", "name", "emails"]).orderBy("id").execute();
    const audit = await database.db.selectFrom("audit_log").select(["action", "target_label", "details"]).orderBy("id").execute();
    const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    return { organisations, surveys, entries, audit, migrations: migrations.rows.map((row) => row.name) };
  } finally {
    await database.close();
  }
}

describe("backup and restore of the embedded database (PGlite)", () => {
  let root: string;
  let source: string;
  let backupFile: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "kanon-backup-test-"));
    source = path.join(root, "data");
    backupFile = path.join(root, "kanon.tar.gz");
    const database = await openDatabase({ dataDir: source });
    try {
      await migrateToLatest(database.db);
      const organisation = await database.db
        .insertInto("organisations")
        .values({ name: "Stadt Wuppertal", retention_months: 24 })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await database.db
        .insertInto("users")
        .values({ organisation_id: organisation.id, email: "anna@wuppertal.de", name: "Anna", password_hash: "x", role: "admin" })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const title of ["Bestandsaufnahme 2026", "Netzwerkanalyse Süd"]) {
        await database.db
          .insertInto("surveys")
          .values({ organisation_id: organisation.id, created_by: user.id, title, intro: "", structure: JSON.stringify({ pages: [{ id: "p1", title: null, elements: [] }] }) })
          .execute();
      }
      await database.db
        .insertInto("directory_entries")
        .values({ organisation_id: organisation.id, kind: "institution", name: "Kita Sonnenschein", emails: JSON.stringify(["kita@sonnenschein.de"]) })
        .execute();
      await database.db
        .insertInto("audit_log")
        .values({ organisation_id: organisation.id, user_id: user.id, user_name: "Anna", action: "survey.opened", target_label: "Bestandsaufnahme 2026", details: JSON.stringify({ n: 1 }) })
        .execute();
    } finally {
      await database.close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes one file only its owner can read, and the restored database has the same rows", async () => {
    const before = await snapshot(source);
    const { file, bytes } = await backupDataDir(source, backupFile);
    expect(file).toBe(backupFile);
    expect(bytes).toBeGreaterThan(1000);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${backupFile}.partial`)).toBe(false);
    // The script closes the database again: the directory is free for the app.
    expect(isDataDirInUse(source)).toBe(false);

    const target = path.join(root, "restored");
    const result = await restoreDataDir(backupFile, target);
    expect(result).toEqual({ dataDir: target, replaced: null, migrations: [] });
    const after = await snapshot(target);
    expect(after).toEqual(before);
    expect(after.surveys).toHaveLength(2);
    expect(after.organisations[0]).toMatchObject({ name: "Stadt Wuppertal", retention_months: 24 });
  });

  it("refuses to overwrite a non-empty directory without force, and keeps the old contents aside with it", async () => {
    const target = path.join(root, "occupied");
    mkdirSync(target);
    writeFileSync(path.join(target, "something.txt"), "keep me");
    await expect(restoreDataDir(backupFile, target)).rejects.toThrow(/not empty.*--force/s);
    expect(existsSync(path.join(target, "something.txt"))).toBe(true);

    const result = await restoreDataDir(backupFile, target, { force: true });
    expect(result.replaced).toMatch(/occupied\.replaced-/);
    expect(existsSync(path.join(result.replaced!, "something.txt"))).toBe(true);
    expect((await snapshot(target)).surveys).toHaveLength(2);
  });

  it("refuses a database that is in use, an existing backup file, a missing database and a file that is no backup", async () => {
    writeFileSync(path.join(source, "postmaster.pid"), "-42\n");
    try {
      await expect(backupDataDir(source, path.join(root, "busy.tar.gz"))).rejects.toThrow(/in use.*stop Kanon/s);
      const occupied = path.join(root, "occupied");
      writeFileSync(path.join(occupied, "postmaster.pid"), "-42\n");
      await expect(restoreDataDir(backupFile, occupied)).rejects.toThrow(/in use/);
    } finally {
      rmSync(path.join(source, "postmaster.pid"), { force: true });
    }
    await expect(backupDataDir(source, backupFile)).rejects.toThrow(/exists already/);
    await expect(backupDataDir(path.join(root, "nothing-here"), path.join(root, "x.tar.gz"))).rejects.toThrow(/No Kanon database/);
    await expect(restoreDataDir(path.join(root, "missing.tar.gz"), path.join(root, "fresh"))).rejects.toThrow(/No such backup file/);
    const garbage = path.join(root, "garbage.tar.gz");
    writeFileSync(garbage, "this is not a backup");
    const error = await restoreDataDir(garbage, path.join(root, "fresh")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackupError);
    // A failed restore leaves nothing behind.
    expect(existsSync(path.join(root, "fresh"))).toBe(false);
    expect(readdirSync(root).filter((name) => name.startsWith("fresh"))).toEqual([]);
  });
});
