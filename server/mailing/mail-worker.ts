import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, MailOutboxTable } from "../db/schema.ts";
import { log } from "../lib/logger.ts";
import { MailDeliveryError, type MailTransport } from "./transport.ts";

export interface MailWorkerOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  /** MAIL_FROM, e.g. `Kanon <no-reply@kanon.example>`: its address sends every mail and names the Message-ID domain. */
  from: string;
  pollMs: number;
  /** Mails claimed per statement (MAIL_BATCH); the next batch is claimed while the last one is still sending. */
  batchSize?: number;
  /** Most mails per second this worker starts (MAIL_RATE); fractions allowed (0.5 = one every 2 s); 0 or absent: unlimited. */
  rate?: number;
  /** How long a claimed mail stays reserved; renewed while it is still being sent, so only a dead worker's claims expire. */
  leaseSeconds?: number;
  /** How often a live worker renews its leases (default: a third of the lease). */
  renewEveryMs?: number;
  maxAttempts?: number;
  /** Delay before attempt n+1 after a temporary failure (default {@link retryDelaySeconds}); tests make it short. */
  retryDelaySeconds?: (attempts: number) => number;
  /** On stop, sends still running after this long are aborted and their mails put back in the queue. */
  stopTimeoutMs?: number;
}

export interface MailWorkerStatus {
  /** When the last claim-and-deliver round ended (null before the first). */
  lastRoundAt: Date | null;
  lastError: string | null;
  /** Sends running right now in this process. */
  inFlight: number;
  /** Mails waiting in the outbox (due or scheduled) or being sent, over all processes. */
  queued: number;
  /** Counted since this worker started. */
  sent: number;
  failed: number;
  retried: number;
}

export interface MailWorker {
  /** Deliver what is due now instead of waiting for the next poll. */
  wake(): void;
  /** Claims and delivers until nothing is due; resolves with how many delivery attempts it made, once their outcome is stored. */
  runOnce(): Promise<number>;
  status(): Promise<MailWorkerStatus>;
  /** Stops claiming, lets running sends finish, puts claimed mails it did not start back in the queue, closes the transport. */
  stop(): Promise<void>;
}

/** Seconds to wait before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

/** What a delivered (or finally failed) mail's bodies are replaced with: they held a personal link. */
export const REDACTED_BODY = "[Inhalt nach dem Versand entfernt, da er einen persönlichen Link enthielt.]";

/** Mail kinds whose outcome is the invitation's mail status ("other" only for rows queued before kinds existed). */
const STATUS_KINDS = ["invitation", "resend", "handover", "other"];

type ClaimedMail = Selectable<MailOutboxTable>;

type Outcome =
  | { mail: ClaimedMail; result: "sent" }
  | { mail: ClaimedMail; result: "retry" | "failed"; reason: string }
  /** Claimed but given back: not started (attempted false) or aborted by a stop (attempted true). */
  | { mail: ClaimedMail; result: "released"; attempted: boolean };

const STOPPING = "mail worker stopping";
const CLAIM_LOST = "claim taken over by another worker";

/** The address part of `Name <address>` or a bare address. */
export function mailAddressOf(from: string): string {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  if (bracketed) return bracketed[1]!;
  const bare = /[^\s<>"]+@[^\s<>"]+/.exec(from);
  return bare ? bare[0] : "no-reply@kanon.localhost";
}

/**
 * The Message-ID of an outbox row: the same for every attempt, so a mail repeated after a crash
 * (accepted by the SMTP server, but the worker died before storing that) carries the same id and
 * receivers can drop the repeat.
 */
export function outboxMessageId(mail: { id: number | string; organisation_id: string }, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1) || "kanon.localhost";
  return `<outbox-${mail.id}.${mail.organisation_id}@${domain}>`;
}

