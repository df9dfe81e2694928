import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { insertInvitations } from "../server/recipients/invitation-links.ts";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { percentile, runConcurrently, type Figure } from "./bench-database.ts";
import { answerFor, surveyWithCanonQuestions } from "./survey-fixture.ts";

const RESPONDENTS = 3000;
const CONCURRENCY = 32;

/**
 * respond.submit: respondents submitting a ~30-question answer document through the real
 * HTTP handler (token lookup, validation, optimistic write), 32 at a time.
 */
export async function respondSubmitBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const { surveyId, organisationId, questions } = await surveyWithCanonQuestions(db, 30);
  const invitations = await insertInvitations(
    db,
    Array.from({ length: RESPONDENTS }, (_, index) => ({
      organisationId,
      surveyId,
      email: `respondent${index}@bench.example`,
      name: "",
      mailStatus: "sent" as const,
    })),
  );
  const tokens = invitations.map((invitation) => invitation.token);
  const app = createApp({
    db,
    databaseKind: database.kind,
    config: loadConfig({ LOG_LEVEL: "silent" }),
    devMailbox: true,
    wakeMailWorker: () => {},
  });

  const started = performance.now();
  const latencies = await runConcurrently(RESPONDENTS, CONCURRENCY, async (index) => {
    const response = await app.request(`http://bench.local/api/r/${tokens[index]}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answers: answerFor(questions, index), page: 0, baseRevision: 0 }),
    });
    if (response.status !== 200) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const stored = await db.selectFrom("responses").select(db.fn.countAll<number>().as("count")).where("status", "=", "submitted").executeTakeFirstOrThrow();
  if (Number(stored.count) !== RESPONDENTS) throw new Error(`expected ${RESPONDENTS} submitted responses, found ${stored.count}`);
  return [
    { bench: "respond.submit", value: Math.round(RESPONDENTS / seconds), unit: "responses/s" },
    { bench: "respond.submit.p99", value: Number(percentile(latencies, 0.99).toFixed(1)), unit: "ms" },
  ];
}
