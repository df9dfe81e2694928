import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { migrateToLatest, type DatabaseHandle } from "../../server/db/connection.ts";
import { setLogLevel } from "../../server/lib/logger.ts";
import { enqueueMails, type OutgoingMailKind } from "../../server/lib/mail-outbox.ts";
import { startMailWorker, type MailWorker, type MailWorkerOptions } from "../../server/mailing/mail-worker.ts";
import { MailDeliveryError, type MailToSend, type MailTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase, openTestDatabase } from "../support/databases.ts";

/**
 * The worker's guarantees, driven with a scripted transport (the SMTP side is covered in
 * mail-delivery.test.ts): claims fenced by claim_id, leases renewed while sending, graceful stop,
 * what each kind of mail records on its invitation.
 */

/** A transport whose every send is decided by the test; records what it was asked to send. */
function scriptedTransport(behaviour: (mail: MailToSend) => Promise<void>, concurrency = 4): MailTransport & { sent: MailToSend[] } {
  const sent: MailToSend[] = [];
  return {
    sent,
    concurrency,
    async send(mail) {
      await behaviour(mail);
      sent.push(mail);
    },
    close: () => {},
  };
}

const immediately = () => Promise.resolve();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the signal aborts, rejecting the send like nodemailer does. */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describeEachDatabase("mail worker guarantees", (kind) => {
  let database: DatabaseHandle;
  let organisationId: string;
  let surveyId: string;
  const workers: MailWorker[] = [];

  function worker(transport: MailTransport, options: Partial<MailWorkerOptions> = {}): MailWorker {
    const started = startMailWorker({ db: database.db, transport, from: "Kanon <no-reply@kanon.test>", pollMs: 3_600_000, ...options });
    workers.push(started);
    return started;
  }

  async function invitation(email: string, mailStatus: "queued" | "sent" = "queued") {
    const row = await database.db
      .insertInto("invitations")
      .values({ organisation_id: organisationId, survey_id: surveyId, email, name: "", mail_status: mailStatus })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function queue(to: string, options: { invitationId?: string; kind?: OutgoingMailKind } = {}) {
    await enqueueMails(database.db, [{ organisationId, to, subject: "Betreff", text: "Text mit /r/geheim", html: "<p>/r/geheim</p>", ...options }]);
    return database.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
  }

  const outboxRow = (to: string) => database.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).executeTakeFirstOrThrow();
  const invitationRow = (id: string) => database.db.selectFrom("invitations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    setLogLevel("silent");
    database = await openTestDatabase(kind);
    await migrateToLatest(database.db);
    const organisation = await database.db.insertInto("organisations").values({ name: "Stadt Bochum" }).returning("id").executeTakeFirstOrThrow();
    organisationId = organisation.id;
    const user = await database.db
      .insertInto("users")
      .values({ organisation_id: organisationId, email: "planung@bochum.example", name: "Paula", password_hash: "x", role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const survey = await database.db
      .insertInto("surveys")
      .values({ organisation_id: organisationId, title: "Bestandsaufnahme", intro: "", status: "open", structure: JSON.stringify({ pages: [] }), created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    surveyId = survey.id;
  });
  beforeEach(async () => {
    await Promise.all(workers.splice(0).map((started) => started.stop()));
    await database.db.deleteFrom("mail_outbox").execute();
  });
  afterAll(async () => {
    await Promise.all(workers.splice(0).map((started) => started.stop()));
    await database.close();
  });

  it("a worker whose claim was taken over can neither mark the mail nor count it twice", async () => {
    const reminded = await invitation("erinnert@traeger.example", "sent");
    const invited = await invitation("eingeladen@traeger.example");
    await queue("erinnert@traeger.example", { invitationId: reminded, kind: "reminder" });
    await queue("eingeladen@traeger.example", { invitationId: invited, kind: "invitation" });

    // The first worker hangs in its sends and does not renew its lease (as if paused for minutes).
    const hanging = { erinnert: deferred(), eingeladen: deferred() };
    const slow = worker(
      scriptedTransport((mail) => (mail.to.startsWith("erinnert") ? hanging.erinnert.promise : hanging.eingeladen.promise)),
      { renewEveryMs: 3_600_000 },
    );
    const slowRound = slow.runOnce();
    await sleep(100);
    const firstClaim = await outboxRow("erinnert@traeger.example");
    expect(firstClaim.status).toBe("sending");
    await database.db.updateTable("mail_outbox").set({ locked_until: new Date(Date.now() - 1000) }).execute();

    // A second worker takes the expired claims over and delivers both.
    const fast = worker(scriptedTransport(immediately));
    expect(await fast.runOnce()).toBe(2);
    const takenOver = await outboxRow("erinnert@traeger.example");
    expect(takenOver).toMatchObject({ status: "sent", attempts: 2, claim_id: null });

    // Now the first worker's sends finish: one "succeeds", one fails permanently. Neither counts.
    hanging.erinnert.resolve();
    hanging.eingeladen.reject(new MailDeliveryError("550 5.1.1 Mailbox unavailable", true));
    await slowRound;
    expect(await invitationRow(reminded)).toMatchObject({ reminder_count: 1, mail_status: "sent" });
    expect(await invitationRow(invited)).toMatchObject({ mail_status: "sent", failure_reason: null });
    expect(await outboxRow("eingeladen@traeger.example")).toMatchObject({ status: "sent", last_error: null });

    // The fence at the SQL level: completing with the old claim id touches nothing.
    const fenced = await database.db
      .updateTable("mail_outbox")
      .set({ status: "failed" })
      .where("id", "=", firstClaim.id)
      .where("claim_id", "=", firstClaim.claim_id)
      .executeTakeFirst();
    expect(Number(fenced.numUpdatedRows)).toBe(0);
  });

  it("renews the lease of a slow but alive worker, so no other worker sends its mail again", async () => {
    await queue("langsam@traeger.example");
    const slowTransport = scriptedTransport(() => sleep(1600));
    const slow = worker(slowTransport, { leaseSeconds: 1, renewEveryMs: 200 });
    const slowRound = slow.runOnce();
    await sleep(1200); // longer than the lease
    const otherTransport = scriptedTransport(immediately);
    expect(await worker(otherTransport).runOnce()).toBe(0);
    expect(await slowRound).toBe(1);
    expect(otherTransport.sent).toHaveLength(0);
    expect(await outboxRow("langsam@traeger.example")).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("stops sending a mail whose claim another worker holds now", async () => {
    await queue("uebernommen@traeger.example");
    const transport = scriptedTransport((mail) => untilAborted(mail.signal));
    const stale = worker(transport, { renewEveryMs: 100 });
    const round = stale.runOnce();
    await sleep(50);
    const foreignClaim = randomUUID();
    await database.db.updateTable("mail_outbox").set({ claim_id: foreignClaim }).execute();
    expect(await round).toBe(1);
    expect(transport.sent).toHaveLength(0);
    // Left alone for the worker that holds it.
    expect(await outboxRow("uebernommen@traeger.example")).toMatchObject({ status: "sending", claim_id: foreignClaim });
  });

  it("on stop, finishes the sends under way and gives back the mails it had not started", async () => {
    for (let index = 0; index < 5; index++) await queue(`stopp${index}@traeger.example`);
    const transport = scriptedTransport(() => sleep(300), 1);
    const stopping = worker(transport, { batchSize: 5 });
    const round = stopping.runOnce();
    await sleep(100);
    await stopping.stop();
    expect(await round).toBe(1);
    expect(transport.sent).toHaveLength(1);
    const rows = await database.db.selectFrom("mail_outbox").select(["to_address", "status", "attempts", "claim_id", "locked_until"]).orderBy("id").execute();
    expect(rows[0]).toMatchObject({ status: "sent", attempts: 1 });
    for (const row of rows.slice(1)) expect(row).toMatchObject({ status: "queued", attempts: 0, claim_id: null, locked_until: null });
    // Another process can take them at once, without waiting for a lease to expire.
    expect(await worker(scriptedTransport(immediately)).runOnce()).toBe(4);
  });

  it("on stop, aborts a send that hangs past the stop timeout and queues its mail again", async () => {
    await queue("haengt@traeger.example");
    const hanging = worker(scriptedTransport((mail) => untilAborted(mail.signal)), { stopTimeoutMs: 200 });
    const round = hanging.runOnce();
    await sleep(50);
    await hanging.stop();
    await round;
    expect(await outboxRow("haengt@traeger.example")).toMatchObject({ status: "queued", attempts: 1, claim_id: null });
  });

  it("records a reminder on the invitation without touching its mail status; a failed one only as the reason", async () => {
    const id = await invitation("erinnerung@traeger.example", "sent");
    await queue("erinnerung@traeger.example", { invitationId: id, kind: "reminder" });
    await worker(scriptedTransport(immediately)).runOnce();
    const reminded = await invitationRow(id);
    expect(reminded).toMatchObject({ mail_status: "sent", reminder_count: 1, failure_reason: null });
    expect(reminded.last_reminded_at).toBeInstanceOf(Date);

    await database.db.deleteFrom("mail_outbox").execute();
    await queue("erinnerung@traeger.example", { invitationId: id, kind: "reminder" });
    await worker(scriptedTransport(() => Promise.reject(new MailDeliveryError("552 Mailbox full", true)))).runOnce();
    expect(await invitationRow(id)).toMatchObject({ mail_status: "sent", reminder_count: 1, failure_reason: "552 Mailbox full" });
    expect(await outboxRow("erinnerung@traeger.example")).toMatchObject({ status: "failed", last_error: "552 Mailbox full" });
  });

  it("keeps the first sent_at when a resend goes out, and marks a failed resend failed", async () => {
    const id = await invitation("nochmal@traeger.example");
    await queue("nochmal@traeger.example", { invitationId: id, kind: "invitation" });
    await worker(scriptedTransport(immediately)).runOnce();
    const first = await invitationRow(id);
    expect(first.mail_status).toBe("sent");

    await database.db.deleteFrom("mail_outbox").execute();
    await queue("nochmal@traeger.example", { invitationId: id, kind: "resend" });
    await worker(scriptedTransport(immediately)).runOnce();
    expect((await invitationRow(id)).sent_at).toEqual(first.sent_at);

    await database.db.deleteFrom("mail_outbox").execute();
    await queue("nochmal@traeger.example", { invitationId: id, kind: "resend" });
    await worker(scriptedTransport(() => Promise.reject(new MailDeliveryError("550 User unknown", true)))).runOnce();
    expect(await invitationRow(id)).toMatchObject({ mail_status: "failed", failure_reason: "550 User unknown" });
  });

  it("retries temporary failures after the (injected) delay and gives up after maxAttempts", async () => {
    const id = await invitation("wackelig@traeger.example");
    await queue("wackelig@traeger.example", { invitationId: id, kind: "invitation" });
    let calls = 0;
    const flaky = worker(
      scriptedTransport(async () => {
        if (++calls <= 2) throw new MailDeliveryError("421 Service not available", false);
      }),
      { retryDelaySeconds: () => 0 },
    );
    // With no delay each retry is due at once: one round per attempt at most.
    for (let round = 0; round < 3; round++) await flaky.runOnce();
    expect(calls).toBe(3);
    expect(await outboxRow("wackelig@traeger.example")).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    expect((await invitationRow(id)).mail_status).toBe("sent");

    const doomed = await invitation("nie@traeger.example");
    await queue("nie@traeger.example", { invitationId: doomed, kind: "invitation" });
    const refusing = worker(scriptedTransport(() => Promise.reject(new Error("connect ECONNREFUSED"))), { retryDelaySeconds: () => 0, maxAttempts: 3 });
    for (let round = 0; round < 3; round++) await refusing.runOnce();
    expect(await outboxRow("nie@traeger.example")).toMatchObject({ status: "failed", attempts: 3, last_error: "connect ECONNREFUSED" });
    expect(await invitationRow(doomed)).toMatchObject({ mail_status: "failed", failure_reason: "connect ECONNREFUSED" });
    const status = await refusing.status();
    expect(status).toMatchObject({ failed: 1, retried: 2, inFlight: 0, queued: 0 });
    expect(status.lastRoundAt).toBeInstanceOf(Date);
  });

  it("starts no more mails per second than its rate, and a stop does not wait for the rate", async () => {
    for (let index = 0; index < 7; index++) await queue(`takt${index}@traeger.example`);
    const startedAt: number[] = [];
    const paced = worker(
      scriptedTransport(async () => {
        startedAt.push(Date.now());
      }, 4),
      { rate: 10 },
    );
    const began = Date.now();
    expect(await paced.runOnce()).toBe(7);
    // 7 mails at 10 per second: the 7th starts 600 ms after the first.
    expect(Date.now() - began).toBeGreaterThanOrEqual(550);
    expect(startedAt[6]! - startedAt[0]!).toBeGreaterThanOrEqual(550);

    await database.db.deleteFrom("mail_outbox").execute();
    for (let index = 0; index < 5; index++) await queue(`langsamer-takt${index}@traeger.example`);
    const slow = worker(scriptedTransport(immediately), { rate: 0.5 });
    const round = slow.runOnce();
    await sleep(100);
    const stopBegan = Date.now();
    await slow.stop();
    await round;
    expect(Date.now() - stopBegan).toBeLessThan(1000);
    const rows = await database.db.selectFrom("mail_outbox").select(["status"]).execute();
    expect(rows.filter((row) => row.status === "sent")).toHaveLength(1);
    expect(rows.filter((row) => row.status === "queued")).toHaveLength(4);
  });

  it("redacts the stored body once the mail is sent", async () => {
    await queue("geheim@traeger.example");
    await worker(scriptedTransport(immediately)).runOnce();
    const row = await outboxRow("geheim@traeger.example");
    expect(row.text_body).not.toContain("/r/");
    expect(row.html_body).not.toContain("/r/");
  });
});

describe("mail configuration", () => {
  it("reads MAIL_RATE (fractions allowed), MAIL_CONNECTIONS and MAIL_BATCH, with defaults", () => {
    expect(loadConfig({})).toMatchObject({ mailRate: 0, mailConnections: 5, mailBatch: 100 });
    expect(loadConfig({ MAIL_RATE: "0.5", MAIL_CONNECTIONS: "3", MAIL_BATCH: "500" })).toMatchObject({ mailRate: 0.5, mailConnections: 3, mailBatch: 500 });
    expect(() => loadConfig({ MAIL_CONNECTIONS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ MAIL_RATE: "schnell" })).toThrow(/MAIL_RATE/);
  });
});
