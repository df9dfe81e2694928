import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { retryDelaySeconds } from "../../server/mailing/mail-worker.ts";
import { smtpTransport } from "../../server/mailing/transport.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * A real SMTP server inside the test process: it receives the mails over a socket, refuses
 * recipients at `refused.example` with 550, and fails the first delivery to `flaky.example`
 * with a temporary 451.
 */
function startSmtpSink() {
  const received: ParsedMail[] = [];
  let flakyFailures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
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
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  return new Promise<{ url: string; received: ParsedMail[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
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
    expect(mail.subject).toBe("Umfrage: INFamilie – Märchensiedlung – Stadt Dortmund");
    expect(mail.text).toContain("Guten Tag Kita Sonnenschein,");
    expect(mail.text).toContain("30.06.2099");
    expect(mail.html).toContain("Zur Umfrage");
    const token = tokenFromMail(mail.text!);
    expect(mail.html).toContain(`http://kanon.test/r/${token}`);
    const opened = await testApp.request("GET", `/api/r/${token}`);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as any).title).toBe("INFamilie – Märchensiedlung");
  });

  it("marks a recipient refused with 550 as failed, with the server's reason, without retrying", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "gibt-es-nicht@refused.example" }] });
    await testApp.mailWorker.runOnce();
    const { invitations } = await planner.json("GET", `/api/surveys/${surveyId}/invitations`);
    const refused = invitations.find((invitation: { email: string }) => invitation.email === "gibt-es-nicht@refused.example");
    expect(refused.status).toBe("failed");
    expect(refused.failureReason).toMatch(/550|Mailbox unavailable/);
    const outbox = await testApp.database.db.selectFrom("mail_outbox").select(["status", "attempts"]).where("to_address", "=", "gibt-es-nicht@refused.example").executeTakeFirstOrThrow();
    expect(outbox).toEqual({ status: "failed", attempts: 1 });
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
    expect(sink.received.filter((mail) => mail.text?.includes("netzwerk@flaky.example") || JSON.stringify(mail.to).includes("flaky"))).toHaveLength(1);
    expect(row.text_body).not.toMatch(/\/r\//);
  });

  it("keeps queued mail across a worker restart (the outbox is durable)", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "nachzuegler@traeger.de" }] });
    await testApp.mailWorker.stop();
    const { startMailWorker } = await import("../../server/mailing/mail-worker.ts");
    const restarted = startMailWorker({ db: testApp.database.db, transport: smtpTransport(sink.url), from: "Kanon <no-reply@kanon.test>", pollMs: 3_600_000 });
    testApp.mailWorker = restarted;
    expect(await restarted.runOnce()).toBe(1);
    expect(sink.received.some((mail) => JSON.stringify(mail.to).includes("nachzuegler@traeger.de"))).toBe(true);
  });
});
