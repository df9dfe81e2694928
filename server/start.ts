import { serve, type ServerType } from "@hono/node-server";
import type { AppConfig } from "./config.ts";
import { createApp } from "./app.ts";
import { loadCanon } from "./canon/load-canon.ts";
import { startEraser } from "./data-protection/erasure.ts";
import { startRetentionSweeper } from "./data-protection/retention.ts";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "./db/connection.ts";
import { log, setLogLevel } from "./lib/logger.ts";
import { startMailWorker, type MailWorker } from "./mailing/mail-worker.ts";
import { startReminderScheduler } from "./recipients/reminder-scheduler.ts";
import { releaseAllAnonymousAnswers, startAnonymousReleaser } from "./respond/release-anonymous-answers.ts";
import { releaseAllPseudonymousAnswers } from "./respond/release-pseudonymous-answers.ts";
import { answerTablesNotVacuumable, vacuumAtStart } from "./respond/vacuum-answer-tables.ts";
import { loadTemplates } from "./surveys/load-templates.ts";
import { devMailboxTransport, smtpTransport } from "./mailing/transport.ts";

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseHandle;
  mailWorker: MailWorker;
  /** Stops accepting, lets requests under way finish (up to `graceMs`, default 10 s), stops the worker (claims it did not start go back), closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The composition root: config → database → migrations → canon → mail worker → app → listen.
 * Used by `npm start` and by the browser tests, so both run exactly the same wiring.
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  setLogLevel(config.logLevel);
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const canon = await loadCanon(database.db);
  if (canon.added > 0) log("info", "canon items added", { added: canon.added });
  await loadTemplates(database.db);

  const devMailbox = !config.smtpUrl;
  const transport = config.smtpUrl
    ? smtpTransport(config.smtpUrl, { connections: config.mailConnections })
    : devMailboxTransport(database.db);
  const mailWorker = startMailWorker({
    db: database.db,
    transport,
    from: config.mailFrom,
    pollMs: config.mailPollMs,
    batchSize: config.mailBatch,
    rate: config.mailRate,
  });
  // Planned reminders: checked every minute, and once right at start after a downtime.
  const reminders = startReminderScheduler({ db: database.db, intervalMs: 60_000, onQueued: () => mailWorker.wake() });
  // Anonymous answers waiting for their batch survive restarts: what is due goes now, and the
  // answer tables and invitations are vacuumed once (dead tuples an unclean stop or an upgrade left behind).
  const released = await releaseAllAnonymousAnswers(database.db);
  await releaseAllPseudonymousAnswers(database.db);
  const notVacuumable = await answerTablesNotVacuumable(database.db);
  if (notVacuumable.length > 0) {
    log("warn", "the database role does not own the answer tables: VACUUM after releasing anonymous answers is skipped", { tables: notVacuumable });
  }
  await vacuumAtStart(database.db).catch((error: unknown) =>
    log("warn", "vacuum of the answer tables failed", { error: error instanceof Error ? error.message : String(error) }),
  );
  if (released > 0) log("info", "anonymous answers released at start", { answers: released });
  const anonymousReleaser = startAnonymousReleaser({ db: database.db, intervalMs: 600_000 });
  void reminders.runOnce();
  // Retention: responses of surveys that ended longer ago than the organisation keeps them, hourly and once at start.
  const retention = startRetentionSweeper({ db: database.db, intervalMs: 3_600_000 });
  void retention.runOnce();
  // Deleted surveys and organisations are erased in chunks; marks a stop left behind are taken up at once.
  const eraser = startEraser({ db: database.db, intervalMs: 60_000 });
  eraser.wake();
  let stopping = false;
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    config,
    devMailbox,
    wakeMailWorker: () => mailWorker.wake(),
    wakeEraser: () => eraser.wake(),
    mailStatus: () => mailWorker.status(),
    isStopping: () => stopping,
  });

  const server: ServerType = await new Promise((resolve) => {
    const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(instance));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  log("info", "Kanon is listening", { url, database: database.kind, mail: devMailbox ? "dev mailbox" : "smtp" });

  return {
    url,
    port,
    database,
    mailWorker,
    async stop(graceMs = 10_000) {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections are closed as soon as their last request is answered (not after
      // their idle timeout); requests still running after the grace period are cut off.
      const closeIdle = setInterval(() => ("closeIdleConnections" in server ? server.closeIdleConnections() : undefined), 50);
      const cutOff = setTimeout(() => ("closeAllConnections" in server ? server.closeAllConnections() : undefined), graceMs);
      await closed;
      clearInterval(closeIdle);
      clearTimeout(cutOff);
      await reminders.stop();
      await retention.stop();
      await eraser.stop();
      await anonymousReleaser.stop();
      await mailWorker.stop();
      await database.close();
    },
  };
}
