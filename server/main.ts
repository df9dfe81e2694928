import { ConfigError, loadConfig } from "./config.ts";
import { log } from "./lib/logger.ts";
import { startServer } from "./start.ts";

/** `npm start`: run Kanon until SIGINT/SIGTERM, then finish in-flight work and exit. */
try {
  const running = await startServer(loadConfig());
  console.log(`\n  Kanon läuft / is running: ${running.url}  (database: ${running.database.kind})\n`);
  const shutdown = async () => {
    log("info", "shutting down");
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
