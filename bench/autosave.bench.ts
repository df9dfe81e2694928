import { createApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import type { DatabaseHandle } from "../server/db/connection.ts";
import { insertInvitations } from "../server/recipients/invitation-links.ts";
import { percentile, type Figure } from "./bench-database.ts";
import { answerFor, surveyWithCanonQuestions } from "./survey-fixture.ts";

const RESPONDENTS = 64;
const SAVES_EACH = 150;

/**
 * autosave: 64 respondents, each saving a realistic 30-question answer document 150 times in a
 * row through the HTTP handler (each save based on the revision the previous one returned),
 * all at once. Reports saves per second and the 99th-percentile latency of one save.
 */
export async function autosaveBench(database: DatabaseHandle): Promise<Figure[]> {
  const { db } = database;
  const { surveyId, organisationId, questions } = await surveyWithCanonQuestions(db, 30);
  const invitations = await insertInvitations(
    db,
    Array.from({ length: RESPONDENTS }, (_, index) => ({
      organisationId,
      surveyId,
      email: `autosave${index}@bench.example`,
      name: "",
      mailStatus: "sent" as const,
    })),
  );
  const tokens = invitations.map((invitation) => invitation.token);
  const app = createApp({ db, databaseKind: database.kind, config: loadConfig({ LOG_LEVEL: "silent" }), devMailbox: true, wakeMailWorker: () => {} });

  // Answer documents are made before the clock starts, so the figure is the server's work.
  const documents = tokens.map((_, respondent) =>
    Array.from({ length: SAVES_EACH }, (_, save) => answerFor(questions, respondent * 1000 + save)),
  );
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, respondent) => {
      let revision = 0;
      for (let save = 0; save < SAVES_EACH; save++) {
        const body = JSON.stringify({ answers: documents[respondent]![save], page: save % 3, baseRevision: revision });
        const begin = performance.now();
        const response = await app.request(`http://bench.local/api/r/${token}/draft`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body,
        });
        latencies.push(performance.now() - begin);
        if (response.status !== 200) throw new Error(`save failed: ${response.status} ${await response.text()}`);
        revision = ((await response.json()) as { revision: number }).revision;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const saves = RESPONDENTS * SAVES_EACH;
  const check = await db.selectFrom("responses").select(["revision"]).where("survey_id", "=", surveyId).execute();
  if (check.length !== RESPONDENTS || check.some((row) => row.revision !== SAVES_EACH)) throw new Error("autosave lost a save");
  return [
    { bench: "autosave.throughput", value: Math.round(saves / seconds), unit: "saves/s" },
    { bench: "autosave.p99", value: Number(percentile(latencies, 0.99).toFixed(1)), unit: "ms" },
  ];
}
