import { request as httpRequest } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, HttpPlanner, requirePostgresOrExplain, startAppProcess, startSmtpSink, tokenIn, waitFor, type AppProcess } from "./fault-support.ts";

/**
 * SIGTERM while a request is half sent and a mail batch is going out: the process stops
 * accepting connections at once, finishes the request under way (200, and the save is stored),
 * lets the sends under way finish and stores their outcome, gives the mails it had claimed but
 * not started back to the queue, closes the database and exits 0, logging as JSON. Started
 * again, it sends the rest: every mail exactly once (a graceful stop leaves no repeat window).
 */
const MAILS = 100;
const enabled = requirePostgresOrExplain("graceful shutdown fault test");

/** Sends the headers and half the body now; `finish()` sends the rest and resolves with status and body. */
function halfSentRequest(url: string, body: string) {
  const target = new URL(url);
  let settle: (value: { status: number; text: string }) => void;
  let fail: (error: Error) => void;
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const request = httpRequest(
    { host: target.hostname, port: target.port, path: target.pathname, method: "PUT", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
    (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => settle({ status: response.statusCode ?? 0, text }));
    },
  );
  request.on("error", (error) => fail(error));
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return {
    finish() {
      request.end(body.slice(half));
      return done;
    },
  };
}

describe.skipIf(!enabled)("graceful shutdown on SIGTERM", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let server: AppProcess | undefined;

  beforeAll(async () => {
    database = await createDatabase();
    sink = await startSmtpSink({ delayMs: 120 });
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await sink?.close();
    await database?.drop();
  });

  it("finishes the request under way, releases unstarted mails, exits 0; nothing lost, nothing twice", { timeout: 240_000 }, async () => {
    const env = { DATABASE_URL: database.url, SMTP_URL: sink.url, MAIL_POLL_MS: "200", MAIL_CONNECTIONS: "2", MAIL_BATCH: "40" };
    server = await startAppProcess(env);
    const planner = await HttpPlanner.setUp(server.url);
    const surveyId = await planner.openSurvey();
    await planner.json("POST", `/surveys/${surveyId}/invitations`, { recipients: [{ email: "leitung@kita.example", name: "" }] });
    const token = tokenIn((await waitFor("the first invitation", () => sink.received.find((mail) => mail.to === "leitung@kita.example"))).text);
    const addresses = Array.from({ length: MAILS }, (_, index) => `kita${index}@netz.example`);
    await planner.json("POST", `/surveys/${surveyId}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
    await waitFor("the batch under way", () => sink.received.length >= 12, 60_000, 5);

    const save = halfSentRequest(`${server.url}/api/r/${token}/draft`, JSON.stringify({ answers: { "network.name": "Gespeichert beim Herunterfahren" }, baseRevision: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = server.stop("SIGTERM");
    // New connections are refused at once ...
    await waitFor(
      "new connections refused",
      () =>
        fetch(`${server!.url}/api/health`).then(
          () => false,
          () => true,
        ),
      5_000,
      50,
    );
    // ... while the request under way is finished.
    const answered = await save.finish();
    expect(answered.status, answered.text).toBe(200);
    expect(await exit).toBe(0);
    const acceptedBeforeStop = sink.received.length;

    const lines = server.output().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { message: string; signal?: string });
    expect(lines.find((line) => line.message === "shutting down")).toMatchObject({ signal: "SIGTERM" });
    expect(lines.some((line) => line.message === "shut down")).toBe(true);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const response = await client.query<{ answers: Record<string, unknown> }>("select answers from responses");
      expect(response.rows).toEqual([{ answers: { "network.name": "Gespeichert beim Herunterfahren" } }]);
      const outbox = await client.query<{ status: string; claimed: boolean; count: number }>(
        "select status, claim_id is not null as claimed, count(*)::int as count from mail_outbox group by 1, 2 order by 1",
      );
      // Nothing left claimed: sent (every mail the SMTP server accepted) or back in the queue, free for any process.
      expect(outbox.rows.filter((row) => row.status === "sending" || row.claimed)).toEqual([]);
      const sent = outbox.rows.find((row) => row.status === "sent")?.count ?? 0;
      expect(sent).toBe(acceptedBeforeStop);
      expect(sent).toBeLessThan(MAILS + 1);
      const released = await client.query<{ attempts: number }>("select distinct attempts from mail_outbox where status = 'queued'");
      expect(released.rows.map((row) => row.attempts)).toEqual([0]);

      server = await startAppProcess(env);
      await waitFor("an empty outbox", async () => (await client.query("select 1 from mail_outbox where status <> 'sent' limit 1")).rowCount === 0, 120_000, 200);
      const counts = new Map<string, number>();
      for (const mail of sink.received) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
      expect(counts.size).toBe(MAILS + 1);
      expect([...counts].filter(([, count]) => count !== 1)).toEqual([]);
      console.info(`[faults] graceful stop: ${acceptedBeforeStop} of ${MAILS + 1} mails sent before SIGTERM, the rest released and sent after the restart, each exactly once`);
    } finally {
      await client.end();
    }
  });
});
