import { loadConfig } from "../config.ts";
import { migrateToLatest, openDatabase } from "./connection.ts";

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
const config = loadConfig();
const handle = await openDatabase({ ...config, lockedBy: "migrate" });
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await handle.close();
}
