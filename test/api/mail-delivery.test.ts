import type { AddressInfo } from "node:net";
import { sql, type Kysely } from "kysely";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, migrateToLatest, type DatabaseHandle } from "../../server/db/connection.ts";
import type { Database } from "../../server/db/schema.ts";
import { checkEmailAddress } from "../../server/lib/email-address.ts";
import { enqueueMails } from "../../server/lib/mail-outbox.ts";
import { retryDelaySeconds, startMailWorker, type MailWorker } from "../../server/mailing/mail-worker.ts";
import { smtpTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase, openTestDatabase, postgresUrl } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

interface SinkOptions {
  /** Drops the TCP connection in the middle of DATA (the mail is not accepted) when this says so. */
  dropWhen?: (delivery: { recipient: string; attemptOfRecipient: number; dataCount: number }) => boolean;
}

/**
 * A real SMTP server inside the test process: it receives the mails over a socket and parses
 * them with mailparser, refuses recipients at `refused.example` with 550, fails the first
 * delivery to `flaky.example` with a temporary 451, and can cut connections mid-DATA.
 */
function startSmtpSink(options: SinkOptions = {}) {
  const received: ParsedMail[] = [];
  /** The RCPT TO addresses of each accepted mail (smtp-server shows domains in Unicode). */
  const envelopes: string[][] = [];
  /** The RCPT TO commands as they came over the wire. */
  const rcptCommands: string[] = [];
  const ignore = () => undefined;
  const attemptsByRecipient = new Map<string, number>();
  const counters = { dataCount: 0, dropped: 0 };
  let flakyFailures = 0;
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    // A logger only to see the client's commands as sent (the parsed addresses are decoded).
    logger: {
      trace: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
      fatal: ignore,
      debug: (...args: unknown[]) => {
        const line = args.filter((arg): arg is string => typeof arg === "string").join(" ");
        if (/RCPT TO/i.test(line)) rcptCommands.push(line);
      },
    } as unknown as boolean,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@refused.example")) {
        const error = new Error("5.1.1 Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      if (address.address.endsWith("@flaky.example") && flakyFailures++ === 0) {
        const error = new Error("4.3.0 Try again later") as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const recipient = session.envelope.rcptTo[0]?.address ?? "";
      const attemptOfRecipient = (attemptsByRecipient.get(recipient) ?? 0) + 1;
      attemptsByRecipient.set(recipient, attemptOfRecipient);
      counters.dataCount++;
      if (options.dropWhen?.({ recipient, attemptOfRecipient, dataCount: counters.dataCount })) {
        counters.dropped++;
        // Cut the TCP connection before the message is accepted: the client never gets a reply.
        const connections = (server as unknown as { connections: Set<{ session: { id: string }; _socket: { destroy(): void } }> }).connections;
        for (const connection of connections) if (connection.session.id === session.id) connection._socket.destroy();
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          envelopes.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise<{ url: string; received: ParsedMail[]; envelopes: string[][]; rcptCommands: string[]; counters: typeof counters; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ url: `smtp://127.0.0.1:${port}`, received, envelopes, rcptCommands, counters, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function recipientOf(mail: ParsedMail): string {
  return mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address! : "";
}

/** How often each key occurs. */
function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** An organisation, its planner and an open survey, inserted directly (for tests that drive the worker without HTTP). */
async function surveyFixture(db: Kysely<Database>, name: string) {
  const organisation = await db.insertInto("organisations").values({ name }).returning("id").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email: `planung@${organisation.id}.example`, name: "Paula Planerin", password_hash: "x", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const survey = await db
    .insertInto("surveys")
    .values({ organisation_id: organisation.id, title: "Netzwerkanalyse", intro: "", status: "open", structure: JSON.stringify({ pages: [] }), created_by: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { organisationId: organisation.id, surveyId: survey.id };
}

/** Runs the worker until nothing is queued or sending any more (for retries with zero delay). */
async function deliverAll(db: Kysely<Database>, workers: MailWorker[], rounds = 50): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await Promise.all(workers.map((worker) => worker.runOnce()));
    const open = await db.selectFrom("mail_outbox").select("id").where("status", "in", ["queued", "sending"]).limit(1).execute();
    if (open.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the outbox did not drain");
}

describeEachDatabase("mail delivery over SMTP", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let surveyId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await createTestApp(kind, { transport: smtpTransport(sink.url) });
    ({ planner } = await setUpOrganisation(testApp, "Stadt Dortmund"));
    ({ id: surveyId } = await planner.json("POST", "/api/surveys", { title: "INFamilie – Märchensiedlung" }, 201));
    await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: "network.sphere", version: 1 }], closingDate: "2099-06-30" });
    await planner.json("POST", `/api/surveys/${surveyId}/open`);
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  it("delivers invitations with HTML and text parts, the name and a working personal link", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
      recipients: [{ email: "kita.sonnenschein@traeger.de", name: "Kita Sonnenschein" }],
    });
    await testApp.mailWorker.runOnce();
    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : undefined).toMatchObject({
      address: "kita.sonnenschein@traeger.de",
      name: "Kita Sonnenschein",
    });
    expect(mail.subject).toContain("INFamilie – Märchensiedlung");
    // An institution's name is no person's: the greeting is neutral.
    expect(mail.text!.startsWith("Guten Tag,\n")).toBe(true);
    const token = tokenFromMail(mail.text!);
    expect(mail.html).toContain(`http://kanon.test/r/${token}`);
    const opened = await testApp.request("GET", `/api/r/${token}`);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as any).title).toBe("INFamilie – Märchensiedlung");
  });

  it("delivers to an internationalised domain (ASCII in the SMTP envelope) and writes each mail in its recipient's language only", async () => {
    const before = sink.received.length;
    const { entries } = await planner.json("POST", `/api/surveys/${surveyId}/recipients/check`, {
      text: "Frau Anna Müller <Kontakt@Bürgerverein-Musterstadt.de>",
    });
    expect(entries[0]).toMatchObject({ email: "kontakt@bürgerverein-musterstadt.de", name: "Anna Müller", salutation: "ms", status: "valid", greeting: "Guten Tag Frau Müller," });
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, {
      recipients: [
        { email: entries[0].email, name: entries[0].name, salutation: entries[0].salutation, language: "de" },
        { email: "jane.doe@partner.example", name: "Doe, Jane", salutation: "ms", language: "en" },
      ],
    });
    await testApp.mailWorker.runOnce();
    const delivered = sink.received.slice(before);
    const envelopes = sink.envelopes.slice(before);
    expect(delivered).toHaveLength(2);

    // Over the wire the domain goes in its ASCII (punycode) form, as every mail server takes it.
    expect(sink.rcptCommands.some((line) => line.includes("RCPT TO:<kontakt@xn--brgerverein-musterstadt-cpc.de>"))).toBe(true);
    expect(sink.rcptCommands.some((line) => line.includes("bürgerverein"))).toBe(false);
    const idnIndex = envelopes.findIndex((rcpt) => rcpt[0] === "kontakt@bürgerverein-musterstadt.de");
    expect(idnIndex).toBeGreaterThanOrEqual(0);
    const german = delivered[idnIndex]!;
    // The header carries the address too (mailparser may show it in either form; both are the one address).
    expect(checkEmailAddress(recipientOf(german)).email).toBe("kontakt@bürgerverein-musterstadt.de");
    expect(german.text!.startsWith("Guten Tag Frau Müller,\n\nStadt Dortmund bittet Sie um Ihre Teilnahme")).toBe(true);
    expect(german.text).not.toMatch(/---|Your personal link|asks you|answer by|Kind regards/);
    expect(german.html).not.toMatch(/<hr>|Your personal link/);
    expect(german.subject).toBe("Umfrage: INFamilie – Märchensiedlung – Stadt Dortmund");
    const germanToken = tokenFromMail(german.text!);
    expect(german.text).toContain(`http://kanon.test/r/${germanToken}?lang=de`);
    expect((await testApp.request("GET", `/api/r/${germanToken}`)).status).toBe(200);

    const english = delivered[1 - idnIndex]!;
    expect(envelopes[1 - idnIndex]).toEqual(["jane.doe@partner.example"]);
    expect(english.to && !Array.isArray(english.to) ? english.to.value[0] : undefined).toMatchObject({ address: "jane.doe@partner.example", name: "Jane Doe" });
    expect(english.text!.startsWith("Dear Ms Doe,\n\nStadt Dortmund asks you to take part")).toBe(true);
    expect(english.text).toContain("Please answer by 30 June 2099.");
    expect(english.text).not.toMatch(/Guten Tag|bittet|Ihr persönlicher Link|Grüßen/);
    expect(english.text).toContain(`?lang=en`);

    const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
    const idn = invitations.find((invitation: { email: string }) => invitation.email.includes("rgerverein"));
    expect(idn).toMatchObject({ email: "kontakt@bürgerverein-musterstadt.de", name: "Anna Müller", salutation: "ms", status: "opened" });
  });

  it("marks a recipient refused with 550 as failed, with the server's reason, without retrying", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "gibt-es-nicht@refused.example" }] });
    await testApp.mailWorker.runOnce();
    const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
    const refused = invitations.find((invitation: { email: string }) => invitation.email === "gibt-es-nicht@refused.example");
    expect(refused.status).toBe("failed");
    expect(refused.failureReason).toMatch(/550|Mailbox unavailable/);
    const outbox = await testApp.database.db
      .selectFrom("mail_outbox")
      .select(["status", "attempts", "last_error", "claim_id", "text_body"])
      .where("to_address", "=", "gibt-es-nicht@refused.example")
      .executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({ status: "failed", attempts: 1, claim_id: null });
    expect(outbox.last_error).toMatch(/550/);
    expect(outbox.text_body).not.toMatch(/\/r\//);
  });

  it("retries a temporary failure with backoff and then delivers exactly once", async () => {
    const before = sink.received.length;
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "netzwerk@flaky.example" }] });
    await testApp.mailWorker.runOnce();
    let row = await testApp.database.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", "netzwerk@flaky.example").executeTakeFirstOrThrow();
    expect(row.status).toBe("queued");
    expect(row.last_error).toMatch(/451|Try again/);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + (retryDelaySeconds(1) - 2) * 1000);

    await testApp.mailWorker.runOnce();
    expect(sink.received.length).toBe(before);

    await testApp.database.db.updateTable("mail_outbox").set({ next_attempt_at: new Date(Date.now() - 1000) }).where("id", "=", row.id).execute();
    await testApp.mailWorker.runOnce();
    await testApp.mailWorker.runOnce();
    row = await testApp.database.db.selectFrom("mail_outbox").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect(sink.received.filter((mail) => recipientOf(mail) === "netzwerk@flaky.example")).toHaveLength(1);
    expect(row.text_body).not.toMatch(/\/r\//);
  });

  it("sends as the organisation's sender name at MAIL_FROM's address, with its Reply-To and a stable Message-ID", async () => {
    const db = testApp.database.db;
    await enqueueMails(db, [
      {
        organisationId: planner.organisationId,
        to: "\"Jugendhilfe Nord\" <info@jugendhilfe-nord.example>",
        subject: "Einladung",
        text: "Guten Tag",
        html: "<p>Guten Tag</p>",
        kind: "other",
        fromName: "Stadt Dortmund – Jugendamt, Präventionsplanung",
        replyTo: "praevention@dortmund.example",
      },
      { organisationId: planner.organisationId, to: "ohne-absendername@traeger.example", subject: "Hinweis", text: "Hallo", html: "<p>Hallo</p>" },
    ]);
    await testApp.mailWorker.runOnce();
    const named = sink.received.find((mail) => recipientOf(mail) === "info@jugendhilfe-nord.example")!;
    expect(named.from?.value[0]).toEqual({ name: "Stadt Dortmund – Jugendamt, Präventionsplanung", address: "no-reply@kanon.localhost" });
    expect(named.replyTo?.value[0]?.address).toBe("praevention@dortmund.example");
    const row = await db.selectFrom("mail_outbox").select(["id", "organisation_id"]).where("to_address", "like", "%jugendhilfe-nord%").executeTakeFirstOrThrow();
    expect(named.messageId).toBe(`<outbox-${row.id}.${row.organisation_id}@kanon.localhost>`);

    const plain = sink.received.find((mail) => recipientOf(mail) === "ohne-absendername@traeger.example")!;
    expect(plain.from?.value[0]).toEqual({ name: "Kanon", address: "no-reply@kanon.localhost" });
    expect(plain.replyTo).toBeUndefined();
  });

  it("does not send a scheduled mail before its time", async () => {
    const db = testApp.database.db;
    const notBefore = new Date(Date.now() + 3_600_000);
    await enqueueMails(db, [
      { organisationId: planner.organisationId, to: "spaeter@traeger.example", subject: "Erinnerung", text: "Bitte", html: "<p>Bitte</p>", notBefore },
    ]);
    expect(await testApp.mailWorker.runOnce()).toBe(0);
    const row = await db.selectFrom("mail_outbox").selectAll().where("to_address", "=", "spaeter@traeger.example").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
    expect(row.next_attempt_at.getTime()).toBe(notBefore.getTime());
    expect(sink.received.some((mail) => recipientOf(mail) === "spaeter@traeger.example")).toBe(false);

    await db.updateTable("mail_outbox").set({ next_attempt_at: new Date(Date.now() - 1000) }).where("id", "=", row.id).execute();
    expect(await testApp.mailWorker.runOnce()).toBe(1);
    expect(sink.received.filter((mail) => recipientOf(mail) === "spaeter@traeger.example")).toHaveLength(1);
  });

  it("repeats a mail whose outcome a crash lost with the same Message-ID, so receivers can drop it", async () => {
    const db = testApp.database.db;
    await enqueueMails(db, [{ organisationId: planner.organisationId, to: "absturz@traeger.example", subject: "Einladung", text: "Link", html: "<p>Link</p>" }]);
    await testApp.mailWorker.runOnce();
    // What a crash after the server's "250 OK" and before the outcome was stored leaves behind:
    // the row still claimed, its lease running out.
    await db
      .updateTable("mail_outbox")
      .set({ status: "sending", locked_until: new Date(Date.now() - 1000), claim_id: "00000000-0000-4000-8000-000000000000", text_body: "Link", html_body: "<p>Link</p>" })
      .where("to_address", "=", "absturz@traeger.example")
      .execute();
    await testApp.mailWorker.runOnce();
    const copies = sink.received.filter((mail) => recipientOf(mail) === "absturz@traeger.example");
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
    expect(await db.selectFrom("mail_outbox").select(["status", "attempts"]).where("to_address", "=", "absturz@traeger.example").executeTakeFirstOrThrow()).toEqual({
      status: "sent",
      attempts: 2,
    });
  });

  it("keeps queued mail across a worker restart (the outbox is durable)", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "nachzuegler@traeger.de" }] });
    await testApp.mailWorker.stop();
    const restarted = startMailWorker({ db: testApp.database.db, transport: smtpTransport(sink.url), from: "Kanon <no-reply@kanon.test>", pollMs: 3_600_000 });
    testApp.mailWorker = restarted;
    expect(await restarted.runOnce()).toBe(1);
    expect(sink.received.some((mail) => recipientOf(mail) === "nachzuegler@traeger.de")).toBe(true);
  });
});

