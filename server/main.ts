import { ConfigError, loadConfig } from "./config.ts";
import { log } from "./lib/logger.ts";
import { startServer } from "./start.ts";

/** How long requests under way may take to finish after SIGTERM/SIGINT before they are cut off. */
const SHUTDOWN_GRACE_MS = 10_000;
/** The whole shutdown (requests, mail sends under way, database) gets this long; then the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 45_000;

/**
 * `npm start`: run Kanon until SIGINT/SIGTERM, then shut down gracefully: stop accepting
 * connections, let requests under way finish (cut off after SHUTDOWN_GRACE_MS), stop the mail
 * worker (sends under way finish, claimed mails it had not started go back to the queue for
 * another process), close the database, exit 0. A second signal exits at once.
 * Everything on stdout is JSON lines (the human banner only when stdout is a terminal).
 */
try {
  const running = await startServer(loadConfig());
  if (process.stdout.isTTY) {
    console.log(`\n  Kanon läuft / is running: ${running.url}  (database: ${running.database.kind})\n`);
  }
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log("warn", "second signal: exiting without waiting", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    const started = performance.now();
    log("info", "shutting down", { signal, graceMs: SHUTDOWN_GRACE_MS });
    const deadline = setTimeout(() => {
      log("error", "shutdown took too long: exiting", { ms: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      await running.stop(SHUTDOWN_GRACE_MS);
      log("info", "shut down", { ms: Math.round(performance.now() - started) });
      process.exit(0);
    } catch (error) {
      log("error", "shutdown failed", { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));
  // Whatever escapes every handler still leaves as one JSON line (scrubbed like all log lines).
  process.on("uncaughtException", (error) => {
    log("error", "uncaught exception: exiting", { error: `${error.name}: ${error.message}` });
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    log("error", "unhandled promise rejection", { error: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) });
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    log("error", "start failed", { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
  process.exit(1);
}
