import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { MailDeliveryError, type MailTransport } from "./transport.ts";

export interface MailWorkerOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  from: string;
  pollMs: number;
  batchSize?: number;
  /** How long a claimed mail stays reserved before another worker may take it over. */
  leaseSeconds?: number;
  maxAttempts?: number;
}

export interface MailWorker {
  /** Deliver what is due now instead of waiting for the next poll. */
  wake(): void;
  /** Runs one claim-and-deliver round; resolves with how many mails it handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Seconds to wait before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

const REDACTED = "[Inhalt nach dem Versand entfernt, da er einen persönlichen Link enthielt.]";

/**
 * Delivers the outbox. Mails are claimed with FOR UPDATE SKIP LOCKED under a lease, so several
 * app processes share the work without sending a mail twice, and a crashed worker's claims are
 * taken over once the lease expires. After delivery the stored body (which holds the personal
 * link) is replaced, so tokens do not stay in the database in clear.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport, from, pollMs } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseSeconds = options.leaseSeconds ?? 300;
  const maxAttempts = options.maxAttempts ?? 8;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let wakeRequested = false;

  async function claim() {
    return db
      .updateTable("mail_outbox")
      .set({
        status: "sending",
        attempts: sql`attempts + 1`,
        locked_until: sql`now() + make_interval(secs => ${leaseSeconds})`,
      })
      .where(
        "id",
        "in",
        db
          .selectFrom("mail_outbox")
          .select("id")
          .where((eb) =>
            eb.or([
              eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", sql<Date>`now()`)]),
              eb.and([eb("status", "=", "sending"), eb("locked_until", "<", sql<Date>`now()`)]),
            ]),
          )
          .orderBy("id")
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute();
  }

  async function deliver(mail: Awaited<ReturnType<typeof claim>>[number]): Promise<void> {
    try {
      await transport.send({
        organisationId: mail.organisation_id,
        from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
      });
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("mail_outbox")
          .set({ status: "sent", sent_at: new Date(), locked_until: null, last_error: null, text_body: REDACTED, html_body: REDACTED })
          .where("id", "=", mail.id)
          .execute();
        if (mail.invitation_id) {
          await trx
            .updateTable("invitations")
            .set({ mail_status: "sent", sent_at: new Date(), failure_reason: null })
            .where("id", "=", mail.invitation_id)
            .execute();
        }
      });
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent;
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const giveUp = permanent || mail.attempts >= maxAttempts;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("mail_outbox")
          .set({
            status: giveUp ? "failed" : "queued",
            last_error: reason,
            locked_until: null,
            next_attempt_at: sql`now() + make_interval(secs => ${retryDelaySeconds(mail.attempts)})`,
          })
          .where("id", "=", mail.id)
          .execute();
        if (giveUp && mail.invitation_id) {
          await trx
            .updateTable("invitations")
            .set({ mail_status: "failed", failure_reason: reason })
            .where("id", "=", mail.invitation_id)
            .execute();
        }
      });
      log(giveUp ? "warn" : "info", giveUp ? "mail failed permanently" : "mail delivery will be retried", {
        outboxId: mail.id,
        attempts: mail.attempts,
        permanent,
      });
    }
  }

  async function round(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return handled;
      await Promise.all(batch.map(deliver));
      handled += batch.length;
      if (stopped) return handled;
    }
  }

  function runOnce(): Promise<number> {
    if (running) {
      wakeRequested = true;
      return running;
    }
    running = round()
      .catch((error) => {
        log("error", "mail worker round failed", { error: error instanceof Error ? error.message : String(error) });
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (wakeRequested && !stopped) {
          wakeRequested = false;
          void runOnce();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(async () => {
      await runOnce();
      schedule();
    }, pollMs);
    timer.unref();
  }

  schedule();
  return {
    wake: () => void runOnce(),
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