describeEachDatabase("mail delivery when the SMTP server drops connections", (kind) => {
  let database: DatabaseHandle;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    // Every 4th DATA is cut off, and mails to "stubborn…" lose their first 7 connections: more than
    // the SMTP pool re-sends on its own, so the outbox has to retry them as well.
    sink = await startSmtpSink({
      dropWhen: ({ recipient, attemptOfRecipient, dataCount }) =>
        dataCount % 4 === 0 || (recipient.startsWith("stubborn") && attemptOfRecipient <= 7),
    });
    database = await openTestDatabase(kind);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.close();
    await sink.close();
  });

  it("retries and delivers every mail exactly once", async () => {
    const { db } = database;
    const { organisationId, surveyId } = await surveyFixture(db, "Stadt Hagen");
    const emails = Array.from({ length: 60 }, (_, index) => (index % 20 === 0 ? `stubborn${index}@traeger.example` : `kita${index}@traeger.example`));
    const invitations = await db
      .insertInto("invitations")
      .values(emails.map((email) => ({ organisation_id: organisationId, survey_id: surveyId, email, name: "" })))
      .returning(["id", "email"])
      .execute();
    await enqueueMails(
      db,
      invitations.map((invitation) => ({
        organisationId,
        invitationId: invitation.id,
        kind: "invitation" as const,
        to: invitation.email,
        subject: "Einladung",
        text: `Link für ${invitation.email}`,
        html: "<p>Link</p>",
      })),
    );
    const worker = startMailWorker({
      db,
      transport: smtpTransport(sink.url, { connections: 3 }),
      from: "Kanon <no-reply@kanon.test>",
      pollMs: 3_600_000,
      batchSize: 10,
      retryDelaySeconds: () => 0,
    });
    try {
      await deliverAll(db, [worker]);
    } finally {
      await worker.stop();
    }

    expect(sink.counters.dropped).toBeGreaterThan(10);
    const byMessageId = tally(sink.received.map((mail) => mail.messageId ?? "none"));
    expect(byMessageId.size).toBe(60);
    expect([...byMessageId.values()].every((count) => count === 1)).toBe(true);
    const byRecipient = tally(sink.received.map(recipientOf));
    expect([...byRecipient.keys()].sort()).toEqual([...emails].sort());
    expect([...byRecipient.values()].every((count) => count === 1)).toBe(true);

    const rows = await db.selectFrom("mail_outbox").select(["status", "attempts", "to_address"]).execute();
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    // The stubborn ones outlasted the pool's own re-sends and were retried by the outbox.
    expect(rows.filter((row) => row.to_address.startsWith("stubborn")).every((row) => row.attempts >= 2)).toBe(true);
    const statuses = await db.selectFrom("invitations").select("mail_status").where("survey_id", "=", surveyId).execute();
    expect(statuses.every((row) => row.mail_status === "sent")).toBe(true);
  });
});

