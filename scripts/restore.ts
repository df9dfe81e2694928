/**
 * `npm run restore -- file [--force]`: restores a backup made by `npm run backup` into DATA_DIR,
 * then applies pending migrations. Refuses a non-empty DATA_DIR unless --force (its contents are
 * then moved aside, never deleted). Stop Kanon first: a directory a running Kanon holds is refused
 * even with --force. See docs/data-protection.md.
 */
import { ConfigError, loadConfig } from "../server/config.ts";
import { BackupError, restoreDataDir } from "../server/data-protection/pglite-backup.ts";

const args = process.argv.slice(2);
const force = args.includes("--force");
const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--force");
const files = args.filter((arg) => !arg.startsWith("-"));

try {
  if (unknown.length > 0 || files.length !== 1) {
    throw new BackupError("Usage: npm run restore -- <backup.tar.gz> [--force]");
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new BackupError(
      "DATABASE_URL is set: Kanon runs on PostgreSQL, whose backups are restored with pg_restore, e.g.\n" +
        '  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" kanon-2026-03-01.dump\n' +
        "(see docs/data-protection.md).",
    );
  }
  const result = await restoreDataDir(files[0]!, config.dataDir, { force });
  console.log(`Restored into ${result.dataDir}.`);
  if (result.replaced) console.log(`The previous contents were moved to ${result.replaced} (delete it once Kanon runs fine).`);
  console.log(result.migrations.length > 0 ? `Migrations applied: ${result.migrations.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(error instanceof BackupError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
