/**
 * `npm run backup -- [file] [--force]`: writes the embedded database (PGlite in DATA_DIR) as one
 * .tar.gz file. Stop Kanon first: the script opens the database itself, and refuses a directory a
 * running Kanon holds even with --force (which only overrides what a crash left behind). With
 * DATABASE_URL set (PostgreSQL) it explains pg_dump instead. See docs/data-protection.md.
 */
import { ConfigError, loadConfig } from "../server/config.ts";
import { BackupError, backupDataDir, timeStamp } from "../server/data-protection/pglite-backup.ts";

const args = process.argv.slice(2);
const force = args.includes("--force");
const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--force");
const [file = `kanon-backup-${timeStamp()}.tar.gz`, ...extra] = args.filter((arg) => !arg.startsWith("-"));

try {
  if (unknown.length > 0 || extra.length > 0) {
    throw new BackupError("Usage: npm run backup -- [file.tar.gz] [--force]");
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new BackupError(
      "DATABASE_URL is set: Kanon runs on PostgreSQL, whose backups are made with pg_dump, e.g.\n" +
        '  pg_dump -Fc --no-owner -f kanon-$(date +%F).dump "$DATABASE_URL"\n' +
        "and restored with pg_restore (see docs/data-protection.md).",
    );
  }
  const started = Date.now();
  const result = await backupDataDir(config.dataDir, file, { force });
  console.log(`Backup written: ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log("It contains every answer and address: keep it as safe as the server itself.");
} catch (error) {
  console.error(error instanceof BackupError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
