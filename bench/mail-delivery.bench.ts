import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { enqueueMails } from "../server/lib/mail-outbox.ts";
import { startMailWorker } from "../server/mailing/mail-worker.ts";
import { smtpTransport } from "../server/mailing/transport.ts";
import { insertInvitations } from "../server/recipients/invitation-links.ts";
import type { Figure } from "./bench-database.ts";
import { surveyWithCanonQuestions } from "./survey-fixture.ts";

const MAILS = 5000;
const CONNECTIONS = 5;
const BATCH = 200;

/**
 * The SMTP sink runs in a child process, so it does not share the worker's event loop (it still
 * shares this machine's two cores). It accepts every mail, remembers its Message-ID, and on any
 * line on stdin answers how many it accepted, how many distinct ids, and how many repeats.
 */
const SINK_SOURCE = `
import { SMTPServer } from "smtp-server";
let accepted = 0, duplicates = 0;
const ids = new Set();
const server = new SMTPServer({
  authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], logger: false, disableReverseLookup: true,
  onData(stream, _session, callback) {
    let head = "";
    stream.on("data", (chunk) => { if (head.length < 8192) head += chunk.toString("latin1"); });
    stream.on("end", () => {
      const id = /^message-id:\\s*(<[^>]+>)/im.exec(head)?.[1] ?? "none";
      if (ids.has(id)) duplicates++;
      ids.add(id);
      accepted++;
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: server.server.address().port }) + "\\n"));
process.stdin.on("data", () => process.stdout.write(JSON.stringify({ accepted, distinct: ids.size, duplicates }) + "\\n"));
`;

async function startSinkProcess() {
  const child = spawn(process.execPath, ["--input-type=module", "-e", SINK_SOURCE], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const { port } = (await next()) as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    async counts(): Promise<{ accepted: number; distinct: number; duplicates: number }> {
      child.stdin.write("?\n");
      return next();
    },
    stop: () => child.kill(),
  };
}

/** A realistic invitation body (German and English, ~2 KB with the HTML part) around a personal link. */
function invitationBodies(index: number, link: string) {
  const text =
    `Guten Tag Einrichtung ${index},\n\nStadt Benchstadt bittet Sie um Ihre Teilnahme an der Umfrage „Netzwerkanalyse 2026“. ` +
    `Bitte antworten Sie bis zum 30.06.2026.\n\nIhr persönlicher Link:\n${link}\n\n` +
    `Ihre Antworten werden beim Ausfüllen automatisch gespeichert. Sie können jederzeit über denselben Link weitermachen, ` +
    `auch von einem anderen Gerät, bis Sie die Antworten absenden.\n\nMit freundlichen Grüßen\nPaula Planerin\nStadt Benchstadt\n\n` +
    `---\nDear Einrichtung ${index},\n\nStadt Benchstadt asks you to take part in the survey "Netzwerkanalyse 2026".\nYour personal link: ${link}\n`;
  const html = `<!doctype html><html><body>${text
    .split("\n\n")
    .map((paragraph) => `<p>${paragraph.replace(link, `<a href="${link}">${link}</a>`).replace(/\n/g, "<br>")}</p>`)
    .join("\n")}</body></html>`;
  return { subject: "Umfrage: Netzwerkanalyse 2026 – Stadt Benchstadt", text, html };
}

/**
 * mail.delivery: 5,000 queued invitation mails delivered by the real worker (claims, leases,
 * batched completion) through the real pooled SMTP transport (5 connections, no rate limit) to an
 * SMTP server in a child process. Checks that every mail arrived exactly once.
 */
export async function mailDeliveryBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const { surveyId, organisationId } = await surveyWithCanonQuestions(db, 5);
  const invitations = await insertInvitations(
    db,
    Array.from({ length: MAILS }, (_, index) => ({ organisationId, surveyId, email: `einrichtung${index}@bench.example`, name: `Einrichtung ${index}` })),
  );
  await enqueueMails(
    db,
    invitations.map((invitation, index) => ({
      organisationId,
      invitationId: invitation.id,
      kind: "invitation" as const,
      to: `"Einrichtung ${index}" <${invitation.email}>`,
      fromName: "Stadt Benchstadt",
      replyTo: "planung@benchstadt.example",
      ...invitationBodies(index, `https://kanon.benchstadt.example/r/${invitation.token}`),
    })),
  );

  const sink = await startSinkProcess();
  const worker = startMailWorker({
    db,
    transport: smtpTransport(sink.url, { connections: CONNECTIONS }),
    from: "Kanon <no-reply@kanon.benchstadt.example>",
    pollMs: 3_600_000,
    batchSize: BATCH,
  });
  try {
    const started = performance.now();
    const handled = await worker.runOnce();
    const seconds = (performance.now() - started) / 1000;
    const counts = await sink.counts();
    if (handled !== MAILS || counts.accepted !== MAILS || counts.distinct !== MAILS || counts.duplicates !== 0) {
      throw new Error(`expected ${MAILS} mails exactly once, got ${JSON.stringify({ handled, ...counts })}`);
    }
    const unsent = await db.selectFrom("mail_outbox").select("id").where("status", "!=", "sent").limit(1).execute();
    if (unsent.length > 0) throw new Error("mail.delivery: not every outbox row is marked sent");
    return [{ bench: "mail.delivery", value: Math.round(MAILS / seconds), unit: "mails/s" }];
  } finally {
    await worker.stop();
    sink.stop();
  }
}
