/**
 * `npm run demo -- [--replace] [--seed <seed>]`: creates the example municipality "Musterstadt"
 * (invented data: directory, surveys in two waves, answers, network share links) on the
 * configured database (DATA_DIR or DATABASE_URL, like the app) and prints the address, the
 * planner account with its generated password, and the share links. The same as "explore an
 * example municipality" on the first-run setup page, but also beside existing organisations.
 *
 * There is at most one example: when one exists, the script stops and says so, or with
 * `--replace` deletes it (with everything in it) and makes a fresh one. On the embedded database
 * (PGlite) stop Kanon first: the script opens the database itself.
 */
import { loadCanon } from "../server/canon/load-canon.ts";
import { ConfigError, loadConfig } from "../server/config.ts";
import { isDataDirInUse } from "../server/data-protection/pglite-backup.ts";
import { migrateToLatest, openDatabase } from "../server/db/connection.ts";
import { DataDirInUseError } from "../server/db/data-dir-lock.ts";
import { createExampleOrganisation, DEFAULT_EXAMPLE_SEED, findExampleOrganisations, removeExample } from "../server/example/create-example.ts";
import { setLogLevel } from "../server/lib/logger.ts";
import { loadTemplates } from "../server/surveys/load-templates.ts";

class UsageError extends Error {}

function parseArguments(args: string[]) {
  let replace = false;
  let seed: string = DEFAULT_EXAMPLE_SEED;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--replace") replace = true;
    else if (arg === "--seed" && args[index + 1]) seed = args[++index]!;
    else if (arg.startsWith("--seed=")) seed = arg.slice("--seed=".length);
    else throw new UsageError(`Unknown argument ${arg}.\nUsage: npm run demo -- [--replace] [--seed <seed>]`);
  }
  return { replace, seed: /^\d+$/.test(seed) ? Number(seed) : seed };
}

try {
  const { replace, seed } = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  setLogLevel(config.logLevel === "debug" ? "debug" : "warn");
  if (!config.databaseUrl && config.dataDir !== "memory://" && isDataDirInUse(config.dataDir)) {
    throw new UsageError(
      `The database in ${config.dataDir} is in use: stop Kanon first (the embedded database serves one process), then run this again.\n` +
        `Die Datenbank in ${config.dataDir} ist in Benutzung: Bitte beenden Sie Kanon zuerst.`,
    );
  }
  const handle = await openDatabase({ ...config, lockedBy: "demo" });
  try {
    await migrateToLatest(handle.db);
    await loadCanon(handle.db);
    await loadTemplates(handle.db);
    const existing = await findExampleOrganisations(handle.db);
    if (existing.length > 0 && !replace) {
      throw new UsageError(
        `There already is an example municipality ("${existing[0]!.name}"). Sign in with its account, delete it in the app ("Beispiel löschen"), ` +
          "or run `npm run demo -- --replace` to delete it and create a fresh one.\n" +
          "Es gibt schon eine Beispielkommune. Mit `npm run demo -- --replace` wird sie gelöscht und neu angelegt.",
      );
    }
    for (const organisation of existing) await removeExample(handle.db, organisation.id, "npm run demo --replace");
    const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    const example = await createExampleOrganisation(handle.db, { baseUrl, seed });
    const { counts } = example;
    console.log(
      [
        `Example municipality created in ${(example.ms / 1000).toFixed(1)} s (Beispielkommune angelegt): Musterstadt, invented data.`,
        `  ${counts.districts} districts, ${counts.institutions} institutions, ${counts.networks} networks; ${example.surveys.length} surveys, ${counts.invitations} invitations, ${counts.submitted} submitted responses, ${counts.responses - counts.submitted} drafts.`,
        "",
        `Start Kanon (npm start), open ${baseUrl}/login and sign in:`,
        `  E-Mail:   ${example.account.email}`,
        `  Passwort: ${example.account.password}`,
        "",
        "Network share links (results for a network, no sign-in; shown only now):",
        ...example.networkViews.map((view) => `  ${view.networkName} – ${view.surveyTitle} (${view.mode}):\n    ${baseUrl}/n/${view.token}`),
        "",
        "Delete it again in the app (banner: \"Beispiel löschen\") or with `npm run demo -- --replace`.",
      ].join("\n"),
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof UsageError || error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
}