/**
 * Delivers the outbox.
 *
 * - **Claim**: one statement picks due rows with `FOR UPDATE SKIP LOCKED` and marks them
 *   `sending` under a lease with a fresh `claim_id`, so several processes share the work without
 *   taking the same row. No transaction stays open while mail is sent (PGlite has one connection).
 * - **Send**: the claimed rows go through the transport concurrently (`transport.concurrency`
 *   at a time), started no faster than `rate` per second; the next batch is claimed while the
 *   last one is still sending (with a rate, a batch holds at most about ten seconds' worth). Leases are renewed while a batch is sending, so a slow but alive worker's mails
 *   are never taken over; a row whose claim was nevertheless lost is not sent (or its send aborted).
 * - **Complete**: outcomes are stored in batches, each in one transaction that updates the outbox
 *   rows *only where the claim is still this worker's* (`claim_id`) together with the invitations
 *   of exactly the rows it updated, so a worker whose claim was taken over can neither mark the
 *   mail nor count it twice. Sent bodies (they hold the personal link) are replaced.
 * - **Failures**: SMTP 5xx marks the mail (and its invitation) failed with the server's reason;
 *   anything else is retried with backoff, up to `maxAttempts`.
 *
 * At-most-once is impossible over SMTP: if the process dies after the server accepted a mail and
 * before the outcome is stored, the mail is sent again once the lease expires — with the same
 * Message-ID ({@link outboxMessageId}), so receivers can de-duplicate it.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport, from, pollMs } = options;
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const leaseSeconds = options.leaseSeconds ?? 60;
  const renewEveryMs = options.renewEveryMs ?? Math.max(50, (leaseSeconds * 1000) / 3);
  const maxAttempts = options.maxAttempts ?? 8;
  const delayFor = options.retryDelaySeconds ?? retryDelaySeconds;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const concurrency = Math.max(1, transport.concurrency ?? 10);
  const rate = options.rate && options.rate > 0 ? options.rate : 0;
  // With a rate, claim only what can go out soon: other processes may take the rest meanwhile.
  const claimSize = rate > 0 ? Math.min(batchSize, Math.max(concurrency, Math.ceil(rate * 10))) : batchSize;
  const fromAddress = mailAddressOf(from);

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let wakeRequested = false;

  /** Claim id → ids of the rows it holds whose outcome is not stored yet (their leases are renewed). */
  const claims = new Map<string, Set<string>>();
  /** Claims of rows another worker took over (by {@link claimKeyOf}): not to be sent, their outcome not to be stored. */
  const lost = new Set<string>();
  /** Sends under way, by {@link claimKeyOf}. */
  const inFlight = new Map<string, AbortController>();
  let outcomes: Outcome[] = [];
  let flushing: Promise<void> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let renewing = false;
  /** When the next send may start (rate limit), and the sleepers a stop wakes early. */
  let nextSendAt = 0;
  const sleepers = new Set<() => void>();
  const stats = { lastRoundAt: null as Date | null, lastError: null as string | null, sent: 0, failed: 0, retried: 0 };

  const keyOf = (mail: { id: number | string }) => String(mail.id);
  /** One claim of one row: the same row claimed again later is a different claim. */
  const claimKeyOf = (claimId: string | null, id: number | string) => `${claimId}/${id}`;

  async function claim(): Promise<ClaimedMail[]> {
    const claimId = randomUUID();
    const rows = await db
      .with("due", (qb) =>
        qb
          .selectFrom("mail_outbox")
          .select("id")
          .where((eb) =>
            eb.or([
              eb.and([eb("status", "=", "queued"), eb("next_attempt_at", "<=", sql<Date>`now()`)]),
              eb.and([eb("status", "=", "sending"), eb("locked_until", "<", sql<Date>`now()`)]),
            ]),
          )
          .orderBy("id")
          .limit(claimSize)
          .forUpdate()
          .skipLocked(),
      )
      .updateTable("mail_outbox")
      .from("due")
      .set({
        status: "sending",
        attempts: sql`mail_outbox.attempts + 1`,
        locked_until: sql`now() + make_interval(secs => ${leaseSeconds})`,
        claim_id: claimId,
      })
      .whereRef("mail_outbox.id", "=", "due.id")
      .returningAll("mail_outbox")
      .execute();
    if (rows.length > 0) {
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      claims.set(claimId, new Set(rows.map(keyOf)));
    }
    return rows;
  }

  /** Keeps this worker's claims alive; rows no longer held (taken over after all) are dropped from sending. */
  async function renewLeases(): Promise<void> {
    if (renewing) return;
    renewing = true;
    try {
      for (const [claimId, ids] of claims) {
        if (ids.size === 0) continue;
        const held = await db
          .updateTable("mail_outbox")
          .set({ locked_until: sql`now() + make_interval(secs => ${leaseSeconds})` })
          .where("claim_id", "=", claimId)
          .where("status", "=", "sending")
          .returning("id")
          .execute();
        const heldIds = new Set(held.map(keyOf));
        for (const id of claims.get(claimId) ?? []) {
          if (heldIds.has(id)) continue;
          lost.add(claimKeyOf(claimId, id));
          inFlight.get(claimKeyOf(claimId, id))?.abort(CLAIM_LOST);
        }
      }
    } catch (error) {
      noteError("renewing mail leases failed", error);
    } finally {
      renewing = false;
    }
  }

  /** Waits for this send's slot under the rate limit; false when the worker stops meanwhile. */
  async function waitForSendSlot(): Promise<boolean> {
    if (rate === 0) return !stopping;
    const now = Date.now();
    const slot = Math.max(now, nextSendAt);
    nextSendAt = slot + 1000 / rate;
    if (slot > now) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timeout);
          sleepers.delete(wake);
          resolve();
        };
        const timeout = setTimeout(wake, slot - now);
        sleepers.add(wake);
      });
    }
    return !stopping;
  }

  function noteError(message: string, error: unknown) {
    stats.lastError = error instanceof Error ? error.message : String(error);
    log("error", message, { error: stats.lastError });
  }

  async function deliver(mail: ClaimedMail): Promise<void> {
    const key = keyOf(mail);
    const claimKey = claimKeyOf(mail.claim_id, key);
    const controller = new AbortController();
    inFlight.set(claimKey, controller);
    try {
      await transport.send({
        organisationId: mail.organisation_id,
        from: mail.from_name ? { name: mail.from_name, address: fromAddress } : from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body,
        ...(mail.reply_to ? { replyTo: mail.reply_to } : {}),
        messageId: outboxMessageId(mail, fromAddress),
        signal: controller.signal,
      });
      if (!lost.has(claimKey)) record({ mail, result: "sent" });
    } catch (error) {
      if (controller.signal.aborted) {
        if (controller.signal.reason === STOPPING) record({ mail, result: "released", attempted: true });
        return;
      }
      if (lost.has(claimKey)) return;
      const permanent = error instanceof MailDeliveryError && error.permanent;
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const giveUp = permanent || mail.attempts >= maxAttempts;
      record({ mail, result: giveUp ? "failed" : "retry", reason });
      log(giveUp ? "warn" : "info", giveUp ? "mail failed permanently" : "mail delivery will be retried", {
        outboxId: key,
        attempts: mail.attempts,
        permanent,
      });
    } finally {
      inFlight.delete(claimKey);
    }
  }

  /** Outcomes are stored in batches: at once when a batch's worth has gathered, else shortly after. */
  function record(outcome: Outcome) {
    outcomes.push(outcome);
    if (outcomes.length >= batchSize) void flush();
    else flushTimer ??= setTimeout(() => void flush(), 20);
  }

  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    flushing ??= (async () => {
      let failures = 0;
      while (outcomes.length > 0) {
        const taken = outcomes;
        outcomes = [];
        try {
          await db.transaction().execute((trx) => complete(trx, taken));
          failures = 0;
          for (const outcome of taken) {
            const key = keyOf(outcome.mail);
            claims.get(outcome.mail.claim_id!)?.delete(key);
            if (claims.get(outcome.mail.claim_id!)?.size === 0) claims.delete(outcome.mail.claim_id!);
            if (outcome.result === "sent") stats.sent++;
            else if (outcome.result === "failed") stats.failed++;
            else if (outcome.result === "retry") stats.retried++;
          }
        } catch (error) {
          noteError("storing mail outcomes failed", error);
          if (++failures >= 5) {
            // The rows stay `sending` and are taken up again when their lease expires.
            for (const outcome of taken) claims.get(outcome.mail.claim_id!)?.delete(keyOf(outcome.mail));
            failures = 0;
            continue;
          }
          outcomes = taken.concat(outcomes);
          await new Promise((resolve) => setTimeout(resolve, 200 * failures));
        }
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  /** Stores a batch of outcomes; every statement is fenced by the claim, and invitations follow only the rows it updated. */
  async function complete(trx: Transaction<Database>, batch: Outcome[]): Promise<void> {
    /** The outcomes matching `wanted`, as [claim id, row ids] pairs. */
    const byClaim = (wanted: (outcome: Outcome) => boolean) => {
      const groups = new Map<string, number[]>();
      for (const outcome of batch) {
        if (!wanted(outcome)) continue;
        const ids = groups.get(outcome.mail.claim_id!) ?? [];
        ids.push(outcome.mail.id as number);
        groups.set(outcome.mail.claim_id!, ids);
      }
      return [...groups];
    };
    const heldBy = (groups: [string, number[]][]) =>
      trx
        .updateTable("mail_outbox")
        .where("status", "=", "sending")
        .where((eb) => eb.or(groups.map(([claimId, ids]) => eb.and([eb("claim_id", "=", claimId), eb("id", "in", ids)]))));

    const sentGroups = byClaim((outcome) => outcome.result === "sent");
    if (sentGroups.length > 0) {
      const sent = await heldBy(sentGroups)
        .set({
          status: "sent",
          sent_at: sql`now()`,
          locked_until: null,
          last_error: null,
          claim_id: null,
          text_body: REDACTED_BODY,
          html_body: REDACTED_BODY,
        })
        .returning(["invitation_id", "kind"])
        .execute();
      const announced = sent.filter((row) => row.invitation_id && STATUS_KINDS.includes(row.kind)).map((row) => row.invitation_id!);
      if (announced.length > 0) {
        await trx
          .updateTable("invitations")
          .set({ mail_status: "sent", sent_at: sql`coalesce(sent_at, now())`, failure_reason: null })
          .where("id", "in", [...new Set(announced)])
          .execute();
      }
      // Reminders count per mail; the same invitation twice in one batch is rare, so group by how often.
      const reminded = new Map<string, number>();
      for (const row of sent) {
        if (row.invitation_id && row.kind === "reminder") reminded.set(row.invitation_id, (reminded.get(row.invitation_id) ?? 0) + 1);
      }
      const byCount = new Map<number, string[]>();
      for (const [invitationId, count] of reminded) byCount.set(count, [...(byCount.get(count) ?? []), invitationId]);
      for (const [count, invitationIds] of byCount) {
        await trx
          .updateTable("invitations")
          .set({ last_reminded_at: sql`now()`, reminder_count: sql`reminder_count + ${count}` })
          .where("id", "in", invitationIds)
          .execute();
      }
    }

    for (const outcome of batch) {
      if (outcome.result !== "failed" && outcome.result !== "retry") continue;
      const { mail, reason } = outcome;
      const giveUp = outcome.result === "failed";
      const updated = await heldBy([[mail.claim_id!, [mail.id]]])
        .set({
          status: giveUp ? "failed" : "queued",
          last_error: reason,
          locked_until: null,
          claim_id: null,
          next_attempt_at: sql`now() + make_interval(secs => ${delayFor(mail.attempts)})`,
          // A failed mail is never sent from this row again; its link should not stay in clear.
          ...(giveUp ? { text_body: REDACTED_BODY, html_body: REDACTED_BODY } : {}),
        })
        .returning(["invitation_id", "kind"])
        .executeTakeFirst();
      if (!giveUp || !updated?.invitation_id) continue;
      await trx
        .updateTable("invitations")
        .set(STATUS_KINDS.includes(updated.kind) ? { mail_status: "failed", failure_reason: reason } : { failure_reason: reason })
        .where("id", "=", updated.invitation_id)
        .execute();
    }

    for (const attempted of [false, true]) {
      const released = byClaim((outcome) => outcome.result === "released" && outcome.attempted === attempted);
      if (released.length === 0) continue;
      await heldBy(released)
        .set({ status: "queued", locked_until: null, claim_id: null, ...(attempted ? {} : { attempts: sql`greatest(attempts - 1, 0)` }) })
        .execute();
    }
  }

  async function round(): Promise<number> {
    let handled = 0;
    let exhausted = false;
    const queue: ClaimedMail[] = [];
    let refilling: Promise<void> | undefined;
    // Claim the next batch while this one is still sending, so the transport never waits for the database.
    const lowWater = Math.max(concurrency, Math.floor(claimSize / 2));

    const refill = () =>
      (refilling ??= claim()
        .then(
          (batch) => {
            if (batch.length === 0) exhausted = true;
            queue.push(...batch);
          },
          (error) => {
            exhausted = true;
            noteError("claiming mail failed", error);
          },
        )
        .finally(() => {
          refilling = undefined;
        }));

    async function lane() {
      for (;;) {
        if (stopping) return;
        if (!exhausted && queue.length <= lowWater) {
          const claimed = refill();
          if (queue.length === 0) {
            await claimed;
            continue;
          }
        }
        const mail = queue.shift();
        if (!mail) return;
        if (lost.has(claimKeyOf(mail.claim_id, mail.id))) continue;
        if (!(await waitForSendSlot())) {
          queue.unshift(mail);
          return;
        }
        await deliver(mail);
        handled++;
      }
    }

    renewTimer ??= setInterval(() => void renewLeases(), renewEveryMs);
    renewTimer.unref();
    try {
      await Promise.all(Array.from({ length: concurrency }, lane));
      if (refilling) await refilling;
      // Only when stopping: claimed but never started, so another process may take them at once.
      for (const mail of queue.splice(0)) if (!lost.has(claimKeyOf(mail.claim_id, mail.id))) record({ mail, result: "released", attempted: false });
      while (outcomes.length > 0 || flushing) await flush();
    } finally {
      clearInterval(renewTimer);
      renewTimer = undefined;
      // Nothing is in flight any more: every claim of this round is stored, given back or lost.
      claims.clear();
      lost.clear();
      stats.lastRoundAt = new Date();
    }
    return handled;
  }

  function runOnce(): Promise<number> {
    if (stopping) return Promise.resolve(0);
    if (running) {
      wakeRequested = true;
      return running;
    }
    running = round()
      .catch((error) => {
        noteError("mail worker round failed", error);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (wakeRequested && !stopping) {
          wakeRequested = false;
          void runOnce();
        }
      });
    return running;
  }

  function schedule() {
    if (stopping) return;
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
    async status() {
      const { queued } = await db
        .selectFrom("mail_outbox")
        .select(sql<number>`count(*)::int`.as("queued"))
        .where("status", "in", ["queued", "sending"])
        .executeTakeFirstOrThrow();
      return { ...stats, inFlight: inFlight.size, queued: Number(queued) };
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      for (const wake of [...sleepers]) wake();
      const abortLate = setTimeout(() => {
        for (const controller of inFlight.values()) controller.abort(STOPPING);
      }, stopTimeoutMs);
      try {
        await running;
      } finally {
        clearTimeout(abortLate);
        transport.close();
      }
    },
  };
}