if (!postgresUrl) console.warn("[kanon] TEST_DATABASE_URL is not set: the two-workers-on-one-PostgreSQL test is skipped.");

describe.skipIf(!postgresUrl)("two mail workers on one PostgreSQL", () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    first = await openTestDatabase("postgres");
    await migrateToLatest(first.db);
    // A second pool on the same database, as a second app process would have.
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(first.db);
    const url = new URL(postgresUrl!);
    url.pathname = `/${rows[0]!.name}`;
    second = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await sink.close();
  });

  it("deliver 500 mails exactly once between them", async () => {
    const { organisationId, surveyId } = await surveyFixture(first.db, "Stadt Wuppertal");
    const emails = Array.from({ length: 500 }, (_, index) => `einrichtung${index}@traeger.example`);
    const invitations = await first.db
      .insertInto("invitations")
      .values(emails.map((email) => ({ organisation_id: organisationId, survey_id: surveyId, email, name: "" })))
      .returning(["id", "email"])
      .execute();
    await enqueueMails(
      first.db,
      invitations.map((invitation) => ({
        organisationId,
        invitationId: invitation.id,
        kind: "invitation" as const,
        to: invitation.email,
        subject: "Einladung",
        text: "Ihr Link",
        html: "<p>Ihr Link</p>",
      })),
    );
    const workerOf = (database: DatabaseHandle) =>
      startMailWorker({
        db: database.db,
        transport: smtpTransport(sink.url, { connections: 3 }),
        from: "Kanon <no-reply@kanon.test>",
        pollMs: 3_600_000,
        batchSize: 20,
      });
    const workers = [workerOf(first), workerOf(second)];
    let handled: number[] = [];
    try {
      handled = await Promise.all(workers.map((worker) => worker.runOnce()));
      await deliverAll(first.db, workers);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }

    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    expect(sink.received).toHaveLength(500);
    const byMessageId = tally(sink.received.map((mail) => mail.messageId ?? "none"));
    expect(byMessageId.size).toBe(500);
    expect([...tally(sink.received.map(recipientOf)).keys()].sort()).toEqual([...emails].sort());
    const outbox = await first.db.selectFrom("mail_outbox").select(["status", "attempts"]).execute();
    expect(outbox.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const sent = await first.db.selectFrom("invitations").select("mail_status").where("survey_id", "=", surveyId).execute();
    expect(sent.every((row) => row.mail_status === "sent")).toBe(true);
  });
});
